using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Portal.Infrastructure;

// Public pages are rendered once a minute per language and served from memory in between; anything that changes
// what they show evicts them at once.
public sealed class PublicPageCache(IOutputCacheStore store)
{
    public const string Policy = "public";
    public const string Tag = "public-pages";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private const string AntiforgeryCookie = "antiforgery=";

    public static void Configure(OutputCacheOptions options) =>
        options.AddPolicy(Policy, b => b
            .Expire(Lifetime)
            .Tag(Tag)
            .SetVaryByQuery("*")
            .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name)));

    public ValueTask ChangedAsync(CancellationToken ct = default) => store.EvictByTagAsync(Tag, ct);

    // A Blazor app with interactive render modes issues an antiforgery cookie (and no-store) with every static page,
    // and the output cache refuses to store a response that sets a cookie. The cached public pages hold no form, so
    // for anonymous GETs of them the cookie is dropped before the headers go out.
    public static void Use(IApplicationBuilder app)
    {
        app.UseOutputCache();
        app.Use((context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) && context.User.Identity?.IsAuthenticated != true
                && context.GetEndpoint()?.Metadata.GetMetadata<OutputCacheAttribute>()?.PolicyName == Policy)
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    if (headers.SetCookie.Count > 0 && headers.SetCookie.All(c => c is not null && (c.StartsWith(AntiforgeryCookie, StringComparison.Ordinal) || c.StartsWith(PortalSetup.AntiforgeryCookie + "=", StringComparison.Ordinal))))
                    {
                        headers.Remove(HeaderNames.SetCookie);
                        headers.Remove(HeaderNames.Pragma);
                        headers.CacheControl = "no-cache";
                    }
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
    }
}
