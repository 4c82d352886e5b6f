using Dapper;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Features.Accounts;

// What a sign-in attempt may do, decided before its password is checked: its number within the window for the typed
// name from this address, and for every name from this address.
public sealed record SignInReservation(int NameAttempt, int AddressAttempt)
{
    public bool Allowed => NameAttempt <= SignInThrottle.AttemptsPerNameAndAddress && AddressAttempt <= SignInThrottle.AttemptsPerAddress;
}

// Counts sign-in attempts per client address (the only owner of SignInAttempt). The count is taken in the database,
// one atomic statement per counter, before the password is checked, so parallel attempts cannot slip past it. The limit
// is on an address, not on an account: whoever fails from one place never locks the owner out of theirs.
public sealed class SignInThrottle(DbConnectionFactory db, TimeProvider clock, PersonalDataProtector protector)
{
    public const int AttemptsPerNameAndAddress = 5;
    public const int AttemptsPerAddress = 20;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // The counter of every name from an address.
    private const string AnyName = "";

    private const string DeleteExpired = "DELETE FROM SignInAttempt WHERE WindowStartUtc <= @expired";

    private readonly string count = db.Dialect.CountUp("SignInAttempt", ["Address", "NameHash"], ["WindowStartUtc"], "Attempts");

    // A success forgets the name's failures from that address and gives the address its attempt back.
    private const string ForgetName = "DELETE FROM SignInAttempt WHERE Address = @address AND NameHash = @nameHash";

    private const string GiveBack = "UPDATE SignInAttempt SET Attempts = Attempts - 1 WHERE Address = @address AND NameHash = @anyName AND Attempts > 0";

    public async Task<SignInReservation> ReserveAsync(string address, string userName, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var c = await db.OpenAsync(ct);
        // Expired windows go first, on their own: deleted inside the reservation, two sign-ins could lock them in
        // different orders and deadlock on PostgreSQL and SQL Server.
        await c.ExecuteAsync(new CommandDefinition(DeleteExpired, new { expired = now - Window }, cancellationToken: ct));
        // Both counts or neither: a transaction that lost a deadlock was rolled back whole, so it is run again.
        return await Transient.RetryAsync(async () =>
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var forAddress = await c.ExecuteScalarAsync<int>(new CommandDefinition(count, new { Address = address, NameHash = AnyName, WindowStartUtc = now }, tx, cancellationToken: ct));
            var forName = await c.ExecuteScalarAsync<int>(new CommandDefinition(count, new { Address = address, NameHash = NameHash(userName), WindowStartUtc = now }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return new SignInReservation(forName, forAddress);
        }, ct);
    }

    public async Task SucceededAsync(string address, string userName, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(ForgetName, new { address, nameHash = NameHash(userName) }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(GiveBack, new { address, anyName = AnyName }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    // Keyed, because people type passwords into the name box: the table never holds what was typed.
    private string NameHash(string userName) => protector.Hash("sign-in name", userName.Trim().ToLowerInvariant());
}
