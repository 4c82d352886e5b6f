using Microsoft.Extensions.Options;

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

    // Options that PublicUrls.Rules let through at start-up.
    public PublicUrls(IOptions<PortalOptions> options, IHostEnvironment environment) : this(Resolve(options.Value, environment.IsDevelopment()))
    {
    }

    // The configured address, or in Development http://localhost:5000; otherwise start-up stops with one line naming the key.
    public static PublicUrls From(PortalOptions options, bool development) => new(Resolve(options, development));

    private static Uri Resolve(PortalOptions options, bool development) =>
        Problem(options, development) is { } problem ? throw new PortalStartupException("Start-up stopped: " + problem) : Parse(Text(options, development)!)!;

    private static string? Text(PortalOptions options, bool development) =>
        options.PublicBaseUrl?.Trim() is { Length: > 0 } text ? text : development ? PortalOptions.DevelopmentBaseUrl : null;

    // What is wrong with Portal:PublicBaseUrl; null when nothing is.
    public static string? Problem(PortalOptions options, bool development) => Text(options, development) switch
    {
        null => $"{Key} is required outside Development: set it to the address the public reaches the portal at, e.g. https://gs.enyang.gov.cn.",
        var text when Parse(text) is null => $"{Key} must be an absolute http or https URL without user name, query or fragment, not '{text}'.",
        _ => null,
    };

    public sealed class Rules(IHostEnvironment environment) : IValidateOptions<PortalOptions>
    {
        public ValidateOptionsResult Validate(string? name, PortalOptions options) =>
            Problem(options, environment.IsDevelopment()) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
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

public static class PublicUrlsSetup
{
    public static IServiceCollection AddPublicUrls(this IServiceCollection services)
    {
        services.AddValidatedOptions<PortalOptions>(PortalOptions.Section);
        services.AddSingleton<IValidateOptions<PortalOptions>, PublicUrls.Rules>();
        return services.AddSingleton<PublicUrls>();
    }
}
