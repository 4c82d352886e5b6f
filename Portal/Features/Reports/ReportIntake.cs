using System.Text.Json;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Infrastructure.Security;

namespace Portal.Features.Reports;

// RetryAfter when the address has had its allowance of accepted submissions this hour (shared with objections).
public sealed record ReportIntakeResult(SubmittedReport? Accepted, IReadOnlyList<RuleResult> Errors, TimeSpan? RetryAfter = null);

// The one way a report comes in, form or API: checked, identity encrypted and the receipt hashed as an objection's are,
// counted against the address like an objection once accepted, saved in one transaction; the receipt leaves after it.
public sealed class ReportIntake(RegionStore regions, ReportStore reports, PersonalDataProtector protector, TimeProvider clock, SubmissionLimiter limiter)
{
    public const string ReceiptPurpose = "report-receipt";

    // The villages a report may name, by township, for the form's select.
    public async Task<IReadOnlyList<(Region Township, IReadOnlyList<Region> Villages)>> VillagesAsync(CancellationToken ct = default)
    {
        var all = (await regions.AllAsync(ct)).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        return all.Where(r => r.Level == RegionLevel.Township)
            .Select(t => (t, (IReadOnlyList<Region>)all.Where(v => v.Level == RegionLevel.Village && RegionScope.TownshipOf(v.Code) == t.Code).ToList()))
            .Where(t => t.Item2.Count > 0).ToList();
    }

    public async Task<ReportIntakeResult> SubmitAsync(ReportSubmission s, string? address, CancellationToken ct = default)
    {
        var village = string.IsNullOrEmpty(s.Village) ? null : await regions.GetAsync(s.Village, ct);
        var errors = ReportRules.Validate(s, village is { Level: RegionLevel.Village });
        if (errors.Count > 0) return new ReportIntakeResult(null, errors);
        if (address is not null && await limiter.ReserveAsync(address, ct) is { } wait) return new ReportIntakeResult(null, [], wait);
        var accepted = false;
        try
        {
            var receipt = ObjectionRules.NewReceipt();
            var identity = s.Anonymous ? null : protector.Protect(JsonSerializer.Serialize(new ReporterIdentity(s.Name!.Trim(), s.Phone!.Trim())));
            var saved = await reports.AddAsync(new NewReport(village!.Code, s.Kind!.Value, s.Subject!.Trim(), s.Text!, s.Anonymous, identity,
                protector.Hash(ReceiptPurpose, receipt), RegionScope.TownshipOf(village.Code), clock.GetUtcNow().UtcDateTime), ct);
            accepted = true;
            return new ReportIntakeResult(new SubmittedReport(saved.Id, saved.CaseNumber, receipt, s.Anonymous), []);
        }
        finally
        {
            if (!accepted && address is not null) await limiter.ReleaseAsync(address);
        }
    }

    // A receipt as a person types it; null when it is no receipt or matches no report. Failed look-ups are counted by
    // the caller, once for objections and reports together.
    public async Task<TrackedReport?> TrackAsync(string? input, CancellationToken ct = default) =>
        ObjectionRules.NormalizeReceipt(input) is { } receipt ? await reports.TrackAsync(protector.Hash(ReceiptPurpose, receipt), ct) : null;
}
