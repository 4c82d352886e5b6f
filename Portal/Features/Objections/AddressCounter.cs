using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Objections;

public enum AddressEventKind
{
    Submission,
    FailedLookup,
}

// Counts events per client address over a sliding hour, in the database (the only owner of AddressEvent), so that
// behind a load balancer every instance counts the same events. An event is written first and then counted with the
// ones before it, so parallel posts from one address cannot slip past the limit together, on one instance or several.
public sealed class AddressCounter(DbConnectionFactory db, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // An address as the limits key it (IPv6 is at most 45 characters; anything longer is cut, never refused).
    private const int AddressLength = 64;

    private const string DeleteExpiredOfAddress = "DELETE FROM AddressEvent WHERE Kind = @kind AND Address = @address AND AtUtc <= @cutoff";

    private const string DeleteExpired = "DELETE FROM AddressEvent WHERE AtUtc <= @cutoff";

    private readonly string insert = db.Dialect.InsertReturningId("AddressEvent", "Kind, Address, AtUtc", "@kind, @address, @now");

    private const string CountUpTo = """
        SELECT COUNT(*) FROM AddressEvent
         WHERE Kind = @kind AND Address = @address AND AtUtc > @cutoff AND Id <= @id
        """;

    private const string Count = "SELECT COUNT(*) FROM AddressEvent WHERE Kind = @kind AND Address = @address AND AtUtc > @cutoff";

    private const string Oldest = "SELECT MIN(AtUtc) FROM AddressEvent WHERE Kind = @kind AND Address = @address AND AtUtc > @cutoff";

    private const string DeleteOne = "DELETE FROM AddressEvent WHERE Id = @id";

    private const string DeleteNewest = """
        DELETE FROM AddressEvent
         WHERE Id = (SELECT MAX(Id) FROM AddressEvent WHERE Kind = @kind AND Address = @address AND AtUtc > @cutoff)
        """;

    private long calls;

    // Null while the address has had fewer than limit events this hour; otherwise how long until the oldest expires.
    public async Task<TimeSpan?> WaitAsync(AddressEventKind kind, string address, int limit, CancellationToken ct)
    {
        var args = Args(kind, address);
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition(Count, args, cancellationToken: ct)) < limit) return null;
        return await WaitFromOldestAsync(c, args, ct);
    }

    // Counts one event unless the address is at its limit; then how long it has to wait.
    public async Task<TimeSpan?> TryAddAsync(AddressEventKind kind, string address, int limit, CancellationToken ct)
    {
        var args = Args(kind, address);
        await using var c = await db.OpenAsync(ct);
        await SweepAsync(c, args, ct);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(insert, args, cancellationToken: ct));
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition(CountUpTo, new { args.kind, args.address, args.cutoff, id }, cancellationToken: ct)) <= limit) return null;
        await c.ExecuteAsync(new CommandDefinition(DeleteOne, new { id }, cancellationToken: CancellationToken.None));
        return await WaitFromOldestAsync(c, args, ct);
    }

    public async Task AddAsync(AddressEventKind kind, string address, CancellationToken ct) => await TryAddAsync(kind, address, int.MaxValue, ct);

    // Gives back the newest event: a reserved place whose submission was not accepted after all.
    public async Task RemoveNewestAsync(AddressEventKind kind, string address, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(DeleteNewest, Args(kind, address), cancellationToken: ct));
    }

    private async Task<TimeSpan?> WaitFromOldestAsync(System.Data.Common.DbConnection c, EventArgs args, CancellationToken ct)
    {
        var oldest = await c.ExecuteScalarAsync<DateTime?>(new CommandDefinition(Oldest, args, cancellationToken: ct));
        var wait = oldest is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) + Window - clock.GetUtcNow().UtcDateTime : Window;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    // The address's own expired events at each call; everyone's every thousand calls.
    private async Task SweepAsync(System.Data.Common.DbConnection c, EventArgs args, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(DeleteExpiredOfAddress, args, cancellationToken: ct));
        if (Interlocked.Increment(ref calls) % 1000 == 0) await c.ExecuteAsync(new CommandDefinition(DeleteExpired, args, cancellationToken: ct));
    }

    private EventArgs Args(AddressEventKind kind, string address)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new EventArgs(kind.ToString(), address.Length > AddressLength ? address[..AddressLength] : address, now, now - Window);
    }

    private sealed record EventArgs(string kind, string address, DateTime now, DateTime cutoff);
}
