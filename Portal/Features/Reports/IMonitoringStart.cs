using System.Data.Common;
using Portal.Infrastructure;

namespace Portal.Features.Reports;

// What an included report hands to monitoring: the household named, its village, and the first risk clue (the day the
// report arrived), from which the 15-day clock to the county decision runs.
public sealed record MonitoringClue(long ReportId, string CaseNumber, ReportKind Kind, string VillageCode, string Subject, DateOnly FirstClue, string Actor);

// The seam through which "Include" starts a monitoring inclusion (防止返贫致贫对象) for the household. Called inside the
// report's own transaction: a refusal (no such household, already monitored) refuses the inclusion and rolls it back.
// The Households feature's monitoring store is wired in here after merging; until then UnwiredMonitoringStart.
public interface IMonitoringStart
{
    Task<RuleResult> StartAsync(DbConnection c, DbTransaction tx, MonitoringClue clue, CancellationToken ct);
}

// No monitoring store yet: the inclusion is recorded on the report (state, timeline, audit event) and nothing else.
public sealed class UnwiredMonitoringStart : IMonitoringStart
{
    public Task<RuleResult> StartAsync(DbConnection c, DbTransaction tx, MonitoringClue clue, CancellationToken ct) => Task.FromResult(RuleResult.Allowed);
}
