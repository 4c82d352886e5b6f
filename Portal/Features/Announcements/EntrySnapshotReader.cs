using System.Data.Common;
using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Announcements;

// Reads today's data of the households (or, for FundsAndProjects, the projects) an announcement may list: the candidates
// a draft is picked from, and the kind's whitelisted fields copied into entry snapshots when a draft is created, edited
// or published. Only reads, always inside the store's connection; AnnouncementStore writes what it returns.
public sealed class EntrySnapshotReader(SqlDialect dialect)
{
    private const int InListLimit = 900;

    private readonly string selectHouseholdCandidates = $"""
        SELECT h.Id, h.HeadName AS Subject, g.Name AS GroupName, h.Status AS Detail, h.IncomePerCapita, h.AssurancesMet
          FROM Household h
          JOIN Region g ON g.Code = h.GroupCode
         WHERE h.VillageCode = @village AND {dialect.In("h.Status", "statuses")}
         ORDER BY h.GroupCode, h.HeadName, h.Id
        """;

    // A monitoring kind lists the village's households whose case is in the status the kind moves on (MonitoringLifecycle).
    private const string SelectMonitoringCandidates = """
        SELECT h.Id, h.HeadName AS Subject, g.Name AS GroupName, h.Status AS Detail, h.IncomePerCapita, h.AssurancesMet
          FROM Household h
          JOIN Region g ON g.Code = h.GroupCode
          JOIN MonitoringCase m ON m.HouseholdId = h.Id
         WHERE h.VillageCode = @village AND m.Status = @caseStatus
         ORDER BY h.GroupCode, h.HeadName, h.Id
        """;

    private const string SelectProjectCandidates = """
        SELECT Id, Name AS Subject, Implementer AS Detail
          FROM Project
         WHERE VillageCode = @village
         ORDER BY Year DESC, Id
        """;

    // The village's households in a status the kind may list (HouseholdLifecycle), or its projects.
    public async Task<IReadOnlyList<Candidate>> CandidatesAsync(DbConnection c, AnnouncementKind kind, string villageCode, CancellationToken ct)
    {
        var command = MonitoringLifecycle.Transition(kind) is { } monitoring
            ? new CommandDefinition(SelectMonitoringCandidates, new { village = villageCode, caseStatus = monitoring.From.ToString() }, cancellationToken: ct)
            : AnnouncementFields.IsAboutHouseholds(kind)
            ? new CommandDefinition(selectHouseholdCandidates, new { village = villageCode, statuses = HouseholdLifecycle.EligibleStatuses(kind).Select(s => s.ToString()).ToArray() }, cancellationToken: ct)
            : new CommandDefinition(SelectProjectCandidates, new { village = villageCode }, cancellationToken: ct);
        return (await c.QueryAsync<Candidate>(command)).AsList();
    }

    private readonly string selectHouseholdSnapshots = $"""
        SELECT h.Id AS HouseholdId, h.VillageCode, h.Status, g.Name AS GroupName, h.HeadName AS Subject, h.Size, h.Attribute,
               h.Cause, h.IncomePerCapita, h.AssurancesMet, m.Type AS MonitoringType, m.Status AS CaseStatus
          FROM Household h
          JOIN Region g ON g.Code = h.GroupCode
          LEFT JOIN MonitoringCase m ON m.HouseholdId = h.Id AND m.Status IN ('Proposed', 'Monitored')
         WHERE {dialect.In("h.Id", "ids")}
        """;

    private readonly string selectMeasures = $"""
        SELECT m.HouseholdId, m.Kind, c.Name AS Cadre
          FROM AssistanceMeasure m
          LEFT JOIN Cadre c ON c.Id = m.CadreId
         WHERE {dialect.In("m.HouseholdId", "ids")}
         ORDER BY m.HouseholdId, m.Id
        """;

    private readonly string selectProjectSnapshots = $"""
        SELECT Id AS ProjectId, VillageCode, Name AS Subject, Amount, Implementer, Beneficiaries, Place, Task, SubsidyStandard,
               FundSource, Schedule, ResponsiblePerson, PerformanceTargets, BenefitMechanism
          FROM Project
         WHERE {dialect.In("Id", "ids")}
        """;

