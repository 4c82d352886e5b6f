using System.Data.Common;
using Dapper;
using Portal.Features.Accounts;
using Portal.Features.Audit;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Households;

// The one writer of MonitoringCase and MonitoringStatusChange. Staff open a case (the first risk clue) and record the
// follow-up visit here; the statuses change only through ChangeStatusAsync, inside the transaction that finalizes the
// announcement deciding them.
public sealed class MonitoringStore(DbConnectionFactory db, AuditLog audit, TimeProvider clock)
{
    private const string SelectCases = """
        SELECT m.Id, m.HouseholdId, h.HeadName, h.VillageCode, v.Name AS VillageName, g.Name AS GroupName, m.Type, m.Risk,
               m.FirstClueDate, m.Status, m.IncludedDate, m.EliminatedDate, m.FollowUpDue, m.FollowUpDoneDate, m.CreatedBy,
               m.CreatedUtc, m.Concurrency, r.CaseNumber AS ReportCaseNumber
          FROM MonitoringCase m
          JOIN Household h ON h.Id = m.HouseholdId
          JOIN Region g ON g.Code = h.GroupCode
          JOIN Region v ON v.Code = h.VillageCode
          LEFT JOIN Report r ON r.MonitoringCaseId = m.Id
        """;

    private const string SelectForHousehold = SelectCases + "\n WHERE m.HouseholdId = @householdId\n ORDER BY m.Id DESC";

    private const string SelectById = SelectCases + "\n WHERE m.Id = @id";

    private const string SelectInRegion = SelectCases + """

         WHERE h.VillageCode LIKE @prefix
           AND (@status IS NULL OR m.Status = @status)
         ORDER BY m.FirstClueDate, m.Id
        """;

    private const string SelectFollowUpsDue = SelectCases + """

         WHERE h.VillageCode LIKE @prefix
           AND m.Status = 'RiskEliminated' AND m.FollowUpDoneDate IS NULL AND m.FollowUpDue <= @today
         ORDER BY m.FollowUpDue, m.Id
        """;

    private const string SelectVillage = "SELECT VillageCode FROM Household WHERE Id = @householdId";

    private const string CountOpen = "SELECT COUNT(*) FROM MonitoringCase WHERE HouseholdId = @householdId AND Status IN ('Proposed', 'Monitored')";

    private readonly string insertCase = db.Dialect.InsertReturningId("MonitoringCase",
        "HouseholdId, Type, Risk, FirstClueDate, Status, CreatedBy, CreatedUtc",
        "@householdId, @type, @risk, @firstClueDate, 'Proposed', @createdBy, @now");

    private const string UpdateFollowUpDone = """
        UPDATE MonitoringCase
           SET FollowUpDoneDate = @done, Concurrency = Concurrency + 1
         WHERE Id = @id AND Concurrency = @concurrency AND Status = 'RiskEliminated' AND FollowUpDoneDate IS NULL
        """;

    private const string SelectHistory = """
        SELECT c.FromStatus, c.ToStatus, c.AnnouncementId, a.Title AS AnnouncementTitle, c.ChangedUtc
          FROM MonitoringStatusChange c
          JOIN Announcement a ON a.Id = c.AnnouncementId
         WHERE c.CaseId = @id
         ORDER BY c.Id
        """;

    // Opens a Proposed case for the household: the first risk clue, found on a home visit. Refused outside the actor's
    // region, for a household that already has an open case, and for a clue dated after today (Asia/Shanghai).
    public async Task<MonitoringOpened> OpenAsync(NewMonitoringCase nc, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var opened = await OpenAsync(c, tx, nc, actor, clock.GetUtcNow(), ct);
        if (opened.Result.IsAllowed) await tx.CommitAsync(ct);
        return opened;
    }

    // The same checks, insert and audit event inside the caller's transaction (a report's inclusion): on a refusal
    // nothing is written here, and the caller rolls back what it wrote.
    public async Task<MonitoringOpened> OpenAsync(DbConnection c, DbTransaction tx, NewMonitoringCase nc, StaffActor actor, DateTimeOffset now,
        CancellationToken ct)
    {
        var village = await VillageOfAsync(c, tx, nc.HouseholdId, ct);
        var open = await c.ExecuteScalarAsync<long>(new CommandDefinition(CountOpen, new { householdId = nc.HouseholdId }, tx, cancellationToken: ct));
        var allowed = MonitoringRules.CanOpen(nc, actor, village, open > 0, ShanghaiTime.Today(now));
        if (!allowed.IsAllowed) return new MonitoringOpened(null, allowed);
        long id;
        try
        {
            id = await c.ExecuteScalarAsync<long>(new CommandDefinition(insertCase, new
            {
                householdId = nc.HouseholdId,
                type = nc.Type.ToString(),
                risk = nc.Risk!.Trim(),
                firstClueDate = nc.FirstClueDate!.Value,
                createdBy = actor.UserName,
                now = now.UtcDateTime,
            }, tx, cancellationToken: ct));
        }
        catch (DbException e) when (e.IsUniqueViolation())
        {
            // Another transaction opened one meanwhile: the index of one open case per household decides.
            return new MonitoringOpened(null, RuleResult.Refuse("Monitoring.AlreadyOpen"));
        }
        // The risk may describe health: the audit line names the case, not what the risk is.
        await audit.AppendAsync(c, tx, "MonitoringCaseOpened", actor.UserName, Subject(id),
            new { household = nc.HouseholdId, type = nc.Type.ToString(), firstClueDate = nc.FirstClueDate.Value.ToString("yyyy-MM-dd") }, ct);
        return new MonitoringOpened(id, RuleResult.Allowed);
    }

