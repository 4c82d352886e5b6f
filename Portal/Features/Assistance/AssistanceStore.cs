using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Assistance;

public enum MeasureKind
{
    Industry,
    Employment,
    Relocation,
    Education,
    Health,
    HousingRenovation,
    EcologicalCompensation,
    SocialSecurity,
    MicroCredit,
    SkillsTraining,
}

public enum MeasureStatus
{
    Planned,
    InProgress,
    Completed,
}

public sealed record Measure(long HouseholdId, MeasureKind Kind, long? CadreId, decimal Funds, DateOnly StartDate, DateOnly? EndDate, MeasureStatus Status, string? Outcome);

public sealed record Project(string VillageCode, string Name, decimal Amount, string Implementer, int Beneficiaries, int Year);

public sealed class AssistanceStore(DbConnectionFactory db)
{
    private const string InsertMeasure = """
        INSERT INTO AssistanceMeasure (HouseholdId, Kind, CadreId, Funds, StartDate, EndDate, Status, Outcome)
        VALUES (@HouseholdId, @Kind, @CadreId, @Funds, @StartDate, @EndDate, @Status, @Outcome)
        """;

    private const string InsertProject = """
        INSERT INTO Project (VillageCode, Name, Amount, Implementer, Beneficiaries, Year)
        VALUES (@VillageCode, @Name, @Amount, @Implementer, @Beneficiaries, @Year)
        """;

    public async Task AddMeasuresAsync(IEnumerable<Measure> measures, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = measures.Select(m => new { m.HouseholdId, Kind = m.Kind.ToString(), m.CadreId, m.Funds, m.StartDate, m.EndDate, Status = m.Status.ToString(), m.Outcome });
        await c.ExecuteAsync(new CommandDefinition(InsertMeasure, rows, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task AddProjectsAsync(IEnumerable<Project> projects, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(InsertProject, projects, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
