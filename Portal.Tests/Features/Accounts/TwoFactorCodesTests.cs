using Portal.Features.Accounts;

namespace Portal.Tests.Features.Accounts;

// The second factor's rules against RFC 6238's own test values (Appendix B: the ASCII secret "12345678901234567890",
// SHA-1; the six-digit code is the last six of the eight-digit value the RFC prints).
public sealed class TwoFactorCodesTests
{
    // "12345678901234567890" in Base32.
    private const string RfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static DateTime At(long unixSeconds) => DateTime.UnixEpoch.AddSeconds(unixSeconds);

    [Theory]
    [InlineData(59, "287082", 1)]
    [InlineData(1111111109, "081804", 37037036)]
    [InlineData(1234567890, "005924", 41152263)]
    [InlineData(2000000000, "279037", 66666666)]
    public void MatchingStep_RfcTestValues_AreAcceptedAtTheirStep(long unixSeconds, string code, long step) =>
        Assert.Equal(step, TwoFactorCodes.MatchingStep(RfcSecret, code, At(unixSeconds), lastStep: -1));

    [Fact]
    public void MatchingStep_OneStepEitherSide_IsAcceptedForClockDrift_TwoIsNot()
    {
        // 287082 is step 1 (seconds 30–59).
        Assert.Equal(1, TwoFactorCodes.MatchingStep(RfcSecret, "287082", At(89), -1));
        Assert.Equal(1, TwoFactorCodes.MatchingStep(RfcSecret, "287082", At(5), -1));
        Assert.Null(TwoFactorCodes.MatchingStep(RfcSecret, "287082", At(95), -1));
    }

    [Fact]
    public void MatchingStep_ACodeOfAStepAlreadyUsed_IsRefused()
    {
        Assert.Null(TwoFactorCodes.MatchingStep(RfcSecret, "287082", At(59), lastStep: 1));
        Assert.Null(TwoFactorCodes.MatchingStep(RfcSecret, "287082", At(59), lastStep: 2));
    }

    [Theory]
    [InlineData("287 082")]
    [InlineData(" 287082 ")]
    public void MatchingStep_SpacesTypedInTheCode_AreIgnored(string typed) =>
        Assert.Equal(1, TwoFactorCodes.MatchingStep(RfcSecret, typed, At(59), -1));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("28708")]
    [InlineData("2870821")]
    [InlineData("28708x")]
    [InlineData("287083")]
    public void MatchingStep_AnythingButTheRightSixDigits_IsRefused(string? typed) =>
        Assert.Null(TwoFactorCodes.MatchingStep(RfcSecret, typed, At(59), -1));

    [Fact]
    public void NewSecret_Is160RandomBitsInBase32()
    {
        var a = TwoFactorCodes.NewSecret();
        Assert.Equal(32, a.Length);
        Assert.Matches("^[A-Z2-7]{32}$", a);
        Assert.NotEqual(a, TwoFactorCodes.NewSecret());
    }

    [Fact]
    public void EnrolmentUri_NamesTheIssuerTheUserAndTheSecret()
    {
        var uri = new Uri(TwoFactorCodes.EnrolmentUri("inspector", RfcSecret));

        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal("/Enyang Portal:inspector", Uri.UnescapeDataString(uri.AbsolutePath));
        Assert.Contains($"secret={RfcSecret}", uri.Query);
        Assert.Contains("digits=6", uri.Query);
        Assert.Contains("period=30", uri.Query);
    }

    [Fact]
    public void NewRecoveryCodes_AreTenDifferentCodesEasyToCopy()
    {
        var codes = TwoFactorCodes.NewRecoveryCodes();

        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-hj-km-np-z2-9]{5}-[a-hj-km-np-z2-9]{5}$", c));
    }

    [Theory]
    [InlineData("abcde-fghjk", "abcdefghjk")]
    [InlineData("ABCDE FGHJK", "abcdefghjk")]
    [InlineData("abcdefghjk", "abcdefghjk")]
    [InlineData("abcde-fghj", null)]
    [InlineData("abcde-fghj0", null)]
    [InlineData("123456", null)]
    public void NormalizedRecoveryCode_IgnoresCaseHyphenAndSpaces(string typed, string? expected) =>
        Assert.Equal(expected, TwoFactorCodes.NormalizedRecoveryCode(typed));

    [Fact]
    public void QrDataUrl_IsAPngImage()
    {
        var url = TwoFactorCodes.QrDataUrl(TwoFactorCodes.EnrolmentUri("inspector", RfcSecret));

        Assert.StartsWith("data:image/png;base64,", url);
        var png = Convert.FromBase64String(url["data:image/png;base64,".Length..]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }
}
