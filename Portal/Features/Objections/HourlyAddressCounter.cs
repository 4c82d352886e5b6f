using System.Collections.Concurrent;

namespace Portal.Features.Objections;

// Counts events per client address over a sliding hour. In memory, per instance: behind a load balancer each
// instance counts its own share.
public sealed class HourlyAddressCounter(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> events = new();

    // Null while the address has had fewer than limit events this hour; otherwise how long until the oldest expires.
    public TimeSpan? Wait(string address, int limit)
    {
        if (!events.TryGetValue(address, out var times)) return limit > 0 ? null : Window;
        lock (times)
        {
            Expire(times);
            return times.Count < limit ? null : times.Count == 0 ? Window : times.Peek() + Window - clock.GetUtcNow();
        }
    }

    // Counts one event unless the address is at its limit; checked and counted at once, so parallel posts cannot
    // slip past the limit together.
    public TimeSpan? TryAdd(string address, int limit)
    {
        var times = events.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            Expire(times);
            if (times.Count >= limit) return times.Count == 0 ? Window : times.Peek() + Window - clock.GetUtcNow();
            times.Enqueue(clock.GetUtcNow());
        }
        if (events.Count > 100_000) Sweep();
        return null;
    }

    public void Add(string address) => TryAdd(address, int.MaxValue);

    // Gives back the newest event: a reserved place whose submission was not accepted after all.
    public void Remove(string address)
    {
        if (!events.TryGetValue(address, out var times)) return;
        lock (times)
        {
            if (times.Count == 0) return;
            var kept = times.ToArray()[..^1];
            times.Clear();
            foreach (var t in kept) times.Enqueue(t);
        }
    }

    private void Expire(Queue<DateTimeOffset> times)
    {
        var cutoff = clock.GetUtcNow() - Window;
        while (times.Count > 0 && times.Peek() <= cutoff) times.Dequeue();
    }

    private void Sweep()
    {
        foreach (var (address, times) in events)
        {
            lock (times)
            {
                Expire(times);
                if (times.Count == 0) events.TryRemove(address, out _);
            }
        }
    }
}
