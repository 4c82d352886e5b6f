using System.Reflection;
using System.Text.RegularExpressions;
using Portal.Features.Announcements;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Data;

// One owner per table: across every feature each table is written by exactly one class, and every other class that
// changes it goes through that class inside its own transaction.
public sealed partial class TableOwnerTests
{
    private static readonly string[] Areas = ["Portal.Features", "Portal.Infrastructure"];

    private static readonly DbConnectionFactory SqlServer = new(DatabaseProvider.SqlServer, "Server=unused;Database=unused");

    [GeneratedRegex(@"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE(?:\s+INTO)?)\s+(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex Write();

    private static bool InAreas(Type t) => Areas.Any(a => t.Namespace == a || t.Namespace?.StartsWith(a + ".", StringComparison.Ordinal) == true);

    private static Type Outermost(Type t) => t.DeclaringType is { } outer ? Outermost(outer) : t;

    // Every SQL text of the areas' classes: their string constants, and the stores' statements built from the dialect.
    private static IEnumerable<(string Class, string Sql)> Statements()
    {
        var types = typeof(Program).Assembly.GetTypes().Where(InAreas).ToList();
        var constants = types.SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (Outermost(t).Name, (string)f.GetRawConstantValue()!)));
        var names = types.Select(t => t.Name).ToHashSet();
        var built = IssuedStatements.For(SqlServer).Select(s => (Class: s.Source.Split('.')[0], s.Sql)).Where(s => names.Contains(s.Class));
        return constants.Concat(built);
    }

    [Fact]
    public void EveryTable_IsWrittenByOneClass()
    {
        var writers = Statements()
            .SelectMany(s => Write().Matches(s.Sql).Select(m => (Table: m.Groups[1].Value, s.Class)))
            .Where(w => !w.Table.Equals("SET", StringComparison.OrdinalIgnoreCase))
            .GroupBy(w => w.Table)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(w => w.Class).Distinct().Order()));

        Assert.Equal(new SortedDictionary<string, string>
        {
            ["Announcement"] = "AnnouncementStore",
            ["AnnouncementDrop"] = "AnnouncementStore",
            ["AnnouncementEntry"] = "AnnouncementStore",
            ["EntryNameGram"] = "AnnouncementStore",
            ["HouseholdNameGram"] = "HouseholdStore",
            ["AddressEvent"] = "AddressCounter",
            ["AssistanceMeasure"] = "AssistanceStore",
            ["AuditEvent"] = "AuditLog",
            ["AuditHead"] = "AuditLog",
            ["AuditVerified"] = "AuditLog",
            ["Cadre"] = "CadreStore",
            ["CalendarDay"] = "CalendarStore",
            ["CaseFollowUp"] = "FollowUpStore",
            ["CalendarYear"] = "CalendarStore",
            ["ConflictDeclaration"] = "ConflictDeclarations",
            ["DataProtectionKey"] = "DatabaseXmlRepository",
            ["PortalKey"] = "DatabaseHashKey",
            ["JobLease"] = "JobLeases",
            ["PublicChange"] = "PublicPageCache",
            ["DeadlineExtension"] = "DeadlineExtensions",
            ["Household"] = "HouseholdStore",
            ["IdentityRevealRequest"] = "IdentityReveals",
            ["IdentityRevealView"] = "IdentityReveals",
            ["HouseholdStatusChange"] = "HouseholdStore",
            ["MonitoringCase"] = "MonitoringStore",
            ["MonitoringStatusChange"] = "MonitoringStore",
            ["Objection"] = "ObjectionStore",
            ["ObjectionAttachment"] = "ObjectionStore",
            ["ObjectionEvent"] = "ObjectionStore",
            ["Project"] = "AssistanceStore",
            ["Recusal"] = "ReviewStore",
            ["Region"] = "RegionStore",
            ["ReplyTemplate"] = "ReplyTemplates",
            ["Report"] = "ReportStore",
            ["ReportEvent"] = "ReportStore",
            ["SchemaVersion"] = "Migrator",
            ["SignInAttempt"] = "SignInThrottle",
            ["StaffRecoveryCode"] = "TwoFactorStore",
            ["StaffSession"] = "StaffSessions",
            ["StaffTwoFactor"] = "TwoFactorStore",
            ["StaffUser"] = "StaffUserStore",
        }, new SortedDictionary<string, string>(writers));
    }

    // The store keeps the announcement's own tables; what it copies from households and projects the snapshot reader reads.
    [Fact]
    public void AnnouncementStore_LeavesTheSnapshotReadsToTheReader()
    {
        var store = Statements().Where(s => s.Class == nameof(AnnouncementStore)).Select(s => s.Sql).ToList();
        var reader = Statements().Where(s => s.Class == nameof(EntrySnapshotReader)).Select(s => s.Sql).ToList();

        Assert.NotEmpty(store);
        foreach (var table in new[] { "Project", "AssistanceMeasure", "Cadre" })
        {
            Assert.DoesNotContain(store, sql => Regex.IsMatch(sql, $@"\b(FROM|JOIN)\s+{table}\b"));
            Assert.Contains(reader, sql => Regex.IsMatch(sql, $@"\b(FROM|JOIN)\s+{table}\b"));
        }
        Assert.DoesNotContain(store, sql => sql.Contains("h.HeadName", StringComparison.Ordinal));
    }
}