    // Copies the kind's whitelisted fields from today's data; null when a subject is unknown or outside the village.
    public async Task<List<AnnouncementEntry>?> SnapshotAsync(DbConnection c, DbTransaction tx, Announcement a, Procedure procedure, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var rows = new Dictionary<long, SnapshotRow>();
        foreach (var chunk in ids.Chunk(InListLimit))
        {
            var sql = AnnouncementFields.IsAboutHouseholds(a.Kind) ? selectHouseholdSnapshots : selectProjectSnapshots;
            foreach (var row in await c.QueryAsync<SnapshotRow>(new CommandDefinition(sql, new { ids = chunk }, tx, cancellationToken: ct)))
            {
                rows[row.HouseholdId ?? row.ProjectId!.Value] = row;
            }
        }
        var eligible = HouseholdLifecycle.EligibleStatuses(a.Kind).Select(st => st.ToString()).ToHashSet();
        var caseStatus = MonitoringLifecycle.Transition(a.Kind)?.From.ToString();
        bool Eligible(SnapshotRow r) => caseStatus is null ? eligible.Contains(r.Status!) : r.CaseStatus == caseStatus;
        if (ids.Any(id => !rows.TryGetValue(id, out var r) || r.VillageCode != a.RegionCode || (r.HouseholdId is not null && !Eligible(r))))
        {
            return null;
        }

        var measures = new Dictionary<long, List<(string Kind, string? Cadre)>>();
        var published = procedure.PublishedFields;
        if (published.Contains(EntryField.Measures))
        {
            foreach (var chunk in ids.Chunk(InListLimit))
            {
                var found = await c.QueryAsync<(long HouseholdId, string Kind, string? Cadre)>(new CommandDefinition(selectMeasures, new { ids = chunk }, tx, cancellationToken: ct));
                foreach (var m in found)
                {
                    if (!measures.TryGetValue(m.HouseholdId, out var list)) measures[m.HouseholdId] = list = [];
                    list.Add((m.Kind, m.Cadre));
                }
            }
        }

        return ids.Select((id, i) =>
        {
            var row = rows[id];
            measures.TryGetValue(id, out var m);
            return EntrySnapshot.Whitelisted(published, new AnnouncementEntry
            {
                AnnouncementId = a.Id,
                Position = i + 1,
                HouseholdId = row.HouseholdId,
                ProjectId = row.ProjectId,
                GroupName = row.GroupName,
                Subject = row.Subject,
                Size = row.Size,
                Attribute = row.Attribute,
                Cause = row.Cause,
                IncomePerCapita = row.IncomePerCapita,
                AssurancesMet = row.AssurancesMet,
                Measures = m is null ? null : string.Join(",", m.Select(x => x.Kind).Distinct()),
                Cadre = m?.Select(x => x.Cadre).FirstOrDefault(x => x is not null),
                Amount = row.Amount,
                Implementer = row.Implementer,
                Beneficiaries = row.Beneficiaries,
                Place = row.Place,
                Task = row.Task,
                SubsidyStandard = row.SubsidyStandard,
                FundSource = row.FundSource,
                Schedule = row.Schedule,
                ResponsiblePerson = row.ResponsiblePerson,
                PerformanceTargets = row.PerformanceTargets,
                BenefitMechanism = row.BenefitMechanism,
                MonitoringType = row.MonitoringType,
            });
        }).ToList();
    }

    private sealed record SnapshotRow
    {
        public long? HouseholdId { get; init; }
        public long? ProjectId { get; init; }
        public string VillageCode { get; init; } = "";
        public string? Status { get; init; }
        public string? GroupName { get; init; }
        public string Subject { get; init; } = "";
        public int? Size { get; init; }
        public string? Attribute { get; init; }
        public string? Cause { get; init; }
        public decimal? IncomePerCapita { get; init; }
        public bool? AssurancesMet { get; init; }
        public decimal? Amount { get; init; }
        public string? Implementer { get; init; }
        public int? Beneficiaries { get; init; }
        public string? Place { get; init; }
        public string? Task { get; init; }
        public string? SubsidyStandard { get; init; }
        public string? FundSource { get; init; }
        public string? Schedule { get; init; }
        public string? ResponsiblePerson { get; init; }
        public string? PerformanceTargets { get; init; }
        public string? BenefitMechanism { get; init; }
        public string? MonitoringType { get; init; }
        public string? CaseStatus { get; init; }
    }
}
