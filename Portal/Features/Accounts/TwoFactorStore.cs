using System.Data.Common;
using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Accounts;

public sealed record TwoFactorRow(long StaffUserId, string SecretCipher, long LastStep);

// The only owner of StaffTwoFactor and StaffRecoveryCode. Each use of a code is one conditional UPDATE, so that of two
// sign-ins racing with one code (or one recovery code) exactly one gets in.
public sealed class TwoFactorStore(DbConnectionFactory db, TimeProvider clock)
{
    private const string Select = "SELECT StaffUserId, SecretCipher, LastStep FROM StaffTwoFactor WHERE StaffUserId = @userId";

    private const string SelectEnrolled = "SELECT StaffUserId FROM StaffTwoFactor";

    private const string Insert = """
        INSERT INTO StaffTwoFactor (StaffUserId, SecretCipher, LastStep, EnrolledUtc)
        SELECT @userId, @cipher, @step, @now
         WHERE NOT EXISTS (SELECT 1 FROM StaffTwoFactor WHERE StaffUserId = @userId)
        """;

    private const string InsertCode = "INSERT INTO StaffRecoveryCode (StaffUserId, CodeHash) VALUES (@userId, @hash)";

    private const string UseStep = "UPDATE StaffTwoFactor SET LastStep = @step WHERE StaffUserId = @userId AND LastStep < @step";

    private const string UseCode = "UPDATE StaffRecoveryCode SET UsedUtc = @now WHERE StaffUserId = @userId AND CodeHash = CAST(@hash AS CHAR(64)) AND UsedUtc IS NULL";

    private const string CountUnused = "SELECT COUNT(*) FROM StaffRecoveryCode WHERE StaffUserId = @userId AND UsedUtc IS NULL";

    private const string DeleteCodes = "DELETE FROM StaffRecoveryCode WHERE StaffUserId = @userId";

    private const string Delete = "DELETE FROM StaffTwoFactor WHERE StaffUserId = @userId";

    public async Task<TwoFactorRow?> FindAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<TwoFactorRow>(new CommandDefinition(Select, new { userId }, cancellationToken: ct));
    }

    public async Task<IReadOnlySet<long>> EnrolledAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>(new CommandDefinition(SelectEnrolled, cancellationToken: ct))).ToHashSet();
    }

    // In the caller's transaction (with its audit event); false when the user enrolled meanwhile (another window).
    public async Task<bool> EnrolAsync(DbConnection c, DbTransaction tx, long userId, string cipher, long step, IEnumerable<string> codeHashes, CancellationToken ct)
    {
        if (await c.ExecuteAsync(new CommandDefinition(Insert, new { userId, cipher, step, now = Now }, tx, cancellationToken: ct)) != 1) return false;
        foreach (var hash in codeHashes) await c.ExecuteAsync(new CommandDefinition(InsertCode, new { userId, hash }, tx, cancellationToken: ct));
        return true;
    }

    public async Task<bool> UseStepAsync(long userId, long step, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(UseStep, new { userId, step }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> UseRecoveryCodeAsync(long userId, string hash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(UseCode, new { userId, hash = db.Dialect.Ansi(hash), now = Now }, cancellationToken: ct)) == 1;
    }

    public async Task<int> UnusedRecoveryCodesAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(CountUnused, new { userId }, cancellationToken: ct));
    }

    // In the caller's transaction (an administrator's reset, with its audit event); true when there was one.
    public async Task<bool> ResetAsync(DbConnection c, DbTransaction tx, long userId, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(DeleteCodes, new { userId }, tx, cancellationToken: ct));
        return await c.ExecuteAsync(new CommandDefinition(Delete, new { userId }, tx, cancellationToken: ct)) == 1;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
