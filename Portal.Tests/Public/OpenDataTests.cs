using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Public;

public sealed partial class OpenDataTests(PortalAppFactory app) : IClassFixture<PortalAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AnnouncementStore Store => app.Services.GetRequiredService<AnnouncementStore>();

    private async Task<IReadOnlyList<Announcement>> PublicAsync() => (await Store.SearchAsync(new AnnouncementQuery(PageSize: 100), Ct)).Items;

    private async Task<JsonElement> JsonAsync(string url)
    {
        var response = await app.CreateClient().GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    [Fact]
    public async Task ApiList_ReturnsCamelCasePagesOfPublishedAnnouncements()
    {
        var expected = await PublicAsync();

        var json = await JsonAsync("/api/v1/announcements?pageSize=3");
        var second = await JsonAsync("/api/v1/announcements?pageSize=3&page=2");

        Assert.Equal(expected.Count, json.GetProperty("total").GetInt64());
        Assert.Equal(3, json.GetProperty("pageSize").GetInt32());
        var first = json.GetProperty("items")[0];
        foreach (var name in new[] { "id", "title", "kind", "stage", "status", "regionCode", "periodStart", "periodEnd", "entryCount", "contentHash", "url", "noticeUrl" })
        {
            Assert.True(first.TryGetProperty(name, out _), name);
        }
        var ids = json.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.DoesNotContain("Draft", json.ToString());
    }

    [Fact]
    public async Task ApiList_Filters_MatchThePage()
    {
        var json = await JsonAsync("/api/v1/announcements?kind=FundsAndProjects");

        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.Equal("FundsAndProjects", i.GetProperty("kind").GetString()));
        Assert.True(json.GetProperty("total").GetInt64() >= 1);
    }

    [Fact]
    public async Task ApiList_PageSizeAbove100_IsCapped() =>
        Assert.Equal(100, (await JsonAsync("/api/v1/announcements?pageSize=5000")).GetProperty("pageSize").GetInt32());

    [Fact]
    public async Task ApiDetail_EntriesHaveOnlyTheKindsFieldsAndRecomputeTheHash()
    {
        foreach (var a in await PublicAsync())
        {
            var json = await JsonAsync($"/api/v1/announcements/{a.Id}");
            var summary = json.GetProperty("announcement");
            var fields = ProcedureCatalog.Defaults.For(a.Kind).OnlineFields.Select(f => JsonNamingPolicy.CamelCase.ConvertName(f.ToString())).ToList();

            Assert.Equal(fields, json.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
            Assert.All(json.GetProperty("entries").EnumerateArray(), e =>
                Assert.Equal(fields, e.GetProperty("fields").EnumerateObject().Select(p => p.Name)));
            Assert.Equal(a.ContentHash, summary.GetProperty("contentHash").GetString());
            // Past its online retention a list's names are masked, so the hash verifies against a copy saved while it was up.
            if (OnlinePrivacy.NamesMasked(ProcedureCatalog.Defaults.For(a.Kind), a, DateTimeOffset.UtcNow)) Assert.NotEqual(a.ContentHash, RecomputeHash(a, json));
            else Assert.Equal(a.ContentHash, RecomputeHash(a, json));
        }
    }

    [Fact]
    public async Task ApiDetail_Unknown_Is404ProblemDetails()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/announcements/999999", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("公示不存在", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Csv_IsUtf8WithBomAndOneRowPerEntry()
    {
        var a = (await PublicAsync()).First(x => x.Kind == AnnouncementKind.Exit);
        var entries = await Store.EntriesAsync(a.Id, Ct);

        var response = await app.CreateClient().GetAsync($"/api/v1/announcements/{a.Id}/entries.csv", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("序号,村民小组,户主姓名,家庭人口,户属性,主要致贫原因,人均纯收入（元）,两不愁三保障", lines[0]);
        Assert.Equal(entries.Count + 1, lines.Length);
        Assert.All(entries, e => Assert.Contains(lines, l => l.Split(',')[2] == e.Subject));
    }

    [Fact]
    public async Task Feed_IsAtomWithOneEntryPerPublishedAnnouncement()
    {
        var response = await app.CreateClient().GetAsync("/feeds/announcements.atom", Ct);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        XNamespace atom = "http://www.w3.org/2005/Atom";

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(atom + "feed", xml.Root!.Name);
        Assert.Equal((await PublicAsync()).Count, xml.Root.Elements(atom + "entry").Count());
        Assert.All(xml.Root.Elements(atom + "entry"), e => Assert.StartsWith($"{PortalAppFactory.PublicBaseUrl}/announcements/", e.Element(atom + "id")!.Value));
    }

    // No ID number or mobile number in any public output of the demo data (SPEC §2, issue 3 privacy).
    [Fact]
    public async Task Privacy_NoIdOrMobileNumberInAnyPublicOutput()
    {
        var client = app.CreateClient();
        var outputs = new List<(string Url, string Text)>();
        async Task Add(string url)
        {
            var response = await client.GetAsync(url, Ct);
            // A notice past its list's online retention is gone (PublicOutputScanTests checks which).
            if (response.StatusCode == HttpStatusCode.Gone && url.EndsWith("notice.pdf", StringComparison.Ordinal)) return;
            Assert.True(response.IsSuccessStatusCode, url);
            var text = response.Content.Headers.ContentType?.MediaType == "application/pdf"
                ? string.Join("\n", PdfText.Pages(await response.Content.ReadAsByteArrayAsync(Ct)))
                : await response.Content.ReadAsStringAsync(Ct);
            outputs.Add((url, text));
        }

        foreach (var url in new[] { "/", "/announcements", "/open-data", "/api/v1/announcements?pageSize=100", "/feeds/announcements.atom", "/?culture=en" })
        {
            await Add(url);
        }
        foreach (var a in await PublicAsync())
        {
            await Add($"/announcements/{a.Id}");
            await Add($"/announcements/{a.Id}?culture=en");
            await Add($"/announcements/{a.Id}/notice.pdf");
            await Add($"/api/v1/announcements/{a.Id}");
            await Add($"/api/v1/announcements/{a.Id}/entries.csv");
        }

        // The scan would see a real one: the demo households do have ID and mobile numbers.
        var protector = app.Services.GetRequiredService<PersonalDataProtector>();
        var (idNumber, phone) = await AnyHouseholdSecretsAsync(protector);
        Assert.Matches(IdNumber(), idNumber);
        Assert.Matches(Mobile(), phone);

        Assert.True(outputs.Count > 40);
        foreach (var (url, text) in outputs)
        {
            Assert.False(IdNumber().IsMatch(text), $"{url} contains an ID number: {IdNumber().Match(text).Value}");
            Assert.False(Mobile().IsMatch(text), $"{url} contains a mobile number: {Mobile().Match(text).Value}");
            Assert.DoesNotContain(idNumber, text);
        }
    }

    private async Task<(string IdNumber, string Phone)> AnyHouseholdSecretsAsync(PersonalDataProtector protector)
    {
        await using var c = await app.Services.GetRequiredService<Portal.Infrastructure.Data.DbConnectionFactory>().OpenAsync(Ct);
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT IdNumberCipher, PhoneCipher FROM Household WHERE PhoneCipher IS NOT NULL LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (protector.Unprotect(reader.GetString(0)), protector.Unprotect(reader.GetString(1)));
    }

    private static string RecomputeHash(Announcement a, JsonElement json)
    {
        var s = json.GetProperty("announcement");
        var canonical = new Announcement
        {
            Id = s.GetProperty("id").GetInt64(), Version = s.GetProperty("version").GetInt32(), Kind = Enum.Parse<AnnouncementKind>(s.GetProperty("kind").GetString()!),
            Stage = Enum.Parse<AnnouncementStage>(s.GetProperty("stage").GetString()!), RegionCode = s.GetProperty("regionCode").GetString()!,
            Title = a.Title, PeriodStart = DateOnly.Parse(s.GetProperty("periodStart").GetString()!), PeriodEnd = DateOnly.Parse(s.GetProperty("periodEnd").GetString()!),
        };
        // Rebuild the canonical JSON by hand from the API's strings, exactly as /open-data describes it.
        var sb = new StringBuilder();
        sb.Append($"{{\"id\":{canonical.Id},\"version\":{canonical.Version},\"kind\":\"{canonical.Kind}\",\"stage\":\"{canonical.Stage}\",");
        sb.Append($"\"region\":\"{canonical.RegionCode}\",\"title\":{JsonSerializer.Serialize(a.Title, Relaxed)},");
        sb.Append($"\"periodStart\":\"{s.GetProperty("periodStart").GetString()}\",\"periodEnd\":\"{s.GetProperty("periodEnd").GetString()}\",\"entries\":[");
        sb.AppendJoin(',', json.GetProperty("entries").EnumerateArray().OrderBy(e => e.GetProperty("position").GetInt32()).Select(e =>
            $"{{\"position\":{e.GetProperty("position").GetInt32()}," +
            string.Join(',', e.GetProperty("fields").EnumerateObject().Select(p => $"\"{p.Name}\":{JsonSerializer.Serialize(p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetString(), Relaxed)}")) + "}"));
        sb.Append("]}");
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")]
    private static partial Regex Mobile();
}
