using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Demo;
using Portal.Infrastructure;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

// Issue 19, must haves 1 to 3: the public outputs go out compressed when asked, with a strong ETag and a 304 for a repeat
// visit, public to proxies for a minute; staff pages, tracking and the forms stay no-store and uncompressed; and no
// public page carries a script.
public sealed class PublicResponsesTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new() { Households = 40_000 };
    private long large;
    private long open;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var published = await app.Services.GetRequiredService<DemoAnnouncements>().LargeAsync(500, Ct);
        Assert.Equal(500, published.Entries);
        large = published.Id;
        open = (await ObjectionTestKit.OpenAsync(app)).Id;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private HttpClient Client() => app.CreateClient(new() { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? encoding = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (encoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<byte[]> DecodedAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Stream? decoder = response.Content.Headers.ContentEncoding.SingleOrDefault() switch
        {
            "br" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
            null => null,
            var other => throw new InvalidOperationException($"unexpected encoding {other}"),
        };
        if (decoder is null) return bytes;
        using var plain = new MemoryStream();
        await decoder.CopyToAsync(plain, Ct);
        return plain.ToArray();
    }

    private string[] PublicUrls() =>
    [
        "/", "/announcements", $"/announcements/{large}", $"/announcements/{open}", "/open-data", "/statistics", "/statistics/households.csv",
        $"/villages/{DemoDistrict.Townships[0].Villages[0].Code}", "/api/v1/announcements", $"/api/v1/announcements/{large}",
        $"/api/v1/announcements/{large}/entries.csv", "/feeds/announcements.atom", $"/villages/{DemoDistrict.Townships[0].Villages[0].Code}/feed.atom",
        "/api/v1/statistics", "/api/v1/procedures",
        $"/announcements/{open}/notice.pdf",
    ];

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("identity", null)]
    public async Task Page_IsCompressedAsTheClientAsks_AndDecodesToTheSamePage(string accept, string? expected)
    {
        var client = Client();
        var plain = await GetAsync(client, $"/announcements/{large}");
        Assert.Empty(plain.Content.Headers.ContentEncoding);

        var encoded = await GetAsync(client, $"/announcements/{large}", accept);

        Assert.Equal(expected, encoded.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Equal(await plain.Content.ReadAsByteArrayAsync(Ct), await DecodedAsync(encoded));
        Assert.Contains("Accept-Encoding", encoded.Headers.Vary);
    }

    // 500 entries: about 250 KB of HTML, under 20 KB as the phone receives it (issue 19).
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task FiveHundredEntryAnnouncement_IsUnderTwentyKilobytesOnTheWire(string encoding)
    {
        var response = await GetAsync(Client(), $"/announcements/{large}", encoding);
        var wire = (await response.Content.ReadAsByteArrayAsync(Ct)).Length;

        Assert.True((await DecodedAsync(response)).Length > 200_000);
        Assert.True(wire < 20_000, $"{wire:N0} bytes with {encoding}");
    }

    [Fact]
    public async Task EveryPublicOutput_HasAStrongETag_PublicForAMinute_AndARepeatVisitIsA304()
    {
        var client = Client();
        foreach (var url in PublicUrls())
        {
            foreach (var encoding in new[] { "gzip", "br", "identity" })
            {
                var first = await GetAsync(client, url, encoding);
                Assert.True(first.StatusCode == HttpStatusCode.OK, $"{url}: {first.StatusCode}");
                var tag = first.Headers.ETag;
                Assert.True(tag is { IsWeak: false }, $"{url} ({encoding}) has no strong ETag");
                Assert.Equal("public, max-age=60", first.Headers.CacheControl?.ToString());

                var again = await GetAsync(client, url, encoding, tag!.Tag);

                Assert.True(again.StatusCode == HttpStatusCode.NotModified, $"{url} ({encoding}) with its ETag: {again.StatusCode}");
                Assert.Empty(await again.Content.ReadAsByteArrayAsync(Ct));
                Assert.Equal(tag, again.Headers.ETag);
            }
        }
    }

    [Fact]
    public async Task ETag_DiffersByEncoding_AndAnotherRepresentationsTagGetsTheWholePage()
    {
        var client = Client();
        var gzip = await GetAsync(client, "/announcements", "gzip");
        var br = await GetAsync(client, "/announcements", "br");
        Assert.NotEqual(gzip.Headers.ETag, br.Headers.ETag);

        var mismatched = await GetAsync(client, "/announcements", "br", gzip.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.OK, mismatched.StatusCode);
        Assert.Equal(await DecodedAsync(gzip), await DecodedAsync(mismatched));
    }

    // What is a person's own, or carries a form's secret, is never kept by a proxy and never compressed (BREACH).
    [Fact]
    public async Task StaffTrackingAndForms_StayNoStore_WithoutETag_AndUncompressed()
    {
        var client = Client();
        foreach (var url in new[] { "/staff/login", "/track", "/report", $"/announcements/{open}/objections/new" })
        {
            var response = await GetAsync(client, url, "gzip, br");

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
            Assert.Null(response.Headers.ETag);
            Assert.Empty(response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task NoPublicPage_CarriesAScriptElement()
    {
        var client = Client();
        var parser = new HtmlParser();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(["/", "/track", "/report", $"/announcements/{open}/objections/new"]);
        while (queue.TryDequeue(out var url) && seen.Count < 80)
        {
            if (!seen.Add(url)) continue;
            var response = await client.GetAsync(url, Ct);
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var document = await parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct));

            Assert.True(document.QuerySelectorAll("script").Length == 0, $"{url} carries a script");

            foreach (var href in document.QuerySelectorAll("a[href^='/']").Select(a => a.GetAttribute("href")!))
            {
                if (!href.StartsWith("/staff", StringComparison.Ordinal) && !href.StartsWith("/culture", StringComparison.Ordinal)) queue.Enqueue(href.Split('#')[0]);
            }
        }
        Assert.True(seen.Count >= 20, $"only {seen.Count} pages");
    }

    [Fact]
    public void Encoding_IsTheBestTheClientAccepts()
    {
        Assert.Equal("br", PublicResponses.Encoding("gzip, deflate, br"));
        Assert.Equal("gzip", PublicResponses.Encoding("gzip;q=0.8, br;q=0"));
        Assert.Equal("br", PublicResponses.Encoding("*"));
        Assert.Null(PublicResponses.Encoding("identity"));
        Assert.Null(PublicResponses.Encoding("gzip;q=0, br;q=0"));
        Assert.Null(PublicResponses.Encoding(""));
    }
}
