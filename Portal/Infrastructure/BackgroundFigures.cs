namespace Portal.Infrastructure;

// Figures that take a scan of a large table to build (seconds at 1,000,000 households), kept in memory and built again
// in the background when the public pages change (PublicPageCache.Generation) or when they are older than maximumAge —
// never because of a request. A reader gets the last ones built, with when they were read (the page states it), while
// the next are built; only the first reader after start waits for them.
public sealed class BackgroundFigures<T>(Func<CancellationToken, Task<T>> build, TimeProvider clock, PublicPageCache? cache, TimeSpan maximumAge)
    where T : class
{
    public sealed record Built(T Figures, DateTimeOffset AsOf);

    private readonly Lock gate = new();
    private (Built Value, long Generation)? last;
    private Task<Built>? building;
    private int builds;

    // How many times the figures have been built: what a test watches.
    public int Builds => Volatile.Read(ref builds);

    public async Task<Built> GetAsync(CancellationToken ct = default)
    {
        var (value, next) = Read();
        return value ?? await next!.WaitAsync(ct);
    }

    // The figures once they hold every change made before the call: what a test reads before it looks at them.
    public async Task<Built> UpToDateAsync(CancellationToken ct = default)
    {
        while (Read() is { Building: { } next }) await next.WaitAsync(ct);
        return await GetAsync(ct);
    }

    // The last figures and the build under way when they are stale (started here if none is).
    private (Built? Last, Task<Built>? Building) Read()
    {
        lock (gate)
        {
            var generation = cache?.Generation ?? 0;
            var stale = last is not { } l || l.Generation != generation || clock.GetUtcNow() - l.Value.AsOf >= maximumAge;
            if (stale && building is null)
            {
                Interlocked.Increment(ref builds);
                // Shared by every reader, so no one reader's cancellation may stop it; off the request's thread.
                building = Task.Run(() => BuildAsync(generation));
            }
            return (last?.Value, stale ? building : null);
        }
    }

    private async Task<Built> BuildAsync(long generation)
    {
        try
        {
            var asOf = clock.GetUtcNow();
            var built = new Built(await build(CancellationToken.None), asOf);
            lock (gate) last = (built, generation);
            return built;
        }
        finally
        {
            lock (gate) building = null;
        }
    }
}
