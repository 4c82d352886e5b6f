namespace Portal.Infrastructure;

// 长者模式 (适老化: MIIT 2021, 国办公开办函〔2021〕28号, GB/T 37668-2019) on every public page: larger text (20 px and up),
// line spacing of 1.6, high contrast, touch targets of 48 px, links underlined. A link in the header turns it on or off
// and a cookie keeps it; the page itself carries the mode as a class on <html>, so it needs no script, and the page
// cache keeps each page once per mode (PublicPageCache).
public static class ElderMode
{
    public const string Cookie = "__Host-mode";

    public const string On = "elder";

    public const string Off = "standard";

    public static bool IsOn(HttpContext? http) => http?.Request.Cookies[Cookie] == On;

    public static IEndpointRouteBuilder MapElderModeSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/mode/{name}", Set).AllowAnonymous();
        return endpoints;
    }

    // The switch's address for the page it is on.
    public static string SwitchUrl(bool on, string returnUrl) => $"/mode/{(on ? Off : On)}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    private static IResult Set(string name, string? returnUrl, HttpContext http)
    {
        if (name is not (On or Off)) return Results.NotFound();
        var options = new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = true, Path = "/" };
        if (name == On) http.Response.Cookies.Append(Cookie, On, options);
        else http.Response.Cookies.Delete(Cookie, options);
        return Results.LocalRedirect(LocalUrl.OrDefault(returnUrl, "/"));
    }
}
