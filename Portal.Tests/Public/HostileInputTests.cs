using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Objections;
using Portal.Features.Review;
using Portal.Features.Accounts;
using Portal.Features.Households;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;
using static Portal.Tests.TestInfrastructure.RenderedText;

namespace Portal.Tests.Public;

// The portal on a real Kestrel port, so that what Kestrel refuses or fails on (header values, the request line) is
// what the tests meet; the per-address limits high enough for the few thousand requests the corpus makes.
public sealed class HostilePortal : IAsyncLifetime
{
    private Uri address = default!;
    private Task<string>? sharedReceipt;

    public PortalAppFactory App { get; } = new()
    {
        Settings =
        {
            ["Limits:ObjectionsPerHourPerAddress"] = "100000",
            ["Limits:FailedTrackLookupsPerHourPerAddress"] = "100000",
        },
    };

    public Announcement Open { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        address = App.CreateClient().BaseAddress!;
        Open = await OpenAsync(App, a => a.Stage == AnnouncementStage.VillagePublicity && a.Kind == AnnouncementKind.Identification);
    }

    // A browser without JavaScript: it keeps cookies (the antiforgery one) and does not follow redirects.
    public HttpClient Client() => App.CreateClient(new() { BaseAddress = address, AllowAutoRedirect = false, HandleCookies = true });

    // One objection whose track page takes every answer.
    public Task<string> SharedReceiptAsync() => sharedReceipt ??= FileAsync(ObjectionCategory.WronglyIncluded);

    public async Task<string> FileAsync(ObjectionCategory category) =>
        (await CreatedAsync(await PostApiAsync(Client(), AnonymousBody(Open.Id, UniqueText("敌意输入"), category.ToString())))).GetProperty("receipt").GetString()!;

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

// Issue "bad input": every string of HostileCorpus through every public input and API field. No answer is a 5xx;
// every refusal names the field; accepted text comes back byte for byte and is shown as text, with no element of its
// own in the page. The staff case page is checked in Features/Review/CasePageHostileTextTests; the household import's
// refusal of a wrong GB 11643 check character, naming the idNumber column, in HouseholdImportTests
// (Import_FileWithOneBadRow_ShowsEachProblemAndWritesNothing).
public sealed class HostileInputTests(HostilePortal portal) : IClassFixture<HostilePortal>
{
    private const string TrackNotFound = "没有找到与该回执号对应的异议，请核对后重试。";
    private const string FormUnreadable = "表单无法读取：其中含有不能提交的字符（如空字符），或某一项太长。请修改后重新提交。";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The objection's text fields by their API names; the form calls them Input.Text and so on, the honeypot FaxNumber.
    private static readonly string[] TextFields = ["text", "name", "phone", "relation", "category", "website"];

    private static string FormName(string field) => field == "website" ? "FaxNumber" : char.ToUpperInvariant(field[0]) + field[1..];

    // Null when the field takes the value, else the field its refusal must name.
    private static string? RefusalField(string field, Hostile h) => field switch
    {
        "text" => h.Fits.HasFlag(Fits.Text) ? null : field,
        "name" or "relation" => h.Fits.HasFlag(Fits.Name) ? null : field,
        "phone" => h.Fits.HasFlag(Fits.Phone) ? null : field,
        // Anything in the honeypot refuses the whole form, without saying why.
        "website" => h.Value.Length == 0 ? null : "form",
        "entryId" => h.Value.Length == 0 ? null : field,
        _ => field,
    };

    private static bool Identifies(string field) => field is "name" or "phone" or "relation";

    // A valid anonymous submission, or a named one when the field under test belongs to the identity.
    private static Dictionary<string, string> ValidFields(string field)
    {
        var fields = new Dictionary<string, string> { ["category"] = "WronglyIncluded", ["text"] = UniqueText("敌意输入"), ["consent"] = "true" };
        fields["anonymous"] = Identifies(field) ? "false" : "true";
        if (Identifies(field))
        {
            fields["name"] = "张三";
            fields["phone"] = "13800138000";
            fields["relation"] = "本村村民";
        }
        return fields;
    }

