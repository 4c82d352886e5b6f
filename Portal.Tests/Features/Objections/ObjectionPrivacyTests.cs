using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Features.Announcements;
using Portal.Features.Objections;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;

namespace Portal.Tests.Features.Objections;

// A named complainant's identity is encrypted at rest and shown to nobody on the public side; neither it nor a
// receipt reaches the logs. Canary values that occur nowhere else are searched for in the raw database files
// (main, -wal, -shm), the pages, the API, the receipt PDF and every log message at every level.
public sealed class ObjectionPrivacyTests(ObjectionLoggingAppFactory app) : IClassFixture<ObjectionLoggingAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Canary(string Name, string Phone, string PhoneDigits, string Relation)
    {
        public static Canary New(string suffix)
        {
            var digits = "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString();
            return new Canary($"金丝雀测试员{suffix}", $"+86 {digits[..3]}-{digits[3..7]}-{digits[7..]}", digits, $"金丝雀关系{suffix}");
        }

        public string[] Values => [Name, Phone, PhoneDigits, Relation];
    }

    private static object NamedBody(long announcementId, Canary c, string text) => new
    {
        announcementId,
        category = "Favouritism",
        text,
        anonymous = false,
        name = c.Name,
        phone = c.Phone,
        relation = c.Relation,
        consent = true,
    };

    private static Dictionary<string, string> NamedFields(Canary c, string text) => new()
    {
        ["Category"] = "Favouritism",
        ["Text"] = text,
        ["Anonymous"] = "false",
        ["Name"] = c.Name,
        ["Phone"] = c.Phone,
        ["Relation"] = c.Relation,
        ["Consent"] = "true",
    };

    private void AssertNowhereInTheDatabaseFiles(params string[] values)
    {
        AssertNowhereInDatabase(app.DatabaseFile, values);
        // Again once the pooled connections are closed and the WAL has been checkpointed into the main file.
        SqliteConnection.ClearAllPools();
        AssertNowhereInDatabase(app.DatabaseFile, values);
    }

    private ComplainantIdentity Decrypt(string cipher) =>
        JsonSerializer.Deserialize<ComplainantIdentity>(app.Services.GetRequiredService<PersonalDataProtector>().Unprotect(cipher))!;

    [Fact]
    public async Task Api_NamedObjection_IdentityIsOnlyEncryptedAndAppearsNowhereInTheDatabaseFiles()
    {
        var open = await OpenVillageAsync(app);
        var canary = Canary.New("甲");

        var json = await CreatedAsync(await PostApiAsync(app.CreateClient(), NamedBody(open.Id, canary, UniqueText("实名"))));

        var row = RowByCaseNumber(app.DatabaseFile, json.GetProperty("caseNumber").GetString()!);
        Assert.False(row.Anonymous);
        Assert.NotNull(row.IdentityCipher);
        Assert.Equal(new ComplainantIdentity(canary.Name, canary.Phone, canary.Relation), Decrypt(row.IdentityCipher));
        AssertNowhereInTheDatabaseFiles(canary.Values);
    }

    [Fact]
    public async Task Form_NamedObjection_IdentityIsOnlyEncryptedAndAppearsNowhereInTheDatabaseFiles()
    {
        var open = await OpenVillageAsync(app);
        var canary = Canary.New("乙");
        var text = UniqueText("表单实名");

        var response = await PostObjectionFormAsync(BrowserClient(app), open.Id, NamedFields(canary, text));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cipher = Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Objection WHERE Text = $t AND Anonymous = 0 AND IdentityCipher IS NOT NULL", ("$t", text));
        Assert.Equal(1, cipher);
        AssertNowhereInTheDatabaseFiles(canary.Values);
    }

    // Anonymous means no identity at all. An identity typed with anonymous chosen is asked about (the person may have
    // meant to be named), never dropped silently, and nothing of it is kept.
    [Fact]
    public async Task Api_AnonymousObjectionWithAnIdentityTyped_IsRefusedNamingTheNameAndKeepsNothing()
    {
        var open = await OpenVillageAsync(app);
        var canary = Canary.New("丙");
        var text = UniqueText("匿名");

        var response = await PostApiAsync(app.CreateClient(), new
        {
            announcementId = open.Id,
            category = "WronglyIncluded",
            text,
            anonymous = true,
            name = canary.Name,
            phone = canary.Phone,
            relation = canary.Relation,
            consent = true,
        });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(0, RowsWithText(app, text));
        AssertNowhereInTheDatabaseFiles(canary.Values);
    }

    [Fact]
    public async Task NamedObjection_CanaryNeverAppearsOnTheReceiptPageTrackPageTrackApiOrReceiptPdf()
    {
        var open = await OpenVillageAsync(app);
        var canary = Canary.New("丁");
        var client = BrowserClient(app);

        var receiptPage = await (await PostObjectionFormAsync(client, open.Id, NamedFields(canary, UniqueText("公开页面")))).Content.ReadAsStringAsync(Ct);
        var receipt = ReceiptOnPage(receiptPage).Replace(" ", "");
        var trackPage = await (await PostTrackFormAsync(client, receipt)).Content.ReadAsStringAsync(Ct);
        var trackApi = await (await TrackApiAsync(client, receipt)).Content.ReadAsStringAsync(Ct);
        var pdf = await client.PostAsync("/objections/receipt.pdf", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(receiptPage),
            ["receipt"] = receipt,
        }), Ct);
        var pdfText = string.Concat(PdfText.Pages(await pdf.Content.ReadAsByteArrayAsync(Ct)));

        Assert.Contains("objection-text", trackPage);
        Assert.Contains("caseNumber", trackApi);
        Assert.Contains(receipt, pdfText);
        foreach (var value in canary.Values)
        {
            Assert.DoesNotContain(value, receiptPage);
            Assert.DoesNotContain(value, trackPage);
            Assert.DoesNotContain(value, trackApi);
            Assert.DoesNotContain(value, pdfText);
        }
    }

    // Every way a receipt or an identity passes through the app: form and API submission, track page and API, a wrong
    // look-up, the receipt PDF, a refused named form. Then every message logged at any level is searched.
    [Fact]
    public async Task Logs_AfterSubmittingTrackingAndPrinting_ContainNoReceiptAndNoIdentity()
    {
        var open = await OpenVillageAsync(app);
        var formCanary = Canary.New("戊");
        var apiCanary = Canary.New("己");
        var client = BrowserClient(app);

        var receiptPage = await (await PostObjectionFormAsync(client, open.Id, NamedFields(formCanary, UniqueText("日志表单")))).Content.ReadAsStringAsync(Ct);
        var formReceipt = ReceiptOnPage(receiptPage).Replace(" ", "");
        var apiReceipt = (await CreatedAsync(await PostApiAsync(client, NamedBody(open.Id, apiCanary, UniqueText("日志接口"))))).GetProperty("receipt").GetString()!;
        await PostTrackFormAsync(client, ObjectionRules.Grouped(formReceipt));
        await TrackApiAsync(client, apiReceipt);
        await TrackApiAsync(client, apiReceipt[..15] + (apiReceipt[15] == '0' ? '1' : '0'));
        await client.PostAsync("/objections/receipt.pdf", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(receiptPage),
            ["receipt"] = formReceipt,
        }), Ct);
        await PostObjectionFormAsync(client, open.Id, new Dictionary<string, string> { ["Anonymous"] = "false", ["Name"] = formCanary.Name, ["Phone"] = formCanary.Phone });

        var logs = app.Logs.Messages;
        // The capture works, at the levels where request details are written.
        Assert.Contains(logs, m => m.Contains("/api/v1/objections"));
        Assert.Contains(logs, m => m.StartsWith("Debug") || m.StartsWith("Trace"));
        var secrets = new[] { formReceipt, ObjectionRules.Grouped(formReceipt), apiReceipt, ObjectionRules.Grouped(apiReceipt) }
            .Concat(formCanary.Values).Concat(apiCanary.Values);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, m => m.Contains(secret));
        }
    }
}
