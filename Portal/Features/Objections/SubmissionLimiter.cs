using Microsoft.Extensions.Options;

namespace Portal.Features.Objections;

// Accepted objections (form and API) and answers on the track page, per address, over a sliding hour, counted in the
// database across instances (AddressCounter). Only what is accepted counts: a post refused for its content costs the
// sender nothing, so a villager correcting a mistake is never locked out. Limits:ObjectionsPerHourPerAddress (default
// 60) is sized for a whole village behind one address (carrier NAT, the committee's Wi-Fi, a clerk's phone at a
// meeting) while a script still cannot file hundreds.
public sealed class SubmissionLimiter(IOptions<LimitsOptions> limits, AddressCounter counter)
{
    // Null and a place reserved for the submission, or how long the address has to wait. A reserved place whose
    // submission is then not accepted is given back with ReleaseAsync.
    public Task<TimeSpan?> ReserveAsync(string address, CancellationToken ct) =>
        counter.TryAddAsync(AddressEventKind.Submission, address, limits.Value.ObjectionsPerHourPerAddress, ct);

    public Task ReleaseAsync(string address) => counter.RemoveNewestAsync(AddressEventKind.Submission, address, CancellationToken.None);
}