    // The household's village, null when there is no such household.
    public static Task<string?> VillageOfAsync(DbConnection c, DbTransaction? tx, long householdId, CancellationToken ct) =>
        c.ExecuteScalarAsync<string?>(new CommandDefinition(SelectVillage, new { householdId }, tx, cancellationToken: ct));

    public async Task<RuleResult> RecordFollowUpAsync(long id, long concurrency, DateOnly? done, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var current = await c.QuerySingleOrDefaultAsync<MonitoringCase>(new CommandDefinition(SelectById, new { id }, tx, cancellationToken: ct));
        if (current is null) return RuleResult.Refuse("Monitoring.NotFound");
        var allowed = MonitoringRules.CanRecordFollowUp(current, actor, done, ShanghaiTime.Today(clock.GetUtcNow()));
        if (!allowed.IsAllowed) return allowed;
        var updated = await c.ExecuteAsync(new CommandDefinition(UpdateFollowUpDone, new { id, concurrency, done = done!.Value }, tx, cancellationToken: ct));
        if (updated != 1) return RuleResult.Refuse("Monitoring.ChangedMeanwhile");
        await audit.AppendAsync(c, tx, "MonitoringFollowUpDone", actor.UserName, Subject(id), new { done = done.Value.ToString("yyyy-MM-dd") }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    // The household's cases as the actor may read them: nothing outside their region, and the risk (which may be about
    // health) only for those who run the procedure there (MonitoringRules.MayReadRisk).
    public async Task<IReadOnlyList<MonitoringCase>> ForHouseholdAsync(long householdId, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var cases = await c.QueryAsync<MonitoringCase>(new CommandDefinition(SelectForHousehold, new { householdId }, cancellationToken: ct));
        return cases.Where(x => actor.Scope.Contains(x.VillageCode)).Select(x => AsReadBy(x, actor)).ToList();
    }

    private static MonitoringCase AsReadBy(MonitoringCase c, StaffActor actor) => MonitoringRules.MayReadRisk(actor, c.VillageCode) ? c : c with { Risk = "" };

    public async Task<MonitoringCase?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<MonitoringCase>(new CommandDefinition(SelectById, new { id }, cancellationToken: ct));
    }

    // The cases of households inside the actor's region, oldest clue first; all statuses when status is null.
    public async Task<IReadOnlyList<MonitoringCase>> InScopeAsync(StaffActor actor, MonitoringStatus? status, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var cases = await c.QueryAsync<MonitoringCase>(new CommandDefinition(SelectInRegion,
            new { prefix = actor.Scope.Prefix + "%", status = status?.ToString() }, cancellationToken: ct));
        return cases.Select(x => AsReadBy(x, actor)).ToList();
    }

    // Eliminated cases in the scope whose follow-up visit is due today or was due before and is not done.
    public async Task<IReadOnlyList<MonitoringCase>> FollowUpsDueAsync(StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var today = ShanghaiTime.Today(clock.GetUtcNow());
        var cases = await c.QueryAsync<MonitoringCase>(new CommandDefinition(SelectFollowUpsDue, new { prefix = actor.Scope.Prefix + "%", today }, cancellationToken: ct));
        return cases.Select(x => AsReadBy(x, actor)).ToList();
    }

    public async Task<IReadOnlyList<MonitoringStatusChange>> HistoryAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<MonitoringStatusChange>(new CommandDefinition(SelectHistory, new { id }, cancellationToken: ct))).AsList();
    }

    private const string SelectOpenCase = "SELECT Id FROM MonitoringCase WHERE HouseholdId = @householdId AND Status = @from";

    // The only statement in the portal that changes a case's status.
    private const string UpdateStatus = """
        UPDATE MonitoringCase
           SET Status = @to,
               IncludedDate = CASE WHEN @to = 'Monitored' THEN @decided ELSE IncludedDate END,
               EliminatedDate = CASE WHEN @to = 'RiskEliminated' THEN @decided ELSE EliminatedDate END,
               FollowUpDue = CASE WHEN @to = 'RiskEliminated' THEN @followUpDue ELSE FollowUpDue END,
               Concurrency = Concurrency + 1
         WHERE Id = @caseId AND Status = @from
        """;

    private const string InsertStatusChange = """
        INSERT INTO MonitoringStatusChange (CaseId, FromStatus, ToStatus, AnnouncementId, ChangedUtc)
        VALUES (@caseId, @from, @to, @announcementId, @now)
        """;

    // Moves the household's case in status from to status to, with its history line, inside the caller's transaction
    // (the finalizing of the notice that decided it, on the local date decided). False when the household has no case in
    // status from, or the move is not one the rules allow.
    public static async Task<bool> ChangeStatusAsync(DbConnection c, DbTransaction tx, long householdId, MonitoringStatus from, MonitoringStatus to,
        long announcementId, DateOnly decided, DateTimeOffset now, CancellationToken ct)
    {
        if (!MonitoringRules.IsAllowed(from, to)) return false;
        var caseId = await c.ExecuteScalarAsync<long?>(new CommandDefinition(SelectOpenCase, new { householdId, from = from.ToString() }, tx, cancellationToken: ct));
        if (caseId is null) return false;
        var args = new
        {
            caseId, from = from.ToString(), to = to.ToString(), decided, followUpDue = MonitoringRules.FollowUpDue(decided), announcementId, now = now.UtcDateTime,
        };
        if (await c.ExecuteAsync(new CommandDefinition(UpdateStatus, args, tx, cancellationToken: ct)) != 1) return false;
        await c.ExecuteAsync(new CommandDefinition(InsertStatusChange, args, tx, cancellationToken: ct));
        return true;
    }

    private static string Subject(long id) => $"monitoring:{id}";
}
