using System.Data.Common;
using Dapper;
using Portal.Features.Households;
using Portal.Infrastructure.Data;

namespace Portal.Features.Assistance;

public enum MeasureStatus
{
    Planned,
    InProgress,
    Completed,
}

public sealed record Measure(long HouseholdId, MeasureKind Kind, long? CadreId, decimal Funds, DateOnly StartDate, DateOnly? EndDate, MeasureStatus Status, string? Outcome);

public sealed record Project(string VillageCode, string Name, decimal Amount, string Implementer, int Beneficiaries, int Year);

// The one writer of AssistanceMeasure and Project: the demo seeder in bulk, AssistanceEditing one at a time inside
// its own transaction.
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
        await c.ExecuteAsync(new CommandDefinition(InsertMeasure, measures.Select(MeasureRow), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task AddMeasureAsync(DbConnection c, DbTransaction tx, Measure measure, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(InsertMeasure, MeasureRow(measure), tx, cancellationToken: ct));

    public async Task AddProjectsAsync(IEnumerable<Project> projects, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(InsertProject, projects, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task AddProjectAsync(DbConnection c, DbTransaction tx, Project project, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(InsertProject, project, tx, cancellationToken: ct));

    private static object MeasureRow(Measure m) =>
        new { m.HouseholdId, Kind = m.Kind.ToString(), m.CadreId, m.Funds, m.StartDate, m.EndDate, Status = m.Status.ToString(), m.Outcome };
}