    // ---- the JSON API ----

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task ApiJson_HostileStringInEachField_IsKeptExactlyOrRefusedNamingTheField(string name)
    {
        var h = HostileCorpus.Named(name);
        foreach (var field in TextFields)
        {
            var fields = ValidFields(field);
            fields[field] = h.Value;

            var response = await PostJsonAsync("/api/v1/objections", JsonObject(fields));

            // Half a surrogate pair makes the JSON value itself unreadable: refused naming its field, honeypot or not.
            await AssertApiOutcomeAsync(response, Browser(h.Value) == h.Value ? RefusalField(field, h) : field, fields, field, $"JSON {field}");
        }
    }

    public static TheoryData<string, string> WrongJsonValues()
    {
        string[] anyType = ["\"abc\"", "1.5", "1e999", "99999999999999999999", "[]", "{}", "\"\\ud800\"", "\"１２\"", "\"<script>alert(1)</script>\""];
        string[] notText = ["123", "true", "[]", "{}", "-1e999"];
        var data = new TheoryData<string, string>();
        foreach (var field in new[] { "announcementId", "entryId", "anonymous", "consent" })
        {
            foreach (var value in anyType.Append("-1")) data.Add(field, value);
        }
        foreach (var field in TextFields)
        {
            foreach (var value in notText) data.Add(field, value);
        }
        // Half a surrogate pair is no text: JSON can carry it, no field can keep it.
        foreach (var field in new[] { "text", "name", "phone", "relation", "category", "website" }) data.Add(field, "\"abc\\udc00def 异议内容\"");
        return data;
    }

    [Theory]
    [MemberData(nameof(WrongJsonValues))]
    public async Task ApiJson_ValueOfTheWrongKind_IsRefusedNamingTheField(string field, string json)
    {
        var fields = ValidFields(field).ToDictionary(f => f.Key, f => f.Key is "anonymous" or "consent" ? f.Value : JsonString(f.Value));
        fields["announcementId"] = portal.Open.Id.ToString();
        fields[field] = json;

        var response = await PostJsonAsync("/api/v1/objections", "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}");

        await AssertRefusedNamingAsync(response, field, $"{field} = {json}");
    }

    // ---- the multipart API ----

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task ApiMultipart_HostileStringInEachField_IsKeptExactlyOrRefusedNamingTheField(string name)
    {
        var h = HostileCorpus.Named(name);
        foreach (var field in TextFields.Append("entryId").Append("announcementId"))
        {
            var fields = ValidFields(field);
            fields["announcementId"] = portal.Open.Id.ToString();
            fields[field] = h.Value;

            var response = await PostApiMultipartAsync(portal.Client(), fields, []);

            await AssertApiOutcomeAsync(response, field == "announcementId" ? field : RefusalField(field, h),
                fields.ToDictionary(f => f.Key, f => Browser(f.Value)), field, $"multipart {field}");
        }
    }

    // A file's name is never kept (files are stored under names of our own); it is only quoted in a refusal.
    [Theory]
    [MemberData(nameof(HostileCorpus.FileNames), MemberType = typeof(HostileCorpus))]
    public async Task ApiMultipart_HostileFileName_IsAcceptedWithAPhotoAndQuotedAsTextInARefusal(string name)
    {
        var h = HostileCorpus.Named(name);
        var fields = ValidFields("attachments");
        fields["announcementId"] = portal.Open.Id.ToString();

        var photo = await PostApiMultipartAsync(portal.Client(), fields, [new FormFile(h.Value + ".png", Png, "image/png")]);
        var program = await PostApiMultipartAsync(portal.Client(), fields, [new FormFile(h.Value + ".png", WindowsExecutable)]);

        if (await UnreadableMultipartAsync(photo, h)) return;
        await CreatedAsync(photo);
        await AssertRefusedNamingAsync(program, "attachments", "executable");
        var message = (await JsonAsync(program)).GetProperty("errors").GetProperty("attachments")[0].GetString();
        Assert.Contains(Browser(SentFileName(h.Value + ".png")), message);
    }

