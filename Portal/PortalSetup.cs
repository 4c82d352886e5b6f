using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Authentication.Cookies;
using MudBlazor.Services;
using Portal.Components;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Features.Assistance;
using Portal.Features.Audit;
using Portal.Features.Calendar;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Reports;
using Portal.Features.Retention;
using Portal.Features.Review;
using Portal.Features.Statistics;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Localization;
using Portal.Infrastructure.Security;

namespace Portal;

// What the whole site shares (authentication, antiforgery, localization, forwarded headers, security headers, output
// cache, data access), and the feature modules, each registering and mapping its own.
public static class PortalSetup
{
    // The data access and every feature's services: the portal's and every test container's one list.
    public static IHostApplicationBuilder AddPortalFeatures(this IHostApplicationBuilder builder) =>
        builder.AddPortalData().AddKeyRing().AddRegions().AddHouseholds().AddAssistance().AddAudit().AddAccounts()
            .AddCalendar().AddAnnouncements().AddObjections().AddReports().AddReview().AddRetention().AddStatistics().AddDemo();

    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var limits = ValidatedOptions.Read<LimitsOptions>(builder.Configuration, LimitsOptions.Section);
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = limits.RequestBytes);
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = limits.RequestBytes);
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o => o.MaximumReceiveMessageSize = limits.CircuitMessageBytes);
        services.AddSingleton<CircuitLimit>();

        // After the components' own services, so that the Accounts module's authentication state provider is the one used.
        builder.AddPortalFeatures();
        builder.Logging.ClampSensitiveCategories();
        services.AddValidatedOptions<ProxyOptions>(ProxyOptions.Section);
        services.AddPublicUrls();
        var pages = ValidatedOptions.Read<PublicPagesOptions>(builder.Configuration, PublicPagesOptions.Section);
        services.AddSingleton(pages);
        services.AddOutputCache(o => PublicPageCache.Configure(o, pages));
        services.AddPublicResponses();
        services.AddSingleton<PublicPageCache>();
        services.AddHostedService<PublicChangeWatcher>();

        services.AddLocalization();
        // Chinese text goes out as UTF-8, not as &#x...; entities three times its size.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, PortalMudLocalizer>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = Portal.Public.Account.SignIn.Path;
            o.Cookie.Name = "__Host-portal-staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/";
            // Idleness and sign-out are enforced on the server (StaffSessions), so the cookie itself only bounds a
            // sign-in to a working day; a sliding cookie would let a copy of it outlive the session.
            o.ExpireTimeSpan = StaffSessions.Lifetime;
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = AccountsModule.ValidateStaffSessionAsync;
            // A signed-in user without the role gets a plain 403, not a redirect to a page that does not exist.
            o.Events.OnRedirectToAccessDenied = context => { context.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });
        services.AddPortalAntiforgery(https: !builder.Environment.IsDevelopment());
        services.AddProblemDetails();
        services.AddCascadingAuthenticationState();
        return builder;
    }

    // Every setting checked (a bad one stops start-up with one line naming it), the database migrated, the demo seeded.
    public static async Task PreparePortalAsync(this WebApplication app, CancellationToken ct = default)
    {
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        await app.Services.MigrateDatabaseAsync(ct);
        app.Services.CheckKeyRing();
        app.WarnWhenUnencrypted();
        await app.SeedDemoAsync(ct);
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        // HEAD becomes GET before an endpoint is chosen; routing then comes first, as it would on its own.
        HeadRequests.Use(app);
        app.UseRouting();
        var behindProxy = KnownProxies.Use(app);
        SecurityHeaders.Use(app);
        CircuitLimit.Use(app, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LimitsOptions>>().Value.CircuitsPerAddress);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        ErrorPages.Use(app, knownProxies: behindProxy);
        app.UsePortalCultures();
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
        app.MapCultureSwitch();
        app.MapElderModeSwitch();
        app.MapAccounts().MapAnnouncements().MapObjections().MapReports().MapAudit().MapReview().MapHouseholds().MapRetention().MapStatistics();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
