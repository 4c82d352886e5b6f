using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.TestInfrastructure;

// What the objection tests share: real file headers, a browser-like client that posts the static forms, the API
// calls, and direct looks at the SQLite file the app writes.
public static partial class ObjectionTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A real 1×1 PNG.
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    // A real 1×1 baseline JPEG (JFIF).
    public static readonly byte[] Jpeg = Convert.FromBase64String(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////" +
        "wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=");

    // A minimal one-page PDF with its cross-reference table, as a PDF reader needs it.
    public static readonly byte[] Pdf = IdentifyingFiles.PdfFile("",
        "<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[3 0 R]/Count 1>>", "<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>");

    // The start of a Windows executable ("MZ", then the DOS stub) and of a Linux ELF binary.
    public static readonly byte[] WindowsExecutable = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0xB8, 0x00];

    public static readonly byte[] Elf = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x3E, 0x00];

    public const string ValidText = "该户去年在城里买了商品房，家里还有一辆小汽车，不符合贫困户识别条件。";

    // Text no other test writes, so a row can be found by it.
    public static string UniqueText(string about = "异议") => $"{about}：该户家里有小汽车和商品房，不符合条件。编号{Guid.NewGuid():N}";

    // A portal of its own whose addresses may send perHour objections and answers an hour (failed look-ups: plenty).
    public static PortalAppFactory WithSubmissionLimit(int perHour) => new()
    {
        Settings = new()
        {
            ["Limits:ObjectionsPerHourPerAddress"] = perHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:FailedTrackLookupsPerHourPerAddress"] = "1000",
        },
    };

    // ---- announcements ----

    public static AnnouncementStore Announcements(PortalAppFactory app) => app.Services.GetRequiredService<AnnouncementStore>();

    // The portal's own clock: a test may have set it to another day than today.
    private static DateTimeOffset Now(PortalAppFactory app) => app.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    public static async Task<IReadOnlyList<Announcement>> PublicAsync(PortalAppFactory app) =>
        (await Announcements(app).SearchAsync(new AnnouncementQuery(PageSize: 100), Ct)).Items;

    public static async Task<Announcement> OpenAsync(PortalAppFactory app, Func<Announcement, bool>? match = null) =>
        (await PublicAsync(app)).First(a => AnnouncementRules.IsOpenForObjections(a, Now(app)) && (match?.Invoke(a) ?? true));

    // Open, at the village stage: objections to it go to the township's queue.
    public static Task<Announcement> OpenVillageAsync(PortalAppFactory app) => OpenAsync(app, a => a.Stage == AnnouncementStage.VillagePublicity);

    // Published, but its period ended.
    public static async Task<Announcement> ClosedAsync(PortalAppFactory app) =>
        (await PublicAsync(app)).First(a => a.Status is AnnouncementStatus.Published or AnnouncementStatus.Closed
            && a.Period is { } p && Now(app) >= p.EndsAt);

    public static async Task<AnnouncementEntry> FirstEntryAsync(PortalAppFactory app, long announcementId) =>
        (await Announcements(app).EntriesAsync(announcementId, Ct)).First(e => !e.Withdrawn);

    // ---- the browser's way: static forms ----

    public static HttpClient BrowserClient(PortalAppFactory app) =>
        app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    public static string FormUrl(long announcementId) => $"/announcements/{announcementId}/objections/new";

    public static string Token(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no antiforgery token on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        return Token(await response.Content.ReadAsStringAsync(Ct));
    }

    public sealed record FormFile(string FileName, byte[] Bytes, string ContentType = "application/octet-stream");

    // Fields without the "Input." prefix; files as the form's "Attachments". GETs the page first for the token.
    public static async Task<HttpResponseMessage> PostObjectionFormAsync(HttpClient client, long announcementId, IDictionary<string, string> fields,
        IReadOnlyList<FormFile>? files = null, string query = "", string? token = null, long? tokenFrom = null)
    {
        var url = FormUrl(announcementId) + query;
        token ??= await TokenAsync(client, FormUrl(tokenFrom ?? announcementId) + query);
        var content = Multipart(fields.Select(f => ($"Input.{f.Key}", f.Value)).Prepend(("__RequestVerificationToken", token)).Prepend(("_handler", "objection")),
            "Attachments", files ?? []);
        return await client.PostAsync(url, content, Ct);
    }

    // A multipart body as a browser sends it: header values in UTF-8 as they are, and in a file name only the
    // quote and line breaks escaped, as the HTML standard's form encoding does.
    public static MultipartFormDataContent Multipart(IEnumerable<(string Name, string Value)> fields, string filesName, IReadOnlyList<FormFile> files)
    {
        var content = new MultipartFormDataContent { HeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        foreach (var f in files)
        {
            var part = new ByteArrayContent(f.Bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(f.ContentType);
            part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{filesName}\"; filename=\"{SentFileName(f.FileName)}\"");
            content.Add(part);
        }
        return content;
    }

    public static string SentFileName(string name) => name.Replace("\"", "%22").Replace("\r", "%0D").Replace("\n", "%0A");

    public static Dictionary<string, string> AnonymousFields(string? text = null, string category = "WronglyIncluded") => new()
    {
        ["Category"] = category,
        ["Text"] = text ?? UniqueText(),
        ["Anonymous"] = "true",
        ["Consent"] = "true",
    };

    // The receipt as the success page shows it: four groups of four digits.
    public static string ReceiptOnPage(string html)
    {
        var match = ReceiptDigits().Match(html);
        Assert.True(match.Success, "no receipt on the page");
        return match.Groups[1].Value;
    }

    // The answer and appeal forms of the track page, with a token from any page the client has opened.
    public static async Task<HttpResponseMessage> PostAnswerAsync(HttpClient client, string token, string receipt, string text, FormFile? file = null) =>
        await client.PostAsync("/track", Multipart([("_handler", "answer"), ("__RequestVerificationToken", token), ("Answer.Receipt", receipt), ("Answer.Text", text)],
            "AnswerFile", file is null ? [] : [file]), Ct);

    public static async Task<HttpResponseMessage> PostAppealAsync(HttpClient client, string token, string receipt, string text) =>
        await client.PostAsync("/track", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "appeal",
            ["__RequestVerificationToken"] = token,
            ["Appeal.Receipt"] = receipt,
            ["Appeal.Text"] = text,
        }), Ct);

    public static async Task<HttpResponseMessage> PostTrackFormAsync(HttpClient client, string receipt)
    {
        var token = await TokenAsync(client, "/track");
        return await client.PostAsync("/track", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "track",
            ["__RequestVerificationToken"] = token,
            ["Lookup.Receipt"] = receipt,
        }), Ct);
    }

    // ---- the API ----

    public static async Task<HttpResponseMessage> PostApiAsync(HttpClient client, object body) =>
        await client.PostAsJsonAsync("/api/v1/objections", body, Ct);

    public static object AnonymousBody(long announcementId, string? text = null, string category = "WronglyIncluded", long? entryId = null) => new
    {
        announcementId,
        entryId,
        category,
        text = text ?? UniqueText(),
        anonymous = true,
        consent = true,
    };

    public static async Task<HttpResponseMessage> PostApiMultipartAsync(HttpClient client, long announcementId, string text, IReadOnlyList<FormFile> files,
        string category = "WronglyIncluded") =>
        await PostApiMultipartAsync(client, new Dictionary<string, string>
        {
            ["announcementId"] = announcementId.ToString(),
            ["category"] = category,
            ["text"] = text,
            ["anonymous"] = "true",
            ["consent"] = "true",
        }, files);

    public static async Task<HttpResponseMessage> PostApiMultipartAsync(HttpClient client, IDictionary<string, string> fields, IReadOnlyList<FormFile> files) =>
        await client.PostAsync("/api/v1/objections", Multipart(fields.Select(f => (f.Key, f.Value)), "attachments", files), Ct);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();

    public static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> TrackApiAsync(HttpClient client, string receipt) =>
        await client.PostAsJsonAsync("/api/v1/objections/track", new { receipt }, Ct);

    // ---- the SQLite file, read directly ----

    public static SqliteConnection OpenDatabase(string file)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    public static long Scalar(string file, string sql, params (string Name, object? Value)[] args)
    {
        using var c = OpenDatabase(file);
        using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    public static long RowsWithText(PortalAppFactory app, string text) =>
        Scalar(app.DatabaseFile, "SELECT COUNT(*) FROM Objection WHERE Text = $t", ("$t", text));

    public static long ObjectionRows(string file, long announcementId) =>
        Scalar(file, "SELECT COUNT(*) FROM Objection WHERE AnnouncementId = $a", ("$a", announcementId));

    public sealed record StoredRow(long Id, string Queue, string QueueRegionCode, string ReceiptHash, string? IdentityCipher, bool Anonymous, bool LikelyDuplicate);

    public static StoredRow RowByCaseNumber(string file, string caseNumber)
    {
        using var c = OpenDatabase(file);
        using var command = c.CreateCommand();
        command.CommandText = "SELECT Id, Queue, QueueRegionCode, ReceiptHash, IdentityCipher, Anonymous, LikelyDuplicate FROM Objection WHERE CaseNumber = $n";
        command.Parameters.AddWithValue("$n", caseNumber);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no Objection row with case number {caseNumber}");
        return new StoredRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5) != 0, reader.GetInt64(6) != 0);
    }

    public sealed record AttachmentRow(string StoredName, string ContentType, long SizeBytes, long? EventId);

    public static IReadOnlyList<AttachmentRow> AttachmentRows(string file, long objectionId)
    {
        using var c = OpenDatabase(file);
        using var command = c.CreateCommand();
        command.CommandText = "SELECT StoredName, ContentType, SizeBytes, EventId FROM ObjectionAttachment WHERE ObjectionId = $id ORDER BY Id";
        command.Parameters.AddWithValue("$id", objectionId);
        using var reader = command.ExecuteReader();
        var rows = new List<AttachmentRow>();
        while (reader.Read()) rows.Add(new AttachmentRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        return rows;
    }

    // The database file and its -wal and -shm companions, byte for byte, as they are on disk now.
    public static IReadOnlyList<(string File, byte[] Bytes)> RawDatabaseFiles(string file)
    {
        var found = new List<(string, byte[])>();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                found.Add((path, copy.ToArray()));
            }
            catch (FileNotFoundException)
            {
                // -wal and -shm exist only while a connection is open.
            }
        }
        Assert.Contains(found, f => f.Item1 == file);
        return found;
    }

    // Asserts that none of the needles (UTF-8, and UTF-16 for good measure) occurs in the database files.
    public static void AssertNowhereInDatabase(string file, params string[] needles)
    {
        foreach (var (path, bytes) in RawDatabaseFiles(file))
        {
            foreach (var needle in needles)
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0, $"'{needle}' found (UTF-8) in {Path.GetFileName(path)}");
                Assert.False(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0, $"'{needle}' found (UTF-16) in {Path.GetFileName(path)}");
            }
        }
    }

    public static IReadOnlyList<string> AttachmentFiles(string folder) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).ToList() : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("class=\"receipt-digits\"[^>]*>\\s*([0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4})\\s*<")]
    private static partial Regex ReceiptDigits();
}

// Every message any logger writes, at every level, with its structured values.
public sealed class ObjectionLogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> messages = new();

    public IReadOnlyList<string> Messages => [.. messages];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ObjectionLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.messages.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {Describe(state)} {exception}");

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString() ?? "";
    }
}

// The portal with every log message kept for inspection.
public sealed class ObjectionLoggingAppFactory : PortalAppFactory
{
    public ObjectionLogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<ObjectionLogCapture>(null, LogLevel.Trace);
        });
    }
}