    // ---- the static form ----

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task Form_HostileStringInEachField_IsKeptExactlyOrRefusedNamingTheField(string name)
    {
        var h = HostileCorpus.Named(name);
        var client = portal.Client();
        var token = await TokenAsync(client, FormUrl(portal.Open.Id));
        foreach (var field in TextFields.Append("entryId"))
        {
            var fields = ValidFields(field);
            fields[field] = h.Value;

            var response = await PostObjectionFormAsync(client, portal.Open.Id, fields.ToDictionary(f => FormName(f.Key), f => f.Value), token: token);
            var html = await response.Content.ReadAsStringAsync(Ct);
            var page = Parse(html);

            AssertNoInjectedMarkup(page);
            if (RefusalField(field, h) is { } refused)
            {
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"form {field}: {(int)response.StatusCode}");
                AssertFormNames(page, refused, $"form {field}");
                // What the person wrote is there to correct, as text.
                var typed = Browser(fields["text"]);
                if (CanCarry(typed)) Assert.Equal(typed.ReplaceLineEndings("\n"), page.QuerySelector("textarea#text")?.TextContent.ReplaceLineEndings("\n"));
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"form {field}: {(int)response.StatusCode}");
            await AssertKeptAsync(ReceiptOnPage(html).Replace(" ", ""), fields, field);
        }
    }

    [Theory]
    [MemberData(nameof(HostileCorpus.FileNames), MemberType = typeof(HostileCorpus))]
    public async Task Form_HostileFileName_IsQuotedAsTextWhenTheFileIsRefused(string name)
    {
        var h = HostileCorpus.Named(name);
        var client = portal.Client();

        var response = await PostObjectionFormAsync(client, portal.Open.Id, AnonymousFields(), [new FormFile(h.Value + ".jpg", Elf)]);
        var html = await response.Content.ReadAsStringAsync(Ct);

        if (await UnreadableMultipartAsync(response, h)) return;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Parse(html);
        AssertNoInjectedMarkup(page);
        AssertFormNames(page, "attachments", "file name");
        var shown = page.QuerySelector("#attachments-error");
        Assert.NotNull(shown);
        Assert.Equal(0, shown.ChildElementCount);
        var sent = Browser(SentFileName(h.Value + ".jpg"));
        if (CanCarry(sent)) Assert.Contains(sent, shown.TextContent);
    }

