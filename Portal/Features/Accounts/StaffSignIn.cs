using Microsoft.AspNetCore.Identity;

namespace Portal.Features.Accounts;

public enum SignInStatus
{
    Succeeded,
    Invalid,

    // Too many attempts from this address; told to the user in the same words as Invalid.
    Throttled,
}

public sealed record SignInResult(SignInStatus Status, StaffUser? User = null);

// Password sign-in with ASP.NET Core Identity's PasswordHasher (at least 10 characters), throttled per client address
// by SignInThrottle. Every refusal — unknown name, wrong password, too many attempts — costs the same hashing and gets
// the same answer, so the answer never tells whether an account exists.
public sealed class StaffSignIn(StaffUserStore users, SignInThrottle throttle, Audit.AuditLog audit)
{
    public const int MinimumPasswordLength = 10;

    private static readonly PasswordHasher<StaffUser> Hasher = new();
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-0");

    public static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinimumPasswordLength ? "Staff.PasswordTooShort" : null;

    public static string Hash(string password) =>
        PasswordProblem(password) is null ? Hasher.HashPassword(null!, password) : throw new ArgumentException("Password shorter than 10 characters.", nameof(password));

    public async Task<SignInResult> SignInAsync(string userName, string password, string address, CancellationToken ct = default)
    {
        userName = (userName ?? "").Trim();
        password ??= "";
        var attempt = await throttle.ReserveAsync(address, userName, ct);
        var user = attempt.Allowed && userName.Length > 0 ? await users.FindAsync(userName, ct) : null;
        if (user is not { IsActive: true } || Hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            if (user is not { IsActive: true }) Hasher.VerifyHashedPassword(null!, DummyHash, password);
            if (!attempt.Allowed) return new SignInResult(SignInStatus.Throttled);
            await AuditFailureAsync(user is { IsActive: true } ? user : null, attempt, ct);
            return new SignInResult(SignInStatus.Invalid);
        }
        await throttle.SucceededAsync(address, userName, ct);
        await audit.AppendAsync("SignInSucceeded", user.UserName, $"staff:{user.Id}", new { role = user.Role.ToString() }, ct);
        return new SignInResult(SignInStatus.Succeeded, user);
    }

    // Failures are audited in aggregate, so that guessing cannot grow the chain without bound: for a known account its
    // first failure from an address in a window and the one that stops that address trying it; for unknown names
    // (never recorded: people type passwords into the wrong box) the first from an address and the one that stops it.
    private Task AuditFailureAsync(StaffUser? user, SignInReservation attempt, CancellationToken ct)
    {
        if (attempt.AddressAttempt == SignInThrottle.AttemptsPerAddress)
        {
            return audit.AppendAsync("SignInAddressLocked", user?.UserName, user is null ? null : $"staff:{user.Id}", new { attempts = attempt.AddressAttempt, minutes = SignInThrottle.Window.TotalMinutes }, ct);
        }
        if (user is null)
        {
            return attempt.AddressAttempt == 1 ? audit.AppendAsync("SignInFailed", null, null, new { reason = "unknown user" }, ct) : Task.CompletedTask;
        }
        if (attempt.NameAttempt == SignInThrottle.AttemptsPerNameAndAddress)
        {
            return audit.AppendAsync("SignInFailedLocked", user.UserName, $"staff:{user.Id}", new { failures = attempt.NameAttempt, minutes = SignInThrottle.Window.TotalMinutes }, ct);
        }
        return attempt.NameAttempt == 1 ? audit.AppendAsync("SignInFailed", user.UserName, $"staff:{user.Id}", new { failures = 1 }, ct) : Task.CompletedTask;
    }
}
