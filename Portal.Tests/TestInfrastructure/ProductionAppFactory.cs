using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.TestInfrastructure;

// The portal as it runs in Production: no demo seeding, HSTS, __Host- cookies, the generic error page.
public class ProductionAppFactory : PortalAppFactory
{
    // Every log message, for tests that look for a warning.
    public ObjectionLogCapture Logs { get; } = new();

    // Production over the database and keys of a seeded (Development) portal, which Production itself never seeds.
    public static ProductionAppFactory Over(PortalAppFactory seeded) => new()
    {
        Settings = new(seeded.Settings)
        {
            ["ConnectionStrings:Portal"] = $"Data Source={seeded.DatabaseFile}",
            ["Security:KeysPath"] = Path.Combine(seeded.Folder, "keys"),
        },
    };

    // The browser's way over TLS (or behind a proxy that forwards it), and over plain HTTP.
    public HttpClient HttpsClient() => CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    public HttpClient PlainHttpClient() => CreateClient(new() { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<ObjectionLogCapture>(null, LogLevel.Trace);
        });
    }
}
