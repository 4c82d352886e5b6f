using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Portal.Infrastructure;

// What a weak network needs from the cached public outputs (PublicPageCache: pages, API answers, CSV, feeds): Brotli or
// gzip when the client asks for it; a strong ETag over the bytes sent, so that a repeat visit is a 304 of no body; and
// Cache-Control "public, max-age" (PublicPages:MaxAgeSeconds), so that a proxy or CDN may carry them. They run inside
// the output cache, which therefore keeps each page compressed with its ETag, once per encoding: a hit costs no
// compression and the cache answers If-None-Match itself. Nothing else is compressed: a staff page or a form carries a
// secret (an antiforgery token) beside what was typed, which is what BREACH reads through compression.
public static class PublicResponses
{
    private static readonly string[] Compressible =
        ["text/html", "application/json", "application/problem+json", "text/csv", "application/atom+xml", "text/plain", "image/svg+xml"];

    public static void AddPublicResponses(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = Compressible;
        });
        // Each page is compressed once a minute at most (the cache keeps the result), so the smaller output is worth it.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.SmallestSize);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.SmallestSize);
    }

    // Before the output cache: the client's Accept-Encoding becomes the one encoding it will get ("br", "gzip" or none),
    // so that the cache keeps one copy per encoding, not one per browser's way of asking.
    public static void ChooseEncoding(HttpContext context)
    {
        var chosen = Encoding(context.Request.Headers.AcceptEncoding);
        if (chosen is null) context.Request.Headers.Remove(HeaderNames.AcceptEncoding);
        else context.Request.Headers.AcceptEncoding = chosen;
    }

    // The best encoding the header accepts (a quality above zero, or * for both), null for none.
    public static string? Encoding(Microsoft.Extensions.Primitives.StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var offered)) return null;
        double Quality(string name) => offered.Where(o => o.Value.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(o => o.Quality ?? 1).DefaultIfEmpty(-1).Max();
        var any = Quality("*");
        foreach (var name in (string[])["br", "gzip"])
        {
            var q = Quality(name);
            if (q > 0 || (q < 0 && any > 0)) return name;
        }
        return null;
    }

    // Inside the output cache, for the cached public outputs only: compression, then the ETag over what it produced.
    public static void Use(IApplicationBuilder app, Func<HttpContext, bool> isPublic, PublicPagesOptions pages) =>
        app.UseWhen(isPublic, branch =>
        {
            branch.Use((context, next) => TagAsync(context, next, pages));
            branch.UseResponseCompression();
            branch.Use(WithoutComponentStateAsync);
        });

    private static ReadOnlySpan<byte> StateStart => "<!--Blazor-Server-Component-State:"u8;

    private static ReadOnlySpan<byte> StateEnd => "-->"u8;

    // .NET 10 writes the components' persisted state (an antiforgery token, protected afresh every time) at the end of
    // every static page, for enhanced navigation to hand to interactive components. A public page loads no script and
    // has none, and a page that differs at every build could never match its ETag after the cache's minute: it is left out.
    private static async Task WithoutComponentStateAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        using var buffer = await BufferedAsync(context, next);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var start = context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true ? bytes.Span.IndexOf(StateStart) : -1;
        var length = start < 0 ? -1 : bytes.Span[start..].IndexOf(StateEnd);
        if (length >= 0)
        {
            await body.WriteAsync(bytes[..start], context.RequestAborted);
            bytes = bytes[(start + length + StateEnd.Length)..];
        }
        await body.WriteAsync(bytes, context.RequestAborted);
    }

    private static async Task TagAsync(HttpContext context, RequestDelegate next, PublicPagesOptions pages)
    {
        var body = context.Response.Body;
        using var buffer = await BufferedAsync(context, next);
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"");
            response.Headers.ETag = tag.ToString();
            response.Headers.CacheControl = $"public, max-age={pages.MaxAgeSeconds}";
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            response.Headers.Remove(HeaderNames.Pragma);
            if (NotModified(context.Request, tag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.Headers.ContentLength = null;
                response.Headers.Remove(HeaderNames.ContentType);
                return;
            }
        }
        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    // What the rest of the pipeline writes, kept in memory (a public output is a page, an API answer or a file).
    private static async Task<MemoryStream> BufferedAsync(HttpContext context, RequestDelegate next)
    {
        var body = context.Response.Body;
        var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        return buffer;
    }

    private static bool NotModified(HttpRequest request, EntityTagHeaderValue tag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false));
}
