using System.Data.Common;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Features.Accounts;

public sealed record StaffSessionRow
{
    public long Id { get; init; }
    public DateTime CreatedUtc { get; init; }
    public DateTime LastSeenUtc { get; init; }
    public DateTime? EndedUtc { get; init; }
    public bool IsActive { get; init; }
    public bool StampMatches { get; init; }
}

// The server's side of every staff sign-in (the only owner of StaffSession). The cookie carries a random token; every
// request and every event of an open staff window asks IsLiveAsync, so signing out, deactivation and 30 idle minutes
// end the cookie and the windows alike, on every instance.
public sealed class StaffSessions(DbConnectionFactory db, TimeProvider clock, IOptions<SecurityOptions> options)
{
    public const string Claim = "portal:session";

    // The longest a sign-in lasts however busy it is: a working day. Idleness is enforced here, not by the cookie.
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(10);

    // The last-seen time is written at most this often, so that a busy window does not write on every click.
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private TimeSpan Idle => TimeSpan.FromMinutes(options.Value.IdleMinutes);

    private const string Insert = """
        INSERT INTO StaffSession (TokenHash, StaffUserId, SecurityStamp, CreatedUtc, LastSeenUtc)
        SELECT @hash, Id, SecurityStamp, @now, @now
          FROM StaffUser
         WHERE Id = @userId
        """;

    private const string SelectByToken = """
        SELECT s.Id, s.CreatedUtc, s.LastSeenUtc, s.EndedUtc, u.IsActive,
               CASE WHEN u.SecurityStamp = s.SecurityStamp THEN 1 ELSE 0 END AS StampMatches
          FROM StaffSession s
          JOIN StaffUser u ON u.Id = s.StaffUserId
         WHERE s.TokenHash = @hash
        """;

    private const string Touch = "UPDATE StaffSession SET LastSeenUtc = @now WHERE Id = @id AND EndedUtc IS NULL";

    private const string End = "UPDATE StaffSession SET EndedUtc = @now WHERE Id = @id AND EndedUtc IS NULL";

    private const string EndByToken = "UPDATE StaffSession SET EndedUtc = @now WHERE TokenHash = @hash AND EndedUtc IS NULL";

    private const string EndAllOfUser = "UPDATE StaffSession SET EndedUtc = @now WHERE StaffUserId = @userId AND EndedUtc IS NULL";

    // A session counts while it has not been ended, its user is active with the stamp it started with, it is younger
    // than Lifetime and it was last used less than the idle time ago.
    public static bool IsLive(StaffSessionRow s, DateTime now, TimeSpan idle) =>
        s.EndedUtc is null && s.IsActive && s.StampMatches && now - s.CreatedUtc < Lifetime && now - s.LastSeenUtc < idle;

    // A new session for a user who has just proved their password; its token goes into the cookie as the Claim.
    public async Task<Claim> StartAsync(long userId, CancellationToken ct = default)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(Insert, new { hash = HashOf(token), userId, now = Now }, cancellationToken: ct));
        return new Claim(Claim, token);
    }

    // Whether the signed-in user's session still counts; activity (a request, an event of a window) restarts its idle
    // time, a check alone (the window's periodic revalidation) does not. A session found dead is ended for good.
    public async Task<bool> IsLiveAsync(ClaimsPrincipal user, bool activity, CancellationToken ct = default)
    {
        if (user.FindFirst(Claim)?.Value is not { Length: > 0 } token) return false;
        await using var c = await db.OpenAsync(ct);
        var s = await c.QuerySingleOrDefaultAsync<StaffSessionRow>(new CommandDefinition(SelectByToken, new { hash = db.Dialect.Ansi(HashOf(token)) }, cancellationToken: ct));
        if (s is null) return false;
        var now = Now;
        if (!IsLive(s, now, Idle))
        {
            if (s.EndedUtc is null) await c.ExecuteAsync(new CommandDefinition(End, new { id = s.Id, now }, cancellationToken: ct));
            return false;
        }
        if (activity && now - s.LastSeenUtc >= TouchEvery) await c.ExecuteAsync(new CommandDefinition(Touch, new { id = s.Id, now }, cancellationToken: ct));
        return true;
    }

    // Signing out: the cookie is deleted in the browser, and the session here, so a copy of the cookie opens nothing.
    public async Task EndAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.FindFirst(Claim)?.Value is not { Length: > 0 } token) return;
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(EndByToken, new { hash = db.Dialect.Ansi(HashOf(token)), now = Now }, cancellationToken: ct));
    }

    // Inside the caller's transaction (deactivating the account).
    public Task EndAllAsync(DbConnection c, DbTransaction tx, long userId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(EndAllOfUser, new { userId, now = Now }, tx, cancellationToken: ct));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
