using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Security;

public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    // The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; none by default.
    public string[] KnownProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext context) =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => new ValidationResult($"{Section}:{nameof(KnownProxies)} must list IP addresses, not '{p}'."));
}

public static class KnownProxies
{
    // The client address is the connection's, unless the proxy in front is one named in ForwardedHeaders:KnownProxies.
    // True when there is one.
    public static bool Use(WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.KnownProxies;
        if (proxies.Length == 0) return false;
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        app.UseForwardedHeaders(forwarded);
        return true;
    }
}
