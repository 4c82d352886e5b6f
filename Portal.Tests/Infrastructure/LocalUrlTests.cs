using Portal.Infrastructure;

namespace Portal.Tests.Infrastructure;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/announcements?q=%E5%BC%A0&page=2")]
    public void OrDefault_PathOnThisSite_IsKept(string url) => Assert.Equal(url, LocalUrl.OrDefault(url, "/fallback"));

    // Elsewhere, or nothing a Location header can carry (Kestrel fails the response on a line break or a raw emoji).
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/a\r\nSet-Cookie: x=1")]
    [InlineData("/\0")]
    [InlineData("/👨‍👩‍👧")]
    [InlineData("/村")]
    [InlineData("/a b")]
    public void OrDefault_AnythingElse_IsTheFallback(string? url) => Assert.Equal("/fallback", LocalUrl.OrDefault(url, "/fallback"));
}
