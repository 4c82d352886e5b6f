using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Audit;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Reports;
using Portal.Features.Retention;
using Portal.Features.Review;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Retention;

// The purge on a real SQLite file, with the clock moved by hand: what is past retention goes (a closed case's identity
// and attachments, a decided report's reporter, an exited household's ID and phone numbers), what is not stays, the
// hashes stay, each batch is one purge event in an intact chain, and a second round changes nothing.
public abstract class RetentionPurgeTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private const string Name = "欧阳春花";
    private const string Phone = "13912345678";

    private readonly TestDatabase database = TEngine.Create();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RetentionPurge Purge => database.Services.GetRequiredService<RetentionPurge>();

    private string AttachmentsFolder => database.AttachmentsPath;

    public async ValueTask InitializeAsync() => await database.SeedAsync(1000, staff: true);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<StaffActor> ActorAsync(string user) => (await database.Staff.FindAsync(user, Ct))!.Actor;

    // A named objection with a photo on a Guihua announcement, rejected by the township and closed once the appeal window
    // has passed (60 days on). Returns its id and receipt.
    private async Task<(long Id, string Receipt)> ClosedNamedCaseAsync()
    {
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var photo = new IncomingFile("我家门口.png", ObjectionTestKit.Png.Length, () => new MemoryStream(ObjectionTestKit.Png));
        var filed = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.WronglyIncluded,
            ObjectionTestKit.UniqueText("保存期限"), false, Name, Phone, "同村村民", true, [photo]), null, Ct);
        Assert.Empty(filed.Errors);
        var id = filed.Accepted!.Id;
        var reviewer = await ActorAsync("yuxi.reviewer");
        var rejected = await database.Review.ActAsync(id, (await database.Objections.GetAsync(id, Ct))!.Concurrency, ReviewAction.Reject, reviewer,
            "不属于本次公示范围。", ct: Ct);
        Assert.True(rejected.IsAllowed, rejected.Rule);
        database.Clock.Advance(TimeSpan.FromDays(60));
        await database.Review.CloseExpiredAsync(Ct);
        Assert.Equal(ObjectionState.Closed, (await database.Objections.GetAsync(id, Ct))!.State);
        return (id, filed.Accepted.Receipt);
    }

    private async Task<T?> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.ExecuteScalarAsync<T>(sql, args);
    }

    private async Task<(string? Cipher, string TextHash, string ReceiptHash, DateTime? PurgedUtc)> CaseColumnsAsync(long id)
    {
        await using var c = await database.Db.OpenAsync(Ct);
        return await c.QuerySingleAsync<(string?, string, string, DateTime?)>(
            "SELECT IdentityCipher, TextHash, ReceiptHash, IdentityPurgedUtc FROM Objection WHERE Id = @id", new { id });
    }

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string kind) => (await database.Audit.SearchAsync(new AuditQuery(Kind: kind), Ct)).Items;

    [Fact]
    public async Task Purge_ThreeYearsAfterTheCaseClosed_DeletesTheIdentityAndAttachments_KeepsTheHashes_AuditsIt_AndASecondRoundChangesNothing()
    {
        var (id, receipt) = await ClosedNamedCaseAsync();
        await Purge.RunAsync(Ct);
        var closedUtc = (await database.Objections.GetAsync(id, Ct))!.ClosedUtc!.Value;
        var before = await CaseColumnsAsync(id);
        var stored = Assert.Single(await database.Objections.AttachmentsAsync(id, Ct));
        Assert.True(File.Exists(Path.Combine(AttachmentsFolder, stored.StoredName)));

        // A day short of three years: still kept.
        database.Clock.SetUtcNow(new DateTimeOffset(closedUtc, TimeSpan.Zero).AddYears(3).AddDays(-1));
        Assert.Equal(0, (await Purge.RunAsync(Ct)).Cases);
        Assert.NotNull((await CaseColumnsAsync(id)).Cipher);

        database.Clock.SetUtcNow(new DateTimeOffset(closedUtc, TimeSpan.Zero).AddYears(3).AddDays(1));
        var round = await Purge.RunAsync(Ct);

        Assert.Equal((1, 1), (round.Cases, round.Attachments));
        var after = await CaseColumnsAsync(id);
        Assert.Null(after.Cipher);
        Assert.NotNull(after.PurgedUtc);
        Assert.Equal((before.TextHash, before.ReceiptHash), (after.TextHash, after.ReceiptHash));
        Assert.Empty(await database.Objections.AttachmentsAsync(id, Ct));
        Assert.False(File.Exists(Path.Combine(AttachmentsFolder, stored.StoredName)));
        // The inspector finds nothing to reveal, and is told why; the complainant still finds the case by the receipt.
        var refused = await database.Services.GetRequiredService<IdentityReveals>().AskAsync(id, "核查是否打击报复", await ActorAsync("inspector"), Ct);
        Assert.False(refused.IsAllowed);
        Assert.Equal("Review.IdentityPurged", refused.Rule);
        Assert.Equal(Portal.Infrastructure.ShanghaiTime.FormatDate(after.PurgedUtc!.Value), refused.Args.Single());
        Assert.Equal(id, (await database.Intake.TrackAsync(receipt, Ct))!.Id);
        // One purge event naming the case, never the person.
        var purge = Assert.Single(await EventsAsync("CaseIdentitiesPurged"));
        var caseNumber = (await database.Objections.GetAsync(id, Ct))!.CaseNumber!;
        Assert.Contains(caseNumber, purge.Data);
        Assert.DoesNotContain(Name, purge.Data + purge.Subject);
        Assert.DoesNotContain(Phone, purge.Data + purge.Subject);
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);

        var length = (await database.Audit.HeadAsync(Ct)).Length;
        database.Clock.Advance(TimeSpan.FromDays(1));
        Assert.False((await Purge.RunAsync(Ct)).Any);
        Assert.Equal(length, (await database.Audit.HeadAsync(Ct)).Length);
        Assert.Equal(after, await CaseColumnsAsync(id));
    }

    [Fact]
    public async Task Purge_OpenCaseOrAnonymousCaseWithoutAttachments_HasNothingToDelete()
    {
        var open = (await database.Announcements.OpenNowAsync(Ct)).First(a => a.RegionCode == DemoDistrict.Townships[0].Villages[0].Code);
        var named = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Other,
            ObjectionTestKit.UniqueText("未办结"), false, Name, Phone, "本人", true, []), null, Ct);
        var anonymous = await database.Intake.SubmitAsync(new ObjectionSubmission(open.Id, null, ObjectionCategory.Other,
            ObjectionTestKit.UniqueText("匿名"), true, null, null, null, true, []), null, Ct);
        var reviewer = await ActorAsync("yuxi.reviewer");
        var id = anonymous.Accepted!.Id;
        Assert.True((await database.Review.ActAsync(id, (await database.Objections.GetAsync(id, Ct))!.Concurrency, ReviewAction.Reject, reviewer,
            "不属于本次公示范围。", ct: Ct)).IsAllowed);
        database.Clock.Advance(TimeSpan.FromDays(60));
        await database.Review.CloseExpiredAsync(Ct);
        database.Clock.Advance(TimeSpan.FromDays(365 * 10));

        Assert.Equal(0, (await Purge.RunAsync(Ct)).Cases);

        Assert.NotNull((await CaseColumnsAsync(named.Accepted!.Id)).Cipher);
        Assert.Null((await CaseColumnsAsync(id)).PurgedUtc);
        Assert.Empty(await EventsAsync("CaseIdentitiesPurged"));
    }

    [Fact]
    public async Task Purge_ThreeYearsAfterAReportWasDecided_DeletesTheReportersNameAndPhone()
    {
        var village = DemoDistrict.Townships[0].Villages[0].Code;
        var intake = database.Services.GetRequiredService<ReportIntake>();
        var reports = database.Services.GetRequiredService<ReportStore>();
        var filed = await intake.SubmitAsync(new ReportSubmission(village, ReportKind.SelfReport, Name, "家里房子垮了一半，现在借住在亲戚家，希望核实。",
            false, Name, Phone, true), null, Ct);
        Assert.Empty(filed.Errors);
        var id = filed.Accepted!.Id;
        var reviewer = await ActorAsync("yuxi.reviewer");
        Assert.True((await reports.ActAsync(id, (await reports.GetAsync(id, reviewer, Ct))!.Report.Concurrency, ReportAction.Visit, reviewer, "已入户。", ct: Ct)).IsAllowed);
        Assert.True((await reports.ActAsync(id, (await reports.GetAsync(id, reviewer, Ct))!.Report.Concurrency, ReportAction.Refuse, reviewer,
            "经入户核实，房屋已修缮，暂不纳入。", ct: Ct)).IsAllowed);

        database.Clock.Advance(TimeSpan.FromDays(365 * 3 - 2));
        Assert.Equal(0, (await Purge.RunAsync(Ct)).Reports);
        database.Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(1, (await Purge.RunAsync(Ct)).Reports);

        Assert.Null(await ScalarAsync<string?>("SELECT IdentityCipher FROM Report WHERE Id = @id", new { id }));
        Assert.NotNull((await reports.GetAsync(id, reviewer, Ct))!.Report.IdentityPurgedUtc);
        var purge = Assert.Single(await EventsAsync("ReportIdentitiesPurged"));
        Assert.Contains(filed.Accepted.CaseNumber, purge.Data);
        Assert.DoesNotContain(Phone, purge.Data);
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);
        Assert.False((await Purge.RunAsync(Ct)).Any);
    }

    // The seeded district's households that came in already exited left at the end of their exit year: one that exited
    // in 2021 keeps its numbers until five years after 2021-12-31 24:00 (Shanghai), then only its keyed hash is left, and
    // the ID number still finds it.
    [Fact]
    public async Task Purge_FiveYearsAfterAHouseholdLeft_DeletesItsIdAndPhoneNumbers_TheHashStillFindsIt()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        var exited = await c.QueryFirstAsync<(long Id, string Cipher, string Hash, DateTime Left)>("""
            SELECT Id, IdNumberCipher, IdNumberHash, LeftProgrammeUtc FROM Household
             WHERE Status = 'Exited' AND ExitYear = 2021 AND PhoneCipher IS NOT NULL
               AND Id NOT IN (SELECT HouseholdId FROM MonitoringCase) ORDER BY Id
            """);
        Assert.Equal(new DateTime(2021, 12, 31, 16, 0, 0), exited.Left);
        var idNumber = database.Protector.Unprotect(exited.Cipher);
        var identified = await c.ExecuteScalarAsync<long>("SELECT Id FROM Household WHERE Status = 'Identified' ORDER BY Id LIMIT 1");
        var monitored = await c.ExecuteScalarAsync<long>("""
            SELECT h.Id FROM Household h JOIN MonitoringCase m ON m.HouseholdId = h.Id
             WHERE h.Status = 'Exited' AND h.ExitYear <= 2021 AND m.Status IN ('Proposed', 'Monitored') ORDER BY h.Id LIMIT 1
            """);
        Assert.NotEqual(0, monitored);
        // Exits of 2020 and before are already five years past on 2026-11-28.
        Assert.True((await Purge.RunAsync(Ct)).Households > 0);
        Assert.NotNull(await ScalarAsync<string?>("SELECT IdNumberCipher FROM Household WHERE Id = @id", new { id = exited.Id }));

        database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 31, 16, 0, 1, TimeSpan.Zero));
        var round = await Purge.RunAsync(Ct);

        Assert.True(round.Households > 0);
        var after = await c.QuerySingleAsync<(string? Cipher, string? Phone, string Hash, DateTime? Purged)>(
            "SELECT IdNumberCipher, PhoneCipher, IdNumberHash, IdNumberPurgedUtc FROM Household WHERE Id = @id", new { id = exited.Id });
        Assert.Equal((null, null, exited.Hash), (after.Cipher, after.Phone, after.Hash));
        Assert.Equal(new DateTime(2026, 12, 31, 16, 0, 1), after.Purged);
        Assert.Equal(exited.Id, await database.Households.FindByIdNumberAsync(idNumber, Ct));
        // In the programme, or under monitoring: kept.
        Assert.NotNull(await ScalarAsync<string?>("SELECT IdNumberCipher FROM Household WHERE Id = @id", new { id = identified }));
        Assert.NotNull(await ScalarAsync<string?>("SELECT IdNumberCipher FROM Household WHERE Id = @id", new { id = monitored }));
        var events = await EventsAsync("HouseholdIdNumbersPurged");
        Assert.Equal(2, events.Count);
        Assert.Contains(events, e => e.Data.Contains($"{exited.Id}", StringComparison.Ordinal) && e.Data.Contains("\"leftBefore\":\"2022-01-01\"", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Data.Contains(idNumber, StringComparison.Ordinal));
        Assert.True((await database.Audit.VerifyAsync(Ct)).IsIntact);

        var length = (await database.Audit.HeadAsync(Ct)).Length;
        Assert.False((await Purge.RunAsync(Ct)).Any);
        Assert.Equal(length, (await database.Audit.HeadAsync(Ct)).Length);
    }

    // The notice that moves a household out starts its retention; one that brings it back stops it.
    [Fact]
    public async Task StatusChange_ToExited_RecordsWhenItLeft_BackToReturned_ClearsIt()
    {
        await using var c = await database.Db.OpenAsync(Ct);
        var household = await c.ExecuteScalarAsync<long>("SELECT Id FROM Household WHERE Status = 'Identified' ORDER BY Id LIMIT 1");
        var announcement = await c.ExecuteScalarAsync<long>("SELECT Id FROM Announcement ORDER BY Id LIMIT 1");
        var now = database.Clock.GetUtcNow();
        Assert.Null(await c.ExecuteScalarAsync<DateTime?>("SELECT LeftProgrammeUtc FROM Household WHERE Id = @household", new { household }));

        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            Assert.True(await HouseholdStore.ChangeStatusAsync(c, tx, household, HouseholdStatus.Identified, HouseholdStatus.Exited, announcement, 2026, now, Ct));
            await tx.CommitAsync(Ct);
        }
        Assert.Equal(now.UtcDateTime, await c.ExecuteScalarAsync<DateTime?>("SELECT LeftProgrammeUtc FROM Household WHERE Id = @household", new { household }));

        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            Assert.True(await HouseholdStore.ChangeStatusAsync(c, tx, household, HouseholdStatus.Exited, HouseholdStatus.Returned, announcement, 2027, now.AddYears(1), Ct));
            await tx.CommitAsync(Ct);
        }
        Assert.Null(await c.ExecuteScalarAsync<DateTime?>("SELECT LeftProgrammeUtc FROM Household WHERE Id = @household", new { household }));
    }
}

public sealed class SqliteRetentionPurgeTests : RetentionPurgeTests<SqliteEngine>;

public sealed class PostgreSqlRetentionPurgeTests : RetentionPurgeTests<PostgreSqlEngine>;

public sealed class SqlServerRetentionPurgeTests : RetentionPurgeTests<SqlServerEngine>;
