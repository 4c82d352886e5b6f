using Dapper;
using Portal.Features.Audit;
using Portal.Features.Households;
using Portal.Features.Accounts;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Assistance;

public sealed record MeasureRow
{
    public long Id { get; init; }
    public MeasureKind Kind { get; init; }
    public string? Cadre { get; init; }
    public decimal Funds { get; init; }
    public DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public MeasureStatus Status { get; init; }
    public string? Outcome { get; init; }
}

public sealed record HouseholdDetail
{
    public long Id { get; init; }
    public string HeadName { get; init; } = "";
    public string VillageCode { get; init; } = "";
    public string VillageName { get; init; } = "";
    public HouseholdStatus Status { get; init; }
    public int Size { get; init; }

    // When the encrypted ID and phone numbers were deleted, Retention:HouseholdYears after it left the programme.
    public DateTime? IdNumberPurgedUtc { get; init; }
}

// Staff edit assistance inside their own region: measures of a household, a village's work team and its projects.
// Every change is in the audit chain. AssistanceRules decide; AssistanceStore and CadreStore write, in this transaction.
public sealed class AssistanceEditing(DbConnectionFactory db, AssistanceStore assistance, CadreStore cadres, AuditLog audit)
{
    private const string SelectHousehold = """
        SELECT h.Id, h.HeadName, h.VillageCode, v.Name AS VillageName, h.Status, h.Size, h.IdNumberPurgedUtc
          FROM Household h
          JOIN Region v ON v.Code = h.VillageCode
         WHERE h.Id = @id
        """;

    // Also read by the data-subject view (HouseholdSubjects), inside its own transaction.
    public const string SelectMeasures = """
        SELECT m.Id, m.Kind, c.Name AS Cadre, m.Funds, m.StartDate, m.EndDate, m.Status, m.Outcome
          FROM AssistanceMeasure m
          LEFT JOIN Cadre c ON c.Id = m.CadreId
         WHERE m.HouseholdId = @id
         ORDER BY m.StartDate, m.Id
        """;

    public async Task<(HouseholdDetail? Household, IReadOnlyList<MeasureRow> Measures)> HouseholdAsync(long id, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var household = await c.QuerySingleOrDefaultAsync<HouseholdDetail>(new CommandDefinition(SelectHousehold, new { id }, cancellationToken: ct));
        if (household is null || !actor.Scope.Contains(household.VillageCode)) return (null, []);
        return (household, (await c.QueryAsync<MeasureRow>(new CommandDefinition(SelectMeasures, new { id }, cancellationToken: ct))).AsList());
    }

    public async Task<RuleResult> AddMeasureAsync(long householdId, Measure m, StaffActor actor, CancellationToken ct = default)
    {
        var allowed = AssistanceRules.CanRecordMeasure(m);
        if (!allowed.IsAllowed) return allowed;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var household = await c.QuerySingleOrDefaultAsync<HouseholdDetail>(new CommandDefinition(SelectHousehold, new { id = householdId }, tx, cancellationToken: ct));
        if (household is null || !AssistanceRules.MayEdit(actor, household.VillageCode)) return RuleResult.Refuse("Assistance.OutsideRegion");
        await assistance.AddMeasureAsync(c, tx, m with { HouseholdId = householdId }, ct);
        await audit.AppendAsync(c, tx, "MeasureAdded", actor.UserName, $"household:{householdId}", new { kind = m.Kind.ToString(), funds = m.Funds, status = m.Status.ToString() }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    public async Task<RuleResult> AddCadreAsync(Cadre cadre, StaffActor actor, CancellationToken ct = default)
    {
        var allowed = AssistanceRules.CanAddCadre(cadre, actor);
        if (!allowed.IsAllowed) return allowed;
        var added = cadre with { Name = cadre.Name.Trim(), Organisation = cadre.Organisation.Trim(), OfficePhone = string.IsNullOrWhiteSpace(cadre.OfficePhone) ? null : cadre.OfficePhone.Trim() };
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await cadres.AddAsync(c, tx, added, ct);
        await audit.AppendAsync(c, tx, "CadreAdded", actor.UserName, $"village:{added.VillageCode}", new { name = added.Name, role = added.Role.ToString() }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    public async Task<RuleResult> AddProjectAsync(Project p, StaffActor actor, CancellationToken ct = default)
    {
        var added = AssistanceRules.Normalized(p);
        var allowed = AssistanceRules.CanAddProject(added, actor);
        if (!allowed.IsAllowed) return allowed;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await assistance.AddProjectAsync(c, tx, added, ct);
        await audit.AppendAsync(c, tx, "ProjectAdded", actor.UserName, $"village:{p.VillageCode}", new { name = added.Name, amount = p.Amount }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }

    // The project's stored village decides, not the one the caller sends: a project outside the actor's region, or one
    // that is not there, is refused the same way.
    public async Task<RuleResult> ChangeProjectAsync(Project p, StaffActor actor, CancellationToken ct = default)
    {
        var changed = AssistanceRules.Normalized(p);
        var allowed = AssistanceRules.CanAddProject(changed, actor);
        if (!allowed.IsAllowed) return allowed;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await assistance.ChangeProjectAsync(c, tx, changed, ct)) return RuleResult.Refuse("Assistance.OutsideRegion");
        await audit.AppendAsync(c, tx, "ProjectChanged", actor.UserName, $"village:{p.VillageCode}", new { project = p.Id, name = changed.Name, amount = p.Amount }, ct);
        await tx.CommitAsync(ct);
        return RuleResult.Allowed;
    }
}
