using Dapper;

namespace Portal.Infrastructure.Data;

// Which instance runs a background job, through the database (the only owner of JobLease): a job runs where it holds
// an unexpired lease. The holder renews its lease at each round; another instance takes it over once it has expired,
// so a job stops for at most one lease when its instance dies, and never runs on two instances at once.
public sealed class JobLeases(DbConnectionFactory db, TimeProvider clock)
{
    // This process, as the holder of its leases.
    public string Holder { get; } = $"{Environment.MachineName[..Math.Min(100, Environment.MachineName.Length)]}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private const string Renew = """
        UPDATE JobLease SET Holder = @holder, ExpiresUtc = @until
         WHERE Name = @name AND (Holder = @holder OR ExpiresUtc <= @now)
        """;

    private const string Insert = "INSERT INTO JobLease (Name, Holder, ExpiresUtc) VALUES (@name, @holder, @until)";

    // True when this instance holds the job's lease until now + length (renewed, taken over, or new).
    public async Task<bool> TryTakeAsync(string name, TimeSpan length, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var args = new { name, holder = Holder, now, until = now + length };
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(Renew, args, cancellationToken: ct)) == 1) return true;
        try
        {
            return await c.ExecuteAsync(new CommandDefinition(Insert, args, cancellationToken: ct)) == 1;
        }
        catch (System.Data.Common.DbException e) when (e.IsUniqueViolation())
        {
            return false; // another instance holds it
        }
    }
}
