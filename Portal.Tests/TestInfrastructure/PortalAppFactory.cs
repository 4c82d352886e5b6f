using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Portal.Tests.TestInfrastructure;

// The real portal over HTTP, on its own SQLite file with the demo district seeded.
public class PortalAppFactory : WebApplicationFactory<Program>
{
    public PortalAppFactory()
    {
        Folder = TempFolder.Create("app");
    }

    public string Folder { get; }

    public int Households { get; init; } = 1000;

    public const string StaffPassword = TestDatabase.StaffPassword;

    // Portal:PublicBaseUrl in every test host: absolute URLs the portal prints start with it, whatever Host a request names.
    public const string PublicBaseUrl = "https://gs.enyang.example";

    // Extra configuration for one test class, e.g. ["Limits:ObjectionsPerHourPerAddress"] = "3".
    public Dictionary<string, string> Settings { get; init; } = new()
    {
        // Generous by default so that tests sharing one app do not trip the per-address limits.
        ["Limits:ObjectionsPerHourPerAddress"] = "1000",
        ["Limits:FailedTrackLookupsPerHourPerAddress"] = "1000",
    };

    // Security:TwoFactorRoles. None by default, so that journeys of other features sign in with a password alone (a
    // code is good once, so a shared portal would otherwise wait 30 seconds between sign-ins of one user); null keeps
    // the portal's own default (inspectors and administrators), as the second factor's own tests do.
    public string? TwoFactorRoles { get; init; } = Portal.Features.Accounts.TwoFactorOptions.None;

    // When set, the portal's clock: a test moves time on with FakeClock.Advance.
    public FakeTimeProvider? FakeClock { get; init; }

    // A request carrying this header comes from the address it names, as if from another machine.
    public const string AddressHeader = "X-Test-Client-Address";

    public string AttachmentsFolder => Path.Combine(Folder, "attachments");

    public string DatabaseFile => Path.Combine(Folder, "portal.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={DatabaseFile}");
        builder.UseSetting("Security:KeysPath", Path.Combine(Folder, "keys"));
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Households", Households.ToString());
        builder.UseSetting("Demo:RandomSeed", "7");
        builder.UseSetting("Demo:StaffPassword", StaffPassword);
        builder.UseSetting("Attachments:Path", AttachmentsFolder);
        builder.UseSetting("Portal:PublicBaseUrl", PublicBaseUrl);
        if (TwoFactorRoles is not null) builder.UseSetting("Security:TwoFactorRoles", TwoFactorRoles);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            if (FakeClock is not null) services.Replace(ServiceDescriptor.Singleton<TimeProvider>(FakeClock));
            services.AddSingleton<IStartupFilter, TestAddressFilter>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(Folder);
        GC.SuppressFinalize(this);
    }
}

internal sealed class TestAddressFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[PortalAppFactory.AddressHeader] is [{ } address]) context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            return nextMiddleware(context);
        });
        next(app);
    };
}