    // ---- tracking: the receipt, answers, appeals ----

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task Track_HostileReceipt_GetsTheOneGenericAnswerNamingTheReceipt(string name)
    {
        var h = HostileCorpus.Named(name);
        var client = portal.Client();

        var api = await PostJsonAsync("/api/v1/objections/track", $"{{\"receipt\":{JsonString(h.Value)}}}");
        var form = await PostTrackFormAsync(client, Browser(h.Value));
        var pdf = await client.PostAsync("/objections/receipt.pdf", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(client, "/track"),
            ["receipt"] = Browser(h.Value),
        }), Ct);

        // JSON carries half a surrogate pair, which no receipt field can hold; a url-encoded form cannot carry NUL.
        await AssertRefusedNamingAsync(api, "receipt", "track API");
        if (Browser(h.Value) == h.Value) Assert.Equal(TrackNotFound, (await JsonAsync(api)).GetProperty("title").GetString());
        if (!HostileCorpus.UrlEncodable(h.Value))
        {
            await AssertUnreadableFormAsync(pdf);
            await AssertUnreadableFormAsync(form);
            return;
        }
        Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        await AssertRefusedNamingAsync(pdf, "receipt", "receipt PDF");
        Assert.Equal(TrackNotFound, (await JsonAsync(pdf)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        var page = Parse(await form.Content.ReadAsStringAsync(Ct));
        AssertNoInjectedMarkup(page);
        Assert.Equal(TrackNotFound, page.QuerySelector("p.alert-error")?.TextContent);
        Assert.Null(page.QuerySelector("p.objection-text"));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("\"1234567812345678\\ud800\"")]
    public async Task TrackApi_ReceiptOfTheWrongKind_IsRefusedNamingTheReceipt(string json) =>
        await AssertRefusedNamingAsync(await PostJsonAsync("/api/v1/objections/track", $"{{\"receipt\":{json}}}"), "receipt", json);

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task TrackPage_HostileAnswer_IsKeptExactlyOrRefusedNamingTheText(string name)
    {
        var h = HostileCorpus.Named(name);
        var receipt = await portal.SharedReceiptAsync();
        var client = portal.Client();

        var response = await PostAnswerAsync(client, await TokenAsync(client, "/track"), receipt, h.Value);
        var page = Parse(await response.Content.ReadAsStringAsync(Ct));

        AssertNoInjectedMarkup(page);
        if (!h.Fits.HasFlag(Fits.Text))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.All(page.QuerySelectorAll("p.alert-error"), alert => Assert.StartsWith("异议内容：", alert.TextContent));
            Assert.NotEmpty(page.QuerySelectorAll("p.alert-error"));
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertShownAsText(page.QuerySelectorAll("ol.timeline p.message").LastOrDefault(), FreeTextMask.Mask(h.Value));
        var timeline = (await JsonAsync(await TrackApiAsync(client, receipt))).GetProperty("timeline").EnumerateArray();
        Assert.Equal(FreeTextMask.Mask(h.Value), timeline.Last(e => e.GetProperty("kind").GetString() == "MessageFromComplainant").GetProperty("text").GetString());
    }

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task TrackPage_HostileAppealReason_IsKeptExactlyOrRefusedNamingTheReason(string name)
    {
        var h = HostileCorpus.Named(name);
        var receipt = await RejectedCaseAsync();
        var client = portal.Client();

        var response = await PostAppealAsync(client, await TokenAsync(client, "/track"), receipt, Browser(h.Value));
        if (!HostileCorpus.UrlEncodable(h.Value))
        {
            await AssertUnreadableFormAsync(response);
            return;
        }
        var page = Parse(await response.Content.ReadAsStringAsync(Ct));

        AssertNoInjectedMarkup(page);
        if (!h.Fits.HasFlag(Fits.Text))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("申诉理由：", page.QuerySelector("p.alert-error")?.TextContent);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("p.alert-open"));
        var shown = FreeTextMask.Mask(h.Value);
        AssertShownAsText(page.QuerySelectorAll("ol.timeline p.message").SingleOrDefault(m => m.TextContent == shown), shown);
        var tracked = await JsonAsync(await TrackApiAsync(client, receipt));
        Assert.Equal(shown, tracked.GetProperty("messages").EnumerateArray().Single().GetProperty("text").GetString());
    }

    // ---- query strings and paths of the public pages and APIs ----

    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task PublicGets_HostileQueryOrPathValue_AnswerWithoutServerErrorOrInjectedMarkup(string name)
    {
        var v = Escape(HostileCorpus.Named(name).Value);
        string[] filters = ["township", "village", "kind", "stage", "status", "year", "q", "page"];
        string[] urls =
        [
            .. filters.Select(f => $"/announcements?{f}={v}"),
            .. filters.Append("pageSize").Select(f => $"/api/v1/announcements?{f}={v}"),
            $"/villages/{v}", $"/announcements/{v}", $"/announcements/{v}/notice.pdf", $"/api/v1/announcements/{v}",
            $"/api/v1/announcements/{v}/entries.csv", $"/statistics/{v}.csv", $"{FormUrl(portal.Open.Id)}?entry={v}",
            $"/culture/{v}?returnUrl=%2F", $"/culture/en?returnUrl={v}", $"/staff/login?returnUrl={v}", $"/track?receipt={v}",
        ];
        await AssertAnswersAsync(urls);
    }

    // Percent-escapes that decode to no text at all: half a surrogate pair in UTF-8, an overlong slash, NUL, stray bytes.
    [Fact]
    public async Task PublicGets_BrokenPercentEncoding_AnswerWithoutServerErrorOrInjectedMarkup()
    {
        string[] broken = ["%ED%A0%80", "%C0%AF", "%FF%FE", "%00", "%", "%%41", "%u003Cscript%u003E", "%E4%B8"];
        await AssertAnswersAsync(broken.SelectMany(b => new[]
        {
            $"/announcements?q={b}", $"/announcements?township={b}&page={b}", $"/api/v1/announcements?q={b}&pageSize={b}",
            $"/villages/{b}", $"/culture/en?returnUrl=%2F{b}", $"/staff/login?returnUrl={b}", $"{FormUrl(portal.Open.Id)}?entry={b}",
        }).ToArray());
    }

    // The staff sign-in page is public too: a hostile user name is just a wrong one, the return address stays a value.
    [Theory]
    [MemberData(nameof(HostileCorpus.Names), MemberType = typeof(HostileCorpus))]
    public async Task SignInForm_HostileUserNameAndReturnUrl_IsRefusedAsTextAndKeepsTheReturnUrlAsAValue(string name)
    {
        var h = HostileCorpus.Named(name);
        var client = portal.Client();
        var token = await TokenAsync(client, "/staff/login");

        var response = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = Browser(h.Value),
            ["Input.Password"] = Browser(h.Value),
            ["Input.ReturnUrl"] = Browser(h.Value),
        }), Ct);
        if (!HostileCorpus.UrlEncodable(h.Value))
        {
            await AssertUnreadableFormAsync(response);
            return;
        }
        var page = Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        AssertNoInjectedMarkup(page);
        if (CanCarry(h.Value)) Assert.Equal(Browser(h.Value), page.QuerySelector("input[name='Input.ReturnUrl']")?.GetAttribute("value"));
    }

    // ---- what the assertions share ----

    private async Task<HttpResponseMessage> PostJsonAsync(string url, string json) =>
        await portal.Client().PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private string JsonObject(IReadOnlyDictionary<string, string> fields) =>
        $"{{\"announcementId\":{portal.Open.Id}" + string.Concat(fields.Select(f => $",\"{f.Key}\":{(f.Key is "anonymous" or "consent" ? f.Value : JsonString(f.Value))}")) + "}";

    // Every character outside printable ASCII as \uXXXX, one UTF-16 unit at a time: half a surrogate pair goes out
    // as "\ud800", as a hostile client sends it and no serializer would.
    private static string JsonString(string value)
    {
        var json = new StringBuilder("\"");
        foreach (var c in value) json.Append(c is '"' or '\\' or < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        return json.Append('"').ToString();
    }

    // Each byte of the UTF-8 percent-escaped, as a browser sends a value in a URL (half a surrogate pair as U+FFFD).
    private static string Escape(string value) => Uri.EscapeDataString(Browser(value));

    // What a form or URL carries of a string: UTF-8, in which half a surrogate pair can only travel as U+FFFD.
    private static string Browser(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    // Refused naming the field given, or accepted and kept as sent.
    private async Task AssertApiOutcomeAsync(HttpResponseMessage response, string? refusedField, IReadOnlyDictionary<string, string> sent, string field, string what)
    {
        if (refusedField is not null)
        {
            await AssertRefusedNamingAsync(response, refusedField, what);
            return;
        }
        var created = await CreatedAsync(response);
        await AssertKeptAsync(created.GetProperty("receipt").GetString()!, sent, field);
    }

    private static async Task AssertRefusedNamingAsync(HttpResponseMessage response, string field, string what)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        Assert.All(errors.GetProperty(field).EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
    }

    private static async Task AssertUnreadableFormAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(FormUnreadable, page.QuerySelector("h1")?.TextContent);
    }

    // The form's summary links each problem to its field, and the field carries the message.
    private static void AssertFormNames(IDocument page, string field, string what)
    {
        var anchor = field switch { "form" => "#errors", "entryId" => "#category", _ => $"#{field}" };
        Assert.True(page.QuerySelectorAll("#errors li a").Select(a => a.GetAttribute("href")).Distinct().SequenceEqual([anchor]),
            $"{what}: {page.QuerySelector("#errors")?.TextContent}");
        if (field is not ("form" or "entryId")) Assert.NotNull(page.QuerySelector($"#{field}-error"));
    }

    // A multipart body whose part headers are longer than the form reader takes (16 K characters: a 100,000-character
    // file name) is refused as a whole.
    private static async Task<bool> UnreadableMultipartAsync(HttpResponseMessage response, Hostile h)
    {
        if (h.Value.Length < 16 * 1024) return false;
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync(Ct);
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json") await AssertRefusedNamingAsync(response, "body", "long file name");
        else AssertNoInjectedMarkup(Parse(body));
        return true;
    }

    // Accepted: the track API gives the text back byte for byte (with the ID, mobile and bank numbers in it masked, as
    // in everything a complainant reads: FreeTextMask), the track page shows it as text, and the identity kept for
    // inspectors is what was sent (without surrounding blanks, which are not part of a name).
    private async Task AssertKeptAsync(string receipt, IReadOnlyDictionary<string, string> sent, string field)
    {
        var client = portal.Client();
        var tracked = await JsonAsync(await TrackApiAsync(client, receipt));
        Assert.Equal(FreeTextMask.Mask(sent["text"]), tracked.GetProperty("text").GetString());

        var page = Parse(await (await PostTrackFormAsync(client, receipt)).Content.ReadAsStringAsync(Ct));
        AssertNoInjectedMarkup(page);
        AssertShownAsText(page.QuerySelector("p.objection-text"), FreeTextMask.Mask(sent["text"]));

        if (!Identifies(field)) return;
        var row = RowByCaseNumber(portal.App.DatabaseFile, tracked.GetProperty("caseNumber").GetString()!);
        var identity = JsonSerializer.Deserialize<ComplainantIdentity>(portal.App.Services.GetRequiredService<PersonalDataProtector>().Unprotect(row.IdentityCipher!))!;
        Assert.Equal((sent["name"].Trim(), sent["phone"].Trim(), sent["relation"].Trim()), (identity.Name, identity.Phone, identity.Relation));
    }

    private async Task AssertAnswersAsync(IReadOnlyList<string> urls)
    {
        var client = portal.Client();
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True((int)response.StatusCode < 500, $"{url[..Math.Min(200, url.Length)]}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
            if (response.Headers.Location is { } location)
            {
                Assert.Matches("^/(?![/\\\\])", location.OriginalString);
            }
            switch (response.Content.Headers.ContentType?.MediaType)
            {
                case "text/html":
                    AssertNoInjectedMarkup(Parse(body));
                    break;
                case "application/json" or "application/problem+json":
                    JsonDocument.Parse(body).Dispose();
                    break;
            }
        }
    }

    // A fresh case replied to as inadmissible, so that it can be appealed once: an administrative one (issue 15: a
    // misconduct case is neither rejected nor appealed), rejected by the owner of the queue that holds it.
    private async Task<string> RejectedCaseAsync()
    {
        var receipt = await portal.FileAsync(ObjectionCategory.Other);
        var services = portal.App.Services;
        var tracked = (await services.GetRequiredService<ObjectionIntake>().TrackAsync(receipt, Ct))!;
        var row = (await services.GetRequiredService<ObjectionStore>().GetAsync(tracked.Id, Ct))!;
        var owner = row.Queue == ReviewQueue.Township
            ? $"{Portal.Features.Demo.DemoDistrict.Townships.Single(t => t.Code == row.QueueRegionCode).Pinyin}.reviewer" : "district.reviewer";
        var reviewer = (await services.GetRequiredService<StaffUserStore>().FindAsync(owner, Ct))!.Actor;
        var rejected = await services.GetRequiredService<ReviewStore>().ActAsync(row.Id, row.Concurrency, ReviewAction.Reject, reviewer, "不属于受理范围。", ct: Ct);
        Assert.True(rejected.IsAllowed, rejected.Rule);
        return receipt;
    }
}
