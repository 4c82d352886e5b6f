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

// A project of a village's funds-and-projects disclosure. The init properties are the further fields of the 2018
// disclosure guidance (PRACTICE.md); Id is 0 for a project not yet stored.
public sealed record Project(string VillageCode, string Name, decimal Amount, string Implementer, int Beneficiaries, int Year)
{
    // For Dapper, which fills the properties of a stored project one by one.
    private Project() : this("", "", 0, "", 0, 0) { }

    public long Id { get; init; }
    public string? Place { get; init; }
    public string? Task { get; init; }
    public string? SubsidyStandard { get; init; }
    public string? FundSource { get; init; }
    public string? Schedule { get; init; }
    public string? ResponsiblePerson { get; init; }
    public string? PerformanceTargets { get; init; }
    public string? BenefitMechanism { get; init; }
}

// The one writer of AssistanceMeasure and Project: the demo seeder in bulk, AssistanceEditing one at a time (add or
// change) inside its own transaction.
public sealed class AssistanceStore(DbConnectionFactory db)
{
    private const string InsertMeasure = """
        INSERT INTO AssistanceMeasure (HouseholdId, Kind, CadreId, Funds, StartDate, EndDate, Status, Outcome)
        VALUES (@HouseholdId, @Kind, @CadreId, @Funds, @StartDate, @EndDate, @Status, @Outcome)
        """;

    private static readonly string[] MeasureColumns = ["HouseholdId", "Kind", "CadreId", "Funds", "StartDate", "EndDate", "Status", "Outcome"];

    private readonly int measuresPerStatement = MultiRow.RowsPerStatement(db.Dialect, MeasureColumns.Length);

    private readonly string insertMeasures = MultiRow.Insert("AssistanceMeasure", MeasureColumns, MultiRow.RowsPerStatement(db.Dialect, MeasureColumns.Length));

    private const string InsertProject = """
        INSERT INTO Project (VillageCode, Name, Amount, Implementer, Beneficiaries, Year, Place, Task, SubsidyStandard, FundSource,
                             Schedule, ResponsiblePerson, PerformanceTargets, BenefitMechanism)
        VALUES (@VillageCode, @Name, @Amount, @Implementer, @Beneficiaries, @Year, @Place, @Task, @SubsidyStandard, @FundSource,
                @Schedule, @ResponsiblePerson, @PerformanceTargets, @BenefitMechanism)
        """;

    // The village is never changed: a project stays where it was recorded.
    private const string UpdateProject = """
        UPDATE Project
           SET Name = @Name, Amount = @Amount, Implementer = @Implementer, Beneficiaries = @Beneficiaries, Year = @Year,
               Place = @Place, Task = @Task, SubsidyStandard = @SubsidyStandard, FundSource = @FundSource, Schedule = @Schedule,
               ResponsiblePerson = @ResponsiblePerson, PerformanceTargets = @PerformanceTargets, BenefitMechanism = @BenefitMechanism
         WHERE Id = @Id AND VillageCode = @VillageCode
        """;

    public async Task AddMeasuresAsync(IEnumerable<Measure> measures, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await MultiRow.InsertAsync(c, tx, insertMeasures, measuresPerStatement, n => MultiRow.Insert("AssistanceMeasure", MeasureColumns, n), MeasureColumns,
            measures.Select(MeasureRow), ct);
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

    public async Task<bool> ChangeProjectAsync(DbConnection c, DbTransaction tx, Project project, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(UpdateProject, project, tx, cancellationToken: ct)) == 1;

    private static object MeasureRow(Measure m) =>
        new { m.HouseholdId, Kind = m.Kind.ToString(), m.CadreId, m.Funds, m.StartDate, m.EndDate, Status = m.Status.ToString(), m.Outcome };
}
