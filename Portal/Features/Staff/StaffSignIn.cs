using Microsoft.AspNetCore.Identity;

namespace Portal.Features.Staff;

public enum SignInStatus
{
    Succeeded,
    Invalid,
    LockedOut,
}

public sealed record SignInResult(SignInStatus Status, StaffUser? User = null, DateTime? LockedUntilUtc = null);

// Password sign-in with ASP.NET Core Identity's PasswordHasher: at least 10 characters, locked for 15 minutes
// after 5 failures in a row. An unknown name costs the same hashing as a wrong password.
public sealed class StaffSignIn(StaffUserStore users, Audit.AuditLog audit, TimeProvider clock)
{
    public const int MinimumPasswordLength = 10;
    public const int FailuresBeforeLockout = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<StaffUser> Hasher = new();
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-0");

    public static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinimumPasswordLength ? "Staff.PasswordTooShort" : null;

    public static string Hash(string password) =>
        PasswordProblem(password) is null ? Hasher.HashPassword(null!, password) : throw new ArgumentException("Password shorter than 10 characters.", nameof(password));

    public async Task<SignInResult> SignInAsync(string userName, string password, CancellationToken ct = default)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindAsync(userName, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (user is null || !user.IsActive)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password ?? "");
            // The typed name is not recorded: people type passwords into the wrong box.
            await audit.AppendAsync("SignInFailed", null, null, new { reason = "unknown user" }, ct);
            return new SignInResult(SignInStatus.Invalid);
        }
        if (user.LockedUntilUtc is { } until && until > now)
        {
            await audit.AppendAsync("SignInRefusedLocked", user.UserName, $"staff:{user.Id}", new { until }, ct);
            return new SignInResult(SignInStatus.LockedOut, user, until);
        }

        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "") == PasswordVerificationResult.Failed)
        {
            await users.RecordFailureAsync(user.Id, FailuresBeforeLockout, now + LockoutDuration, ct);
            var locked = user.FailedSignIns + 1 >= FailuresBeforeLockout;
            await audit.AppendAsync(locked ? "SignInFailedLocked" : "SignInFailed", user.UserName, $"staff:{user.Id}", new { failures = user.FailedSignIns + 1 }, ct);
            return locked ? new SignInResult(SignInStatus.LockedOut, user, now + LockoutDuration) : new SignInResult(SignInStatus.Invalid);
        }
        await users.RecordSuccessAsync(user.Id, ct);
        await audit.AppendAsync("SignInSucceeded", user.UserName, $"staff:{user.Id}", new { role = user.Role.ToString() }, ct);
        return new SignInResult(SignInStatus.Succeeded, user);
    }
}
