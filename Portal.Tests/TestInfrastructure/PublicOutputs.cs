using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Portal.Tests.TestInfrastructure;

// Every public output of a running portal, as an outsider gets it: the pages reachable by links from the home page (no
// /staff page), every announcement's page in both languages, its API detail, CSV and printable notice, the API list, the
// procedures, statistics and audit APIs, the feed, and the tracking page and API of the given receipts. Each output is
// kept as the text a reader gets: a page's text and attribute values, a PDF's text.
public sealed partial class PublicOutputs
{
    public sealed record Output(string Url, string Text);

    private static readonly HtmlParser Parser = new();

    public List<Output> All { get; } = [];

    // The outputs of one announcement (its pages, API, CSV and notice), by id.
    public Dictionary<long, List<Output>> ByAnnouncement { get; } = [];

    // The notice's status code by announcement id (410 once its names are off the web).
    public Dictionary<long, HttpStatusCode> NoticeStatus { get; } = [];

    // The announcements by id (every public one, superseded versions too), the tracking pages by receipt.
    public static async Task<PublicOutputs> CollectAsync(HttpClient client, IEnumerable<long> announcements, IEnumerable<string> receipts, CancellationToken ct)
    {
        var outputs = new PublicOutputs();
        await outputs.CrawlAsync(client, ct);
        await outputs.GetAsync(client, null, "/api/v1/announcements?pageSize=100", ct);
        foreach (var id in announcements)
        {
            foreach (var culture in new[] { "zh-CN", "en" })
            {
                await outputs.GetAsync(client, id, $"/announcements/{id}?culture={culture}", ct);
                await outputs.GetAsync(client, id, $"/api/v1/announcements/{id}?culture={culture}", ct);
                await outputs.GetAsync(client, id, $"/api/v1/announcements/{id}/entries.csv?culture={culture}", ct);
            }
            var notice = await client.GetAsync($"/announcements/{id}/notice.pdf", ct);
            outputs.NoticeStatus[id] = notice.StatusCode;
            if (notice.IsSuccessStatusCode)
            {
                outputs.Add(id, $"/announcements/{id}/notice.pdf", string.Concat(PdfText.Pages(await notice.Content.ReadAsByteArrayAsync(ct))));
            }
        }
        foreach (var url in new[] { "/feeds/announcements.atom", "/api/v1/procedures", "/api/v1/statistics", "/api/v1/audit/verify" })
        {
            await outputs.GetAsync(client, null, url, ct);
        }
        foreach (var receipt in receipts)
        {
            var page = await ObjectionTestKit.PostTrackFormAsync(client, receipt);
            outputs.Add(null, $"/track ({receipt})", Readable(await page.Content.ReadAsStringAsync(ct)));
            var api = await ObjectionTestKit.TrackApiAsync(client, receipt);
            outputs.Add(null, $"/api/v1/objections/track ({receipt})", await api.Content.ReadAsStringAsync(ct));
        }
        return outputs;
    }

    private async Task CrawlAsync(HttpClient client, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var queue = new Queue<string>(["/"]);
        while (queue.TryDequeue(out var url) && seen.Count < 400)
        {
            var response = await client.GetAsync(url, ct);
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync(ct);
            Add(null, url, Readable(html));
            foreach (var href in Parser.ParseDocument(html).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (!href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal) || href.StartsWith("/staff", StringComparison.Ordinal)) continue;
                var path = href.Split('#')[0];
                // Query strings multiply the same lists; the announcements are fetched one by one below.
                if (path.Contains('?') || path.EndsWith(".pdf", StringComparison.Ordinal) || path.EndsWith(".csv", StringComparison.Ordinal)) continue;
                if (seen.Add(path)) queue.Enqueue(path);
            }
        }
    }

    private async Task GetAsync(HttpClient client, long? announcement, string url, CancellationToken ct)
    {
        var response = await client.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Add(announcement, url, response.Content.Headers.ContentType?.MediaType == "text/html" ? Readable(body) : body);
    }

    private void Add(long? announcement, string url, string text)
    {
        // A crawled page of an announcement counts as one of its outputs.
        if (announcement is null && AnnouncementPage().Match(url) is { Success: true } page) announcement = long.Parse(page.Groups[1].Value, CultureInfo.InvariantCulture);
        var output = new Output(url, text);
        All.Add(output);
        if (announcement is { } id)
        {
            if (!ByAnnouncement.TryGetValue(id, out var outputs)) ByAnnouncement[id] = outputs = [];
            outputs.Add(output);
        }
    }

    [GeneratedRegex(@"^/announcements/([0-9]+)(?:$|[/?])")]
    private static partial Regex AnnouncementPage();

    // A page as its reader gets it: each piece of text on a line of its own (two cells never run together into one
    // number), and every attribute value (a label, a link, a data attribute).
    private static string Readable(string html)
    {
        var document = Parser.ParseDocument(html);
        var text = new StringBuilder();
        foreach (var node in (document.Body?.Descendants<IText>() ?? [])) text.Append(node.Data).Append('\n');
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes) text.Append(' ').Append(attribute.Value);
        }
        text.Append(' ').Append(document.Title);
        return text.ToString();
    }

    // ---- numbers that identify a person, found independently of the portal's own masking ----

    // Standing alone: not touching another digit or a Latin letter (a hash or a code is not a number someone wrote).
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdCandidate();

    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}(?![0-9A-Za-z])")]
    private static partial Regex MobileCandidate();

    // Unbroken, or in groups of 4 (the last of 1 to 4) with single spaces or hyphens, as cards are written.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:[0-9]{16,19}|[0-9]{4}(?:[ -][0-9]{4}){2,3}(?:[ -][0-9]{1,4})?)(?![0-9A-Za-z])")]
    private static partial Regex CardCandidate();

    // Full-width digits read as digits.
    private static string Ascii(string text) =>
        string.Concat(text.Select(c => c is >= '０' and <= '９' ? (char)('0' + (c - '０')) : c));

    public static IEnumerable<string> IdentifyingNumbers(string text)
    {
        var ascii = Ascii(text);
        foreach (Match m in IdCandidate().Matches(ascii))
        {
            if (IdCheckHolds(m.Value)) yield return m.Value;
        }
        foreach (Match m in MobileCandidate().Matches(ascii)) yield return m.Value;
        foreach (Match m in CardCandidate().Matches(ascii))
        {
            var digits = new string(m.Value.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length is >= 16 and <= 19 && LuhnHolds(digits)) yield return m.Value;
        }
    }

    // GB 11643-1999: weights 2^(17-i) mod 11, check characters "10X98765432".
    private static bool IdCheckHolds(string id)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (id[i] - '0') * (int)(Math.Pow(2, 17 - i) % 11);
        return "10X98765432"[sum % 11] == char.ToUpperInvariant(id[17]);
    }

    private static bool LuhnHolds(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

}
