using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Portal.Infrastructure.Localization;

// The portal's two languages, site-wide: the request culture and the switch between them.
public static class PortalCultures
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public const string CultureCookie = "__Host-culture";

    public static IApplicationBuilder UsePortalCultures(this IApplicationBuilder app) =>
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            // Villagers' phones often announce en-US; the portal speaks Chinese unless the reader chooses English.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider { CookieName = CultureCookie }];
        });

    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/{name}", SetCulture).AllowAnonymous();
        return endpoints;
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
}
