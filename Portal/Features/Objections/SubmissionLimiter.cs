using System.Threading.RateLimiting;

namespace Portal.Features.Objections;

// One count per address, per hour, for everything a resident sends in: objections (form and API) and answers on the
// track page. The rate-limiting middleware's submission policy and the track page's answer both draw from here, so
// an address cannot send more answers than it may send objections, nor the two together.
public sealed class SubmissionLimiter(LimitsOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.ObjectionsPerHourPerAddress,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
        }));

    // Null when the address may send; otherwise how long it has to wait.
    public TimeSpan? Take(string address)
    {
        using var lease = limiter.AttemptAcquire(address);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromHours(1);
    }

    // The middleware keeps one limiter per partition and drops it when idle; this one only forwards, so dropping it
    // loses nothing.
    public RateLimiter For(string address) => new Forwarding(limiter, address);

    public void Dispose() => limiter.Dispose();

    private sealed class Forwarding(PartitionedRateLimiter<string> shared, string address) : RateLimiter
    {
        public override TimeSpan? IdleDuration => TimeSpan.MaxValue;

        public override RateLimiterStatistics? GetStatistics() => shared.GetStatistics(address);

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => shared.AttemptAcquire(address, permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            shared.AcquireAsync(address, permitCount, cancellationToken);
    }
}
