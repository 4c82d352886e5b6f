using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Security;

namespace Portal.Features.Accounts;

public enum SignInStatus
{
    Succeeded,
    Invalid,

    // Too many attempts from this address; told to the user in the same words as Invalid.
    Throttled,

    // The password was right; the code from the user's authenticator app (or a recovery code) comes next.
    CodeNeeded,

    // The password was right and the role needs a second factor the user has not set up: the QR code comes next.
    EnrolmentNeeded,

    // The second step came too late (Ticket's lifetime) or from elsewhere: start again with the password.
    Expired,
}

// A secret being set up: the QR code carries Uri, and Secret is shown for typing into an app by hand.
public sealed record TwoFactorEnrolment(string Secret, string Uri);

// Ticket carries a sign-in from its password step to its code step; RecoveryCodes are shown once, at enrolment.
public sealed record SignInResult(SignInStatus Status, StaffUser? User = null, string? Ticket = null, TwoFactorEnrolment? Enrolment = null, IReadOnlyList<string>? RecoveryCodes = null);

// Password sign-in with ASP.NET Core Identity's PasswordHasher (at least 10 characters), throttled per client address
// by SignInThrottle. Every refusal — unknown name, wrong password, too many attempts — costs the same hashing and gets
// the same answer, so the answer never tells whether an account exists. A user with a second factor, or whose role
// needs one (TwoFactorOptions), is signed in only by the code step, which counts towards the same throttle: a wrong code
// is a failed attempt like a wrong password, and the password's own attempt is given back only when the code is right.
public sealed class StaffSignIn(
    StaffUserStore users, SignInThrottle throttle, Audit.AuditLog audit, TwoFactorStore twoFactor, IOptions<TwoFactorOptions> options,
    PersonalDataProtector personalData, IDataProtectionProvider protection, Infrastructure.Data.DbConnectionFactory db, TimeProvider clock)
{
    public const int MinimumPasswordLength = 10;

    // How long the code step may take after the password.
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(10);

    private readonly ITimeLimitedDataProtector tickets = protection.CreateProtector("Portal.StaffSignIn.Ticket").ToTimeLimitedDataProtector();

    // Who proved their password, from where, and for an enrolment the secret shown to them.
    private sealed record Ticket(long UserId, string UserName, string Address, string? Secret);

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
        if (await twoFactor.FindAsync(user.Id, ct) is not null)
        {
            return new SignInResult(SignInStatus.CodeNeeded, Ticket: Issue(new Ticket(user.Id, user.UserName, address, null)));
        }
        if (options.Value.Requires(user.Role))
        {
            var secret = TwoFactorCodes.NewSecret();
            return new SignInResult(SignInStatus.EnrolmentNeeded, Ticket: Issue(new Ticket(user.Id, user.UserName, address, secret)), Enrolment: EnrolmentOf(user.UserName, secret));
        }
        return await SucceededAsync(user, address, factor: null, recoveryCodes: null, ct);
    }

    // The code step: a six-digit code from the app (or, for an enrolled user, a recovery code). A refusal keeps the
    // ticket, so that the user types the code again without the password, until the throttle or the ticket runs out.
    public async Task<SignInResult> CompleteAsync(string? ticketText, string? code, string address, CancellationToken ct = default)
    {
        if (Read(ticketText, address) is not { } ticket) return new SignInResult(SignInStatus.Expired);
        var enrolment = ticket.Secret is { } s ? EnrolmentOf(ticket.UserName, s) : null;
        var attempt = await throttle.ReserveAsync(address, ticket.UserName, ct);
        var user = await users.FindAsync(ticket.UserName, ct);
        if (user is not { IsActive: true } || user.Id != ticket.UserId) return new SignInResult(SignInStatus.Expired);
        if (!attempt.Allowed) return new SignInResult(SignInStatus.Throttled, Ticket: ticketText, Enrolment: enrolment);
        if (ticket.Secret is not null)
        {
            if (await EnrolAsync(user, ticket.Secret, code, ct) is { } recoveryCodes) return await SucceededAsync(user, address, "totp", recoveryCodes, ct);
        }
        else if (await twoFactor.FindAsync(user.Id, ct) is not { } row)
        {
            // Reset by an administrator since the password step.
            return new SignInResult(SignInStatus.Expired);
        }
        else if (await VerifyAsync(row, code, ct) is { } factor)
        {
            return await SucceededAsync(user, address, factor, recoveryCodes: null, ct);
        }
        await AuditFailureAsync(user, attempt, ct);
        return new SignInResult(SignInStatus.Invalid, Ticket: ticketText, Enrolment: enrolment);
    }

    // The secret, its ten recovery codes and the audit event together, once the user has shown that their app makes
    // the secret's codes; null when the code is wrong or the user enrolled meanwhile in another window.
    private async Task<IReadOnlyList<string>?> EnrolAsync(StaffUser user, string secret, string? code, CancellationToken ct)
    {
        if (TwoFactorCodes.MatchingStep(secret, code, Now, lastStep: -1) is not { } step) return null;
        var recoveryCodes = TwoFactorCodes.NewRecoveryCodes();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var hashes = recoveryCodes.Select(r => RecoveryHash(TwoFactorCodes.NormalizedRecoveryCode(r)!));
        if (!await twoFactor.EnrolAsync(c, tx, user.Id, personalData.Protect(secret), step, hashes, ct)) return null;
        await audit.AppendAsync(c, tx, "TwoFactorEnrolled", user.UserName, $"staff:{user.Id}", new { recoveryCodes = recoveryCodes.Count }, ct);
        await tx.CommitAsync(ct);
        return recoveryCodes;
    }

    // Which factor the code proves, or null: a fresh TOTP code, else an unused recovery code (used up by this).
    private async Task<string?> VerifyAsync(TwoFactorRow row, string? code, CancellationToken ct)
    {
        if (TwoFactorCodes.MatchingStep(personalData.Unprotect(row.SecretCipher), code, Now, row.LastStep) is { } step)
        {
            return await twoFactor.UseStepAsync(row.StaffUserId, step, ct) ? "totp" : null;
        }
        if (TwoFactorCodes.NormalizedRecoveryCode(code) is { } recovery && await twoFactor.UseRecoveryCodeAsync(row.StaffUserId, RecoveryHash(recovery), ct))
        {
            return "recovery code";
        }
        return null;
    }

    private async Task<SignInResult> SucceededAsync(StaffUser user, string address, string? factor, IReadOnlyList<string>? recoveryCodes, CancellationToken ct)
    {
        await throttle.SucceededAsync(address, user.UserName, ct);
        object details = factor switch
        {
            null => new { role = user.Role.ToString() },
            "recovery code" => new { role = user.Role.ToString(), factor, recoveryCodesLeft = await twoFactor.UnusedRecoveryCodesAsync(user.Id, ct) },
            _ => new { role = user.Role.ToString(), factor },
        };
        await audit.AppendAsync("SignInSucceeded", user.UserName, $"staff:{user.Id}", details, ct);
        return new SignInResult(SignInStatus.Succeeded, user, RecoveryCodes: recoveryCodes);
    }

    private static TwoFactorEnrolment EnrolmentOf(string userName, string secret) => new(secret, TwoFactorCodes.EnrolmentUri(userName, secret));

    private string Issue(Ticket ticket) => tickets.Protect(JsonSerializer.Serialize(ticket), TicketLifetime);

    private Ticket? Read(string? text, string address)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4000) return null;
        try
        {
            var ticket = JsonSerializer.Deserialize<Ticket>(tickets.Unprotect(text));
            return ticket is not null && ticket.Address == address ? ticket : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    private string RecoveryHash(string normalized) => personalData.Hash("staff recovery code", normalized);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

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
