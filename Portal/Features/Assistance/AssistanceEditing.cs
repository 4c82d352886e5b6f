using Dapper;
using Portal.Features.Audit;
using Portal.Features.Households;
using Portal.Features.Accounts;
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
}

// Staff edit assistance inside their own region: measures of a household, a village's work team and its projects.
// Every change is in the audit chain.
public sealed class AssistanceEditing(DbConnectionFactory db, AuditLog audit)
{
    private const string SelectHousehold = """
        SELECT h.Id, h.HeadName, h.VillageCode, v.Name AS VillageName, h.Status, h.Size
          FROM Household h
          JOIN Region v ON v.Code = h.VillageCode
         WHERE h.Id = @id
        """;

    private const string SelectMeasures = """
        SELECT m.Id, m.Kind, c.Name AS Cadre, m.Funds, m.StartDate, m.EndDate, m.Status, m.Outcome
          FROM AssistanceMeasure m
          LEFT JOIN Cadre c ON c.Id = m.CadreId
         WHERE m.HouseholdId = @id
         ORDER BY m.StartDate, m.Id
        """;

    private const string InsertMeasure = """
        INSERT INTO AssistanceMeasure (HouseholdId, Kind, CadreId, Funds, StartDate, EndDate, Status, Outcome)
        VALUES (@householdId, @kind, @cadreId, @funds, @start, @end, @status, @outcome)
        """;

    private const string InsertCadre = """
        INSERT INTO Cadre (Name, Role, Organisation, VillageCode, OfficePhone)
        VALUES (@name, @role, @organisation, @village, @phone)
        """;

    private const string InsertProject = """
        INSERT INTO Project (VillageCode, Name, Amount, Implementer, Beneficiaries, Year)
        VALUES (@village, @name, @amount, @implementer, @beneficiaries, @year)
        """;

    public static bool MayEdit(StaffActor actor, string villageCode) =>
        actor.Role is StaffRole.VillageClerk or StaffRole.TownshipReviewer or StaffRole.DistrictReviewer && actor.Scope.Contains(villageCode);

    public async Task<(HouseholdDetail? Household, IReadOnlyList<MeasureRow> Measures)> HouseholdAsync(long id, StaffActor actor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var household = await c.QuerySingleOrDefaultAsync<HouseholdDetail>(new CommandDefinition(SelectHousehold, new { id }, cancellationToken: ct));
        if (household is null || !actor.Scope.Contains(household.VillageCode)) return (null, []);
        return (household, (await c.QueryAsync<MeasureRow>(new CommandDefinition(SelectMeasures, new { id }, cancellationToken: ct))).AsList());
    }

    public async Task<string?> AddMeasureAsync(long householdId, Measure m, StaffActor actor, CancellationToken ct = default)
    {
        if (m.Funds < 0 || m.Funds > 10_000_000) return "Assistance.BadFunds";
        if (m.EndDate is { } end && end < m.StartDate) return "Assistance.EndBeforeStart";
        if (m.Outcome is { Length: > 400 }) return "Assistance.TooLong";
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var household = await c.QuerySingleOrDefaultAsync<HouseholdDetail>(new CommandDefinition(SelectHousehold, new { id = householdId }, tx, cancellationToken: ct));
        if (household is null || !MayEdit(actor, household.VillageCode)) return "Assistance.OutsideRegion";
        await c.ExecuteAsync(new CommandDefinition(InsertMeasure, new
        {
            householdId, kind = m.Kind.ToString(), cadreId = m.CadreId, funds = m.Funds, start = m.StartDate, end = m.EndDate,
            status = m.Status.ToString(), outcome = m.Outcome,
        }, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, "MeasureAdded", actor.UserName, $"household:{householdId}", new { kind = m.Kind.ToString(), funds = m.Funds, status = m.Status.ToString() }, ct);
        await tx.CommitAsync(ct);
        return null;
    }

    public async Task<string?> AddCadreAsync(Cadre cadre, StaffActor actor, CancellationToken ct = default)
    {
        if (cadre.VillageCode is not { } village || !MayEdit(actor, village)) return "Assistance.OutsideRegion";
        if (string.IsNullOrWhiteSpace(cadre.Name) || string.IsNullOrWhiteSpace(cadre.Organisation)) return "Assistance.NameRequired";
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(InsertCadre, new
        {
            name = cadre.Name.Trim(), role = cadre.Role.ToString(), organisation = cadre.Organisation.Trim(), village, phone = cadre.OfficePhone?.Trim(),
        }, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, "CadreAdded", actor.UserName, $"village:{village}", new { name = cadre.Name.Trim(), role = cadre.Role.ToString() }, ct);
        await tx.CommitAsync(ct);
        return null;
    }

    public async Task<string?> AddProjectAsync(Project p, StaffActor actor, CancellationToken ct = default)
    {
        if (!MayEdit(actor, p.VillageCode)) return "Assistance.OutsideRegion";
        if (string.IsNullOrWhiteSpace(p.Name) || string.IsNullOrWhiteSpace(p.Implementer)) return "Assistance.NameRequired";
        if (p.Amount <= 0 || p.Amount > 100_000_000 || p.Beneficiaries < 0 || p.Year is < 2000 or > 2100) return "Assistance.BadFunds";
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(InsertProject, new
        {
            village = p.VillageCode, name = p.Name.Trim(), amount = p.Amount, implementer = p.Implementer.Trim(), beneficiaries = p.Beneficiaries, year = p.Year,
        }, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, "ProjectAdded", actor.UserName, $"village:{p.VillageCode}", new { name = p.Name.Trim(), amount = p.Amount }, ct);
        await tx.CommitAsync(ct);
        return null;
    }
}
