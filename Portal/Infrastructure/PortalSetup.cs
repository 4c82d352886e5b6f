using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.Data.Sqlite;
using MudBlazor.Services;
using Portal.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Features.Announcements;
using Portal.Features.Assistance;
using Portal.Features.Audit;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Infrastructure;

public static class PortalSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public const string CultureCookie = "__Host-culture";
    public const string AntiforgeryCookie = "__Host-antiforgery";

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(CreateConnectionFactory(configuration, contentRoot));
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.Section);
        services.AddSingleton(PublicUrls.From(configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions(), builder.Environment.IsDevelopment()));
        services.AddSingleton<Migrator>();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);

        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var keysPath = Path.GetFullPath(security.KeysPath, contentRoot);
        AddKeyRing(services, security, keysPath, contentRoot);
        builder.Logging.ClampSensitiveCategories();
        services.AddSingleton(sp => new PersonalDataProtector(sp.GetRequiredService<IDataProtectionProvider>(), keysPath));

        services.AddSingleton<RegionStore>();
        services.AddSingleton<HouseholdStore>();
        services.AddSingleton<CadreStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<StaffUserStore>();
        services.AddSingleton<StaffSessions>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<StaffSignIn>();
        services.AddSingleton<StaffAdministration>();
        services.AddOptions<AnnouncementOptions>().BindConfiguration(AnnouncementOptions.Section);
        services.AddSingleton(sp => new AnnouncementRules(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnnouncementOptions>>().Value));
        services.AddOutputCache(PublicPageCache.Configure);
        services.AddSingleton<PublicPageCache>();
        services.AddSingleton<AnnouncementStore>();
        services.AddHostedService<AnnouncementCloser>();
        services.AddSingleton<AssistanceStore>();
        services.AddSingleton<VillageReport>();
        services.AddSingleton<AssistanceEditing>();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.AddSingleton<HouseholdImporter>();
        services.AddSingleton<DemoStaff>();
        services.AddSingleton<DemoAnnouncements>();
        services.AddSingleton<DemoSeeder>();

        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitsOptions>>().Value);
        services.AddSingleton<ObjectionRules>();
        services.AddSingleton<ObjectionStore>();
        services.AddSingleton<FailedLookupLimiter>();
        services.AddSingleton<SubmissionLimiter>();
        var attachmentsPath = Path.GetFullPath(configuration[$"{AttachmentOptions.Section}:Path"] ?? new AttachmentOptions().Path, contentRoot);
        services.AddSingleton(new AttachmentStorage(attachmentsPath));
        services.AddSingleton<ObjectionIntake>();
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section);
        services.AddSingleton(sp => new ReviewWorkflow(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReviewOptions>>().Value));
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ConflictDeclarations>();
        services.AddSingleton<Portal.Features.Statistics.ObjectionStatistics>();
        services.AddSingleton<Portal.Features.Statistics.DistrictStatistics>();
        services.AddObjectionLimits();

        var limits = configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = limits.RequestBytes);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = limits.RequestBytes);

        services.AddLocalization();
        // Chinese text goes out as UTF-8, not as &#x...; entities three times its size.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = limits.CircuitMessageBytes);
        services.AddSingleton<CircuitLimit>();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, PortalMudLocalizer>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/staff/login";
                o.Cookie.Name = "__Host-portal-staff";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.Path = "/";
                // Idleness and sign-out are enforced on the server (StaffSessions), so the cookie itself only bounds a
                // sign-in to a working day; a sliding cookie would let a copy of it outlive the session.
                o.ExpireTimeSpan = StaffSessions.Lifetime;
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = ValidateStaffSessionAsync;
                // A signed-in user without the role gets a plain 403, not a redirect to a page that does not exist.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorization();
        // __Host- cookies need HTTPS; Development runs on plain http://localhost:5000, so there the name has no prefix.
        var https = !builder.Environment.IsDevelopment();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = https ? AntiforgeryCookie : AntiforgeryCookie["__Host-".Length..];
            o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.AddProblemDetails();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, StaffSessionStateProvider>();
        services.AddScoped<CircuitHandler, StaffSessionCircuitHandler>();
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        // HEAD becomes GET before an endpoint is chosen; routing then comes first, as it would on its own.
        HeadRequests.Use(app);
        app.UseRouting();
        // The client address is the connection's, unless the proxy in front is one named in ForwardedHeaders:KnownProxies.
        var proxies = app.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        if (proxies.Length > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            app.UseForwardedHeaders(forwarded);
        }
        SecurityHeaders.Use(app);
        CircuitLimit.Use(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        ErrorPages.Use(app, knownProxies: proxies.Length > 0);
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            // Villagers' phones often announce en-US; the portal speaks Chinese unless the reader chooses English.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider { CookieName = CultureCookie }];
        });
        app.UseRequestSizeLimit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        PublicPageCache.Use(app);
        app.UseReadableForms();
        app.UseAntiforgery();
        ErrorPages.UseRefusedForms(app);

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapGet("/culture/{name}", SetCulture).AllowAnonymous();
        app.MapPost("/staff/logout", (Delegate)SignOut).RequireAuthorization().WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapAnnouncementEndpoints();
        app.MapObjectionEndpoints();
        app.MapAuditEndpoints();
        app.MapReviewEndpoints();
        app.MapGet("/staff/admin/import/template.csv", () => Results.File(System.Text.Encoding.UTF8.GetBytes(HouseholdImport.Template), "text/csv; charset=utf-8", "households-template.csv"))
            .RequireAuthorization(p => p.RequireRole(nameof(StaffRole.Administrator)));
        Portal.Features.Statistics.StatisticsEndpoints.MapStatisticsEndpoints(app);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    // Migrates the database and, outside Production, seeds the demo district on the first run.
    public static async Task PreparePortalAsync(this WebApplication app, CancellationToken ct = default)
    {
        var db = app.Services.GetRequiredService<DbConnectionFactory>();
        try
        {
            await app.Services.GetRequiredService<Migrator>().MigrateAsync(ct);
        }
        catch (Exception e) when (e is DbException or ArgumentException or InvalidOperationException)
        {
            throw new PortalStartupException(
                $"Start-up stopped: the {db.Provider} database named by ConnectionStrings:Portal (Database:Provider = {db.Provider}) " +
                $"could not be opened: {FirstLine(e.Message)} Check the connection string and that the server is reachable, " +
                "or set Database:Provider to Sqlite.", e);
        }

        if (app.Environment.IsProduction() && string.IsNullOrWhiteSpace(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.KeyCertificatePath))
        {
            app.Logger.LogWarning("The Data Protection key ring is protected by its file mode alone: set Security:KeyCertificatePath to a certificate that encrypts it at rest");
        }

        var demo = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        if (!demo.Seed || app.Environment.IsProduction()) return;
        var password = string.IsNullOrEmpty(demo.StaffPassword) ? DemoStaff.NewPassword() : demo.StaffPassword;
        if (await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(demo, password, ct))
        {
            app.Logger.LogInformation("Seeded the demo district with {Households} households", demo.Households);
            if (string.IsNullOrEmpty(demo.StaffPassword))
            {
                // Printed once, to the console only: the demo accounts exist in Development alone.
                Console.WriteLine($"Demo staff accounts (admin, inspector, district.reviewer, yuxi.reviewer, …, guihua.clerk) use the password: {password}");
            }
        }
    }

    private static void AddKeyRing(IServiceCollection services, SecurityOptions security, string keysPath, string contentRoot)
    {
        // The file-system repository writes new key files 0600 itself; the folder and files an older version left are narrowed.
        PrivateFiles.Folder(keysPath);
        foreach (var file in Directory.EnumerateFiles(keysPath)) PrivateFiles.Narrow(file);
        var dataProtection = services.AddDataProtection().SetApplicationName("EnyangSunshinePortal").PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        if (string.IsNullOrWhiteSpace(security.KeyCertificatePath)) return;
        var path = Path.GetFullPath(security.KeyCertificatePath, contentRoot);
        System.Security.Cryptography.X509Certificates.X509Certificate2 certificate;
        try
        {
            certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(path, security.KeyCertificatePassword);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new PortalStartupException($"Security:KeyCertificatePath names a certificate that could not be loaded ({path}): {FirstLine(e.Message)}", e);
        }
        if (!certificate.HasPrivateKey) throw new PortalStartupException($"Security:KeyCertificatePath ({path}) names a certificate without its private key.");
        dataProtection.ProtectKeysWithCertificate(certificate);
    }

    private static DbConnectionFactory CreateConnectionFactory(IConfiguration configuration, string contentRoot)
    {
        var providerText = configuration[$"{DatabaseOptions.Section}:Provider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new PortalStartupException($"Database:Provider must be Sqlite or SqlServer, not '{providerText}'.");
        }

        var connectionString = configuration.GetConnectionString("Portal");
        if (provider == DatabaseProvider.SqlServer)
        {
            return string.IsNullOrWhiteSpace(connectionString)
                ? throw new PortalStartupException("Database:Provider is SqlServer but ConnectionStrings:Portal is empty.")
                : new DbConnectionFactory(provider, connectionString);
        }

        var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? "Data Source=App_Data/portal.db" : connectionString);
        if (sqlite.DataSource != ":memory:") sqlite.DataSource = Path.GetFullPath(sqlite.DataSource, contentRoot);
        return new DbConnectionFactory(provider, sqlite.ToString());
    }

    private static IResult SetCulture(string name, string? returnUrl, HttpContext http)
    {
        var culture = Cultures.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (culture is null) return Results.NotFound();
        http.Response.Cookies.Append(
            CultureCookie,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = true, Path = "/" });
        return Results.LocalRedirect(LocalUrl.OrDefault(returnUrl, "/"));
    }

    // Every request with a staff cookie: the session it names must still be live (not signed out, not idle, the account
    // active and unchanged); otherwise the request is anonymous and the cookie is deleted.
    private static async Task ValidateStaffSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
        if (context.Principal is { } user && await sessions.IsLiveAsync(user, activity: true, context.HttpContext.RequestAborted)) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    // UseAntiforgery has checked the token (the endpoint's metadata asks it to); a post from elsewhere signs no one out.
    private static async Task<IResult> SignOut(HttpContext http, StaffSessions sessions)
    {
        if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true }) return Results.Problem(statusCode: StatusCodes.Status400BadRequest);
        await sessions.EndAsync(http.User, http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/");
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
