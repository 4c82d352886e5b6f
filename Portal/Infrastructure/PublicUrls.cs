namespace Portal.Infrastructure;

public sealed class PortalOptions
{
    public const string Section = "Portal";

    public const string DevelopmentBaseUrl = "http://localhost:5000";

    // The address villagers reach the portal at, e.g. https://gs.enyang.gov.cn; required outside Development.
    public string? PublicBaseUrl { get; set; }
}

// Every absolute URL the portal prints (the notice's QR code, the receipt's, the feed's links and ids) starts from
// Portal:PublicBaseUrl, never from the request's Host header: whoever sends a request chooses that, and a printed
// notice or a cached feed would carry their address to everyone.
public sealed class PublicUrls(Uri baseUrl)
{
    private const string Key = PortalOptions.Section + ":" + nameof(PortalOptions.PublicBaseUrl);

    private readonly string root = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public string Root => root;

    // path starts with "/": "/announcements/12" → "https://gs.enyang.gov.cn/announcements/12".
    public string Absolute(string path) => root + path;

    // The configured address, or in Development http://localhost:5000; otherwise start-up stops with one line naming the key.
    public static PublicUrls From(PortalOptions options, bool development)
    {
        var text = options.PublicBaseUrl?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (development) text = PortalOptions.DevelopmentBaseUrl;
            else throw new PortalStartupException($"Start-up stopped: {Key} is required outside Development: set it to the address the public reaches the portal at, e.g. https://gs.enyang.gov.cn.");
        }
        return Parse(text) is { } url
            ? new PublicUrls(url)
            : throw new PortalStartupException($"Start-up stopped: {Key} must be an absolute http or https URL without user name, query or fragment, not '{text}'.");
    }

    public static Uri? Parse(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url)
        && url.Scheme is "http" or "https"
        && url.Host.Length > 0
        && url.UserInfo.Length == 0
        && url.Query.Length == 0 && url.Fragment.Length == 0
        && !text.Contains('?') && !text.Contains('#')
            ? url
            : null;
}
