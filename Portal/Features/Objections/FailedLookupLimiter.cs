using Microsoft.Extensions.Options;

namespace Portal.Features.Objections;

// Counts failed receipt look-ups per client address over a sliding hour; past the limit the address's wrong receipts
// are answered with a wait. A right receipt is always answered (ObjectionIntake.LookUpAsync): with 10^16 receipts a
// guess cannot hit one, and a village sharing an address must not lose its cases to a neighbour's typing mistakes.
public sealed class FailedLookupLimiter(LimitsOptions limits, TimeProvider clock)
{
    public FailedLookupLimiter(IOptions<LimitsOptions> limits, TimeProvider clock) : this(limits.Value, clock) { }

    private readonly HourlyAddressCounter failures = new(clock);

    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        var wait = failures.Wait(address, limits.FailedTrackLookupsPerHourPerAddress);
        retryAfter = wait ?? TimeSpan.Zero;
        return wait is not null;
    }

    public void RecordFailure(string address) => failures.Add(address);
}
