using System.Security.Cryptography;
using OtpNet;
using QRCoder;

namespace Portal.Features.Accounts;

// The rules of the second factor, with no state: TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) through Otp.NET,
// the otpauth:// address an authenticator app reads from the QR code, and the one-time recovery codes.
public static class TwoFactorCodes
{
    public const int RecoveryCodeCount = 10;

    // Shown in the authenticator app beside the user name.
    public const string Issuer = "Enyang Portal";

    // No 0/o, 1/l/i: a recovery code is copied by hand from paper.
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    private const int RecoveryLength = 10;

    // 160 random bits, as RFC 4226 recommends, in the Base32 that authenticator apps take.
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public static string EnrolmentUri(string userName, string secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30";

    // The enrolment address as a QR code (PNG, as a data: URL for an img element; the page's CSP allows data: images).
    public static string QrDataUrl(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    // The secret as it is easiest to type: groups of four.
    public static string Grouped(string secret) => string.Join(' ', secret.Chunk(4).Select(c => new string(c)));

    // The time step a six-digit code matches at now — the current one or one either side, for a phone's clock and the
    // time it takes to type — provided it is later than the last step accepted, so that no code is good twice.
    public static long? MatchingStep(string secret, string? code, DateTime now, long lastStep)
    {
        var digits = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit)) return null;
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now, digits, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) && step > lastStep ? step : null;
    }

    public static IReadOnlyList<string> NewRecoveryCodes() =>
        Enumerable.Range(0, RecoveryCodeCount).Select(_ => Format(RandomNumberGenerator.GetString(RecoveryAlphabet, RecoveryLength))).ToList();

    // How a recovery code is compared: lower case, without the hyphen or spaces people add or leave out.
    public static string? NormalizedRecoveryCode(string? code)
    {
        var plain = new string((code ?? "").Where(c => c != '-' && !char.IsWhiteSpace(c)).Select(char.ToLowerInvariant).ToArray());
        return plain.Length == RecoveryLength && plain.All(RecoveryAlphabet.Contains) ? plain : null;
    }

    private static string Format(string plain) => $"{plain[..5]}-{plain[5..]}";
}
