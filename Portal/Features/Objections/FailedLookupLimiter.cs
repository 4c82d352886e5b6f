using Microsoft.Extensions.Options;

namespace Portal.Features.Objections;

// Counts failed receipt look-ups per client address over a sliding hour, across instances (AddressCounter); past the
// limit the address's wrong receipts are answered with a wait. A right receipt is always answered
// (ObjectionIntake.LookUpAsync): with 10^16 receipts a guess cannot hit one, and a village sharing an address must not
// lose its cases to a neighbour's typing mistakes.
public sealed class FailedLookupLimiter(IOptions<LimitsOptions> limits, AddressCounter counter)
{
    // Null, or how long the address's wrong receipts are answered with a wait.
    public Task<TimeSpan?> BlockedForAsync(string address, CancellationToken ct) =>
        counter.WaitAsync(AddressEventKind.FailedLookup, address, limits.Value.FailedTrackLookupsPerHourPerAddress, ct);

    public Task RecordFailureAsync(string address, CancellationToken ct) => counter.AddAsync(AddressEventKind.FailedLookup, address, ct);
}
