using System.Collections.Concurrent;

namespace Portal.Features.Objections;

// Counts failed receipt look-ups per client address over a sliding hour; past the limit the address waits.
// In memory, per instance: behind a load balancer each instance counts its own share.
public sealed class FailedLookupLimiter(LimitsOptions limits, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> failures = new();

    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!failures.TryGetValue(address, out var times)) return false;
        lock (times)
        {
            Expire(times);
            if (times.Count < limits.FailedTrackLookupsPerHourPerAddress) return false;
            retryAfter = times.Peek() + Window - clock.GetUtcNow();
            return true;
        }
    }

    public void RecordFailure(string address)
    {
        var times = failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Expire(times);
            times.Enqueue(clock.GetUtcNow());
        }
        if (failures.Count > 100_000) Sweep();
    }

    private void Expire(Queue<DateTimeOffset> times)
    {
        var cutoff = clock.GetUtcNow() - Window;
        while (times.Count > 0 && times.Peek() <= cutoff) times.Dequeue();
    }

    private void Sweep()
    {
        foreach (var (address, times) in failures)
        {
            lock (times)
            {
                Expire(times);
                if (times.Count == 0) failures.TryRemove(address, out _);
            }
        }
    }
}
