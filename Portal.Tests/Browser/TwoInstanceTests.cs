using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Dapper;
using Microsoft.Playwright;
using Portal.Features.Audit;
using Portal.Infrastructure.Data;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Browser;

// Issue 17, must have 5: two portal processes on one PostgreSQL database behind nginx (round robin, loopback). What a
// resident does through the balancer is seen by both; a change through one reaches the other's cached pages within
// 2 s; the submission limit is one limit; killing an instance loses no acknowledged receipt; the audit chain verifies.
[Collection(BrowserCollection.Name)]
public sealed class TwoInstanceTests(BrowserFixture browser) : IAsyncDisposable
{
    private const string Nginx = "/usr/sbin/nginx";
    private const int Limit = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<IAsyncDisposable> running = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var r in Enumerable.Reverse(running)) await r.DisposeAsync();
        await browser.ClosePagesAsync();
    }

    [Fact]
    public async Task TwoInstancesBehindNginx_ShareCasesPagesLimitsAndTheAuditChain()
    {
        browser.SkipIfUnavailable();
        var server = PostgreSqlTestDatabase.Server();
        if (!File.Exists(Nginx))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI=true but {Nginx} is missing: .ci/run installs nginx.");
            Assert.Skip($"{Nginx} is missing (apt-get install nginx), so the two-instance test is skipped.");
        }
        var name = PostgreSqlTestDatabase.NewDatabase(server);
        running.Add(new Dropped(server, name));
        var folder = new TempFolder("two-instances");
        running.Add(new Deleted(folder));
        var connection = PostgreSqlTestDatabase.ConnectionString(server, name);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Portal"] = connection,
            ["Security__KeysPath"] = Path.Combine(folder.Path, "keys"),
            ["Security__TwoFactorRoles"] = "None",
            ["Attachments__Path"] = Path.Combine(folder.Path, "attachments"),
            ["Demo__Households"] = "1000",
            ["Demo__StaffPassword"] = PortalAppFactory.StaffPassword,
            ["Limits__ObjectionsPerHourPerAddress"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        };
        // The first seeds the demo district; the second starts on the seeded database.
        var a = Start(folder.Path, environment, seed: true);
        await a.WaitHealthyAsync(TimeSpan.FromMinutes(3), Ct);
        var b = Start(folder.Path, environment, seed: false);
        await b.WaitHealthyAsync(TimeSpan.FromMinutes(2), Ct);
        var balancer = await StartNginxAsync(folder.Path, a.Address, b.Address);

        var db = new DbConnectionFactory(DatabaseProvider.PostgreSql, connection);
        long open, draft;
        await using (var c = await db.OpenAsync(Ct))
        {
            open = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM Announcement WHERE Status = 'Published' AND PeriodEnd >= CURRENT_DATE");
            draft = await c.ExecuteScalarAsync<long>("SELECT MIN(Id) FROM Announcement WHERE Status = 'Draft' AND Kind = 'Exit' AND RegionCode LIKE '5119032%'");
        }

        using var viaBalancer = new HttpClient { BaseAddress = balancer };
        using var toA = new HttpClient { BaseAddress = a.Address };
        using var toB = new HttpClient { BaseAddress = b.Address };

        // An objection through the balancer is tracked on each instance.
        var receipt = await SubmitAsync(viaBalancer, open, "198.51.100.10");
        Assert.NotNull(receipt);
        foreach (var instance in new[] { toA, toB })
        {
            using var tracked = await instance.PostAsJsonAsync("/api/v1/objections/track", new { receipt }, Ct);
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        }

        // One limit for both: the address's posts alternate between the instances, and the one past the limit is refused.
        for (var i = 1; i < Limit; i++) Assert.NotNull(await SubmitAsync(viaBalancer, open, "198.51.100.10"));
        using (var over = await PostAsync(viaBalancer, open, "198.51.100.10"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        }

        // A publication on A reaches B's cached list of the township's announcements within 2 s.
        var link = $"/announcements/{draft}\"";
        const string jiuzhen = "/announcements?township=511903200000";
        Assert.DoesNotContain(link, await toB.GetStringAsync(jiuzhen, Ct));
        await PublishAsync(a.Address, draft);
        var published = Stopwatch.StartNew();
        while (!(await toB.GetStringAsync(jiuzhen, Ct)).Contains(link, StringComparison.Ordinal))
        {
            Assert.True(published.Elapsed < TimeSpan.FromSeconds(2), "B's cached list did not show the publication within 2 s");
            await Task.Delay(100, Ct);
        }

        // B is killed while residents submit: every receipt that was acknowledged is there afterwards.
        var acknowledged = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            if (i == 10) await b.KillAsync();
            if (await SubmitAsync(viaBalancer, open, $"198.51.100.{100 + i}") is { } r) acknowledged.Add(r);
        }
        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} of 30 submissions were acknowledged");
        foreach (var r in acknowledged)
        {
            using var tracked = await toA.PostAsJsonAsync("/api/v1/objections/track", new { receipt = r }, Ct);
            Assert.Equal(HttpStatusCode.OK, tracked.StatusCode);
        }

        var chain = await new AuditLog(db, TimeProvider.System).VerifyAsync(Ct);
        Assert.True(chain.IsIntact, $"the audit chain broke at event {chain.FirstBadId}");
    }

    private RunningPortal Start(string folder, Dictionary<string, string> environment, bool seed)
    {
        var portal = PortalProcess.Start(folder, new Dictionary<string, string>(environment) { ["Demo__Seed"] = seed ? "true" : "false" });
        running.Add(portal);
        return portal;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, long announcement, string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/objections") { Content = JsonContent.Create(ObjectionTestKit.AnonymousBody(announcement)) };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request, Ct);
    }

    // The receipt, or null when the submission was not acknowledged (the instance died under it).
    private static async Task<string?> SubmitAsync(HttpClient client, long announcement, string address)
    {
        try
        {
            using var response = await PostAsync(client, announcement, address);
            if (response.StatusCode != HttpStatusCode.Created) return null;
            return (await ObjectionTestKit.CreatedAsync(response)).GetProperty("receipt").GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    // The Jiuzhen reviewer publishes the demo's Exit draft on instance A, as in the announcement journey.
    private async Task PublishAsync(Uri instance, long draft)
    {
        var page = await browser.NewPageAsync();
        var origin = instance.GetLeftPart(UriPartial.Authority);
        await page.GotoAsync($"{origin}/staff/login");
        await page.FillAsync("#username", "jiuzhen.reviewer");
        await page.FillAsync("#password", PortalAppFactory.StaffPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync($"{origin}/staff**");
        await page.GotoAsync($"{origin}/staff/announcements/{draft}");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "确认发布" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-chip").Filter(new() { HasText = "公示中" })).ToBeVisibleAsync();
    }

    private async Task<Uri> StartNginxAsync(string folder, Uri a, Uri b)
    {
        var port = FreePort();
        var prefix = Path.Combine(folder, "nginx");
        Directory.CreateDirectory(prefix);
        Directory.CreateDirectory(Path.Combine(prefix, "html"));
        // Benchmarks/nginx.conf.in, as the benchmark scripts use it; an instance that fails once is left alone for 30 s.
        var template = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Benchmarks", "nginx.conf.in"), Ct);
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), template
            .Replace("@PREFIX@", prefix, StringComparison.Ordinal)
            .Replace("@STATIC_PORT@", FreePort().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@PROXY_PORT@", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@UPSTREAM@", $"server {a.Authority} max_fails=1 fail_timeout=30s; server {b.Authority} max_fails=1 fail_timeout=30s;", StringComparison.Ordinal), Ct);
        var nginx = Process.Start(new ProcessStartInfo(Nginx) { ArgumentList = { "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf") }, RedirectStandardError = true })!;
        running.Add(new Killed(nginx));
        var address = new Uri($"http://127.0.0.1:{port}");
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var health = await probe.GetAsync("/healthz", Ct);
                if (health.StatusCode == HttpStatusCode.OK) return address;
            }
            catch (HttpRequestException) when (tries < 50)
            {
            }
            Assert.False(nginx.HasExited, $"nginx exited: {await nginx.StandardError.ReadToEndAsync(Ct)}");
            Assert.True(tries < 100, "nginx did not answer /healthz");
            await Task.Delay(100, Ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Killed(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private sealed class Dropped(string server, string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await PostgreSqlTestDatabase.DropAsync(server, name);
    }

    private sealed class Deleted(TempFolder folder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            folder.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
