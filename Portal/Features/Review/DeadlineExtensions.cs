using System.Data.Common;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Features.Calendar;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Review;

// The one writer of DeadlineExtension: a reviewer who may act on the case extends one of its open deadlines once,
// with a reason the complainant reads. ExtensionRules decides; the UNIQUE (ObjectionId, Deadline) keeps it to one
// even when two reviewers ask at once, and the insert happens only while the case is as it was read. Audited
// ("DeadlineExtended": case, deadline, new date, reason; never who complained). The readers below give every list
// (workbench, statistics) its extensions in one query.
public sealed class DeadlineExtensions(DbConnectionFactory db, ReviewStore cases, ExtensionRules rules, CalendarStore calendar, AuditLog audit,
    TimeProvider clock, PublicPageCache? cache = null) : ITrackedExtensions
{
    private const string InsertIfUnchanged = """
        INSERT INTO DeadlineExtension (ObjectionId, Deadline, ExtendedTo, Reason, Actor, CreatedUtc)
        SELECT Id, @deadline, @extendedTo, @reason, @actor, @now
          FROM Objection
         WHERE Id = @id
           AND Concurrency = @concurrency
        """;

    // Static, as ForCasesAsync is: one text for the dialects that expand IN @ids, one for PostgreSQL's = ANY.
    private static readonly string SelectForCases = SelectForCasesIn(SqlDialect.Sqlite);

    private static readonly string SelectForCasesPostgreSql = SelectForCasesIn(SqlDialect.PostgreSql);

    private static string SelectForCasesIn(SqlDialect dialect) => $"""
        SELECT ObjectionId, Deadline, ExtendedTo, Reason, Actor, CreatedUtc
          FROM DeadlineExtension
         WHERE {dialect.In("ObjectionId", "ids")}
         ORDER BY ObjectionId, Deadline
        """;

    private const string SelectAll = """
        SELECT ObjectionId, Deadline, ExtendedTo, Reason, Actor, CreatedUtc
          FROM DeadlineExtension
         ORDER BY ObjectionId, Deadline
        """;

    // SQL Server takes at most 2,100 parameters in one statement.
    private const int Chunk = 1000;

    public ExtensionRules Rules => rules;

    public async Task<RuleResult> ExtendAsync(long id, CaseDeadline deadline, DateOnly? extendedTo, string? reason, StaffActor actor,
        CancellationToken ct = default)
    {
        var view = await cases.GetAsync(id, actor, ct);
        if (view is null) return RuleResult.Refuse("Review.NotFound");
        var now = clock.GetUtcNow();
        var workingDays = await calendar.CurrentAsync(ct);
        var allowed = rules.Check(workingDays, view.Case, deadline, actor, view.Ties, view.Extensions, extendedTo, reason, ShanghaiTime.Today(now));
        if (!allowed.IsAllowed) return allowed;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var args = new
        {
            id, concurrency = view.Case.Concurrency, deadline = deadline.ToString(), extendedTo = extendedTo!.Value, reason = reason!.Trim(),
            actor = actor.UserName, now = now.UtcDateTime,
        };
        try
        {
            if (await c.ExecuteAsync(new CommandDefinition(InsertIfUnchanged, args, tx, cancellationToken: ct)) == 0)
                return RuleResult.Refuse("Review.ChangedMeanwhile");
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            return RuleResult.RefuseField("deadline", "Extensions.AlreadyExtended");
        }
        await audit.AppendAsync(c, tx, "DeadlineExtended", actor.UserName, $"objection:{view.Case.CaseNumber}",
            new { deadline = args.deadline, extendedTo = args.extendedTo.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), reason = args.reason }, ct);
        await tx.CommitAsync(ct);
        // The public overdue counts read the extended dates.
        if (cache is not null) await cache.ChangedAsync(ct);
        return RuleResult.Allowed;
    }

    public async Task<CaseExtensions> ForCaseAsync(long objectionId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await ForCasesAsync(c, db.Dialect, [objectionId], ct)).GetValueOrDefault(objectionId, CaseExtensions.None);
    }

    public async Task<IReadOnlyList<TrackedExtension>> ForTrackAsync(long objectionId, CancellationToken ct = default) =>
        ForTrack(await ForCaseAsync(objectionId, ct));

    // The extensions as the complainant reads them (/track and its API), the reasons masked (FreeTextMask).
    public static IReadOnlyList<TrackedExtension> ForTrack(CaseExtensions extensions) =>
        [.. extensions.All.Select(e => new TrackedExtension(e.Deadline.ToString(), e.ExtendedTo, FreeTextMask.Mask(e.Reason)))];

    public static async Task<IReadOnlyDictionary<long, CaseExtensions>> ForCasesAsync(DbConnection c, SqlDialect dialect, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var rows = new List<DeadlineExtension>();
        foreach (var chunk in ids.Distinct().Chunk(Chunk))
        {
            rows.AddRange(await c.QueryAsync<DeadlineExtension>(new CommandDefinition(dialect.Provider == DatabaseProvider.PostgreSql ? SelectForCasesPostgreSql : SelectForCases, new { ids = chunk }, cancellationToken: ct)));
        }
        return ByCase(rows);
    }

    public static async Task<IReadOnlyDictionary<long, CaseExtensions>> AllAsync(DbConnection c, CancellationToken ct) =>
        ByCase(await c.QueryAsync<DeadlineExtension>(new CommandDefinition(SelectAll, cancellationToken: ct)));

    private static Dictionary<long, CaseExtensions> ByCase(IEnumerable<DeadlineExtension> rows) =>
        rows.GroupBy(r => r.ObjectionId).ToDictionary(g => g.Key, g => new CaseExtensions([.. g]));
}
