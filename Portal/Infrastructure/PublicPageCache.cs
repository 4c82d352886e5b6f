using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Portal.Infrastructure;

// The query parameters a cached page or endpoint reads, as a comma-separated list (a constant, so that a page's
// attribute and an endpoint's metadata can share one). Only these, and the language, are part of its cache key.
[AttributeUsage(AttributeTargets.Class)]
public sealed class PublicQueryAttribute(string keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

// How long a public page is served from memory before it is built again. 0 turns the page cache off, so that a
// benchmark measures the build of a page rather than the cache.
public sealed class PublicPagesOptions
{
    public const string Section = "PublicPages";

    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 60;

    // How long a browser, proxy or CDN may keep a public page without asking again (Cache-Control max-age); after it,
    // asking costs a 304 when nothing changed (PublicResponses). 0: ask every time.
    [Range(0, 86400)]
    public int MaxAgeSeconds { get; set; } = 60;

    public TimeSpan Lifetime => TimeSpan.FromSeconds(CacheSeconds);
}

// Public pages are rendered once a minute per language and served from memory in between; anything that changes
// what they show evicts them at once. Each page or endpoint is kept once per value of the query parameters it reads
// (PublicQueryAttribute) and of the language: a made-up parameter cannot make the portal build it again.
// Several instances share one change counter in the database (PublicChange, owned here): a change through one
// instance evicts its own pages at once, and every other instance's within a second (PublicChangeWatcher).
public sealed class PublicPageCache(IOutputCacheStore store, Data.DbConnectionFactory db)
{
    private const string Bump = "UPDATE PublicChange SET Generation = Generation + 1 WHERE Id = 1";

    private const string SelectGeneration = "SELECT Generation FROM PublicChange WHERE Id = 1";

    private long seenInDatabase = -1;

    public const string Policy = "public";
    public const string Tag = "public-pages";
    private const string AntiforgeryCookie = "antiforgery=";

    // The request-culture provider's own parameters: they choose the language, so they always count.
    private static readonly string[] LanguageKeys = ["culture", "ui-culture"];

    private long generation;

    // Counts the changes, for what keeps its own copy of public data (the statistics).
    public long Generation => Interlocked.Read(ref generation);

    public static void Configure(OutputCacheOptions options, PublicPagesOptions pages) =>
        options.AddPolicy(Policy, b => (pages.CacheSeconds == 0 ? b.NoCache() : b.Expire(pages.Lifetime))
            .Tag(Tag)
            .AddPolicy<ReadQueryKeys>()
            // Absolute URLs come from Portal:PublicBaseUrl, never from the Host header, so a made-up host cannot force a build.
            .SetVaryByHost(false)
            // One copy per encoding (PublicResponses.ChooseEncoding leaves one in the header).
            .SetVaryByHeader(HeaderNames.AcceptEncoding)
            .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name))
            .VaryByValue(context => new KeyValuePair<string, string>("mode", ElderMode.IsOn(context) ? ElderMode.On : ElderMode.Off)));

    public async ValueTask ChangedAsync(CancellationToken ct = default)
    {
        await EvictAsync(ct);
        await using var c = await db.OpenAsync(ct);
        await Dapper.SqlMapper.ExecuteAsync(c, new Dapper.CommandDefinition(Bump, cancellationToken: ct));
    }

    // Evicts the pages when another instance changed something since the last check. The first check only reads.
    public async Task CheckAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var current = await Data.Transient.RetryAsync(() => Dapper.SqlMapper.ExecuteScalarAsync<long>(c, new Dapper.CommandDefinition(SelectGeneration, cancellationToken: ct)), ct);
        var seen = Interlocked.Exchange(ref seenInDatabase, current);
        if (seen >= 0 && seen != current) await EvictAsync(ct);
    }

    private ValueTask EvictAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref generation);
        return store.EvictByTagAsync(Tag, ct);
    }

    public static IReadOnlyList<string> QueryKeys(Endpoint? endpoint) =>
        [.. LanguageKeys, .. endpoint?.Metadata.GetMetadata<PublicQueryAttribute>()?.Keys ?? []];

    public static void Use(IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            if (IsCachedPage(context)) PublicResponses.ChooseEncoding(context);
            if (IsCachedPage(context) && CanonicalQuery(context) is { } canonical)
            {
                // A page shows its own address (the language switch returns to it), so a page asked for with
                // parameters it does not read is sent to its address without them, the one it is cached under.
                context.Response.Redirect($"{context.Request.PathBase}{context.Request.Path}{canonical}", permanent: true);
                return Task.CompletedTask;
            }
            return next(context);
        });
        app.UseOutputCache();
        // A Blazor app with interactive render modes issues an antiforgery cookie (and no-store) with every static
        // page, and the output cache refuses to store a response that sets a cookie. The cached public pages hold no
        // form, so for anonymous GETs of them the cookie is dropped before the headers go out.
        app.Use((context, next) =>
        {
            if (IsCachedPage(context))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    if (headers.SetCookie.Count > 0 && headers.SetCookie.All(c => c is not null && (c.StartsWith(AntiforgeryCookie, StringComparison.Ordinal) || c.StartsWith(Security.PortalAntiforgery.Cookie + "=", StringComparison.Ordinal))))
                    {
                        headers.Remove(HeaderNames.SetCookie);
                        headers.Remove(HeaderNames.Pragma);
                        // A page with its ETag may be kept (PublicResponses); anything else is asked for again.
                        if (headers.ETag.Count == 0) headers.CacheControl = "no-cache";
                    }
                    return Task.CompletedTask;
                });
            }
            return next(context);
        });
        PublicResponses.Use(app, IsCachedPage, app.ApplicationServices.GetRequiredService<PublicPagesOptions>());
    }

    private static bool IsCachedPage(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && context.User.Identity?.IsAuthenticated != true
        && context.GetEndpoint()?.Metadata.GetMetadata<OutputCacheAttribute>()?.PolicyName == Policy;

    // The query string without the parameters the page does not read; null when there are none to drop.
    private static QueryString? CanonicalQuery(HttpContext context)
    {
        var keys = QueryKeys(context.GetEndpoint());
        var query = context.Request.Query;
        if (query.Keys.All(k => keys.Contains(k, StringComparer.OrdinalIgnoreCase))) return null;
        return QueryString.Create(query.Where(q => keys.Contains(q.Key, StringComparer.OrdinalIgnoreCase)));
    }

    private sealed class ReadQueryKeys : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.CacheVaryByRules.QueryKeys = new StringValues([.. QueryKeys(context.HttpContext.GetEndpoint())]);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }
}

// Checks the shared change counter every second (PublicPageCache.CheckAsync).
public sealed class PublicChangeWatcher(PublicPageCache cache, TimeProvider clock, ILogger<PublicChangeWatcher> log) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await cache.CheckAsync(stoppingToken);
            }
            catch (System.Data.Common.DbException e)
            {
                log.LogWarning("Checking for changes by other instances failed: {Message}", e.Message);
            }
        }
    }
}

public static class PublicPageCacheEndpoints
{
    // A public endpoint cached under the policy, marked as the pages are (their [OutputCache] attribute), so that the
    // page cache's own steps (PublicResponses: compression, ETag, Cache-Control) find it by the same metadata.
    public static TBuilder CachePublic<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OutputCacheAttribute { PolicyName = PublicPageCache.Policy });
}
