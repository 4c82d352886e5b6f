namespace Portal.Infrastructure.Security;

public static class PortalAntiforgery
{
    public const string Cookie = "__Host-antiforgery";

    // __Host- cookies need HTTPS; Development runs on plain http://localhost:5000, so there the name has no prefix.
    public static IServiceCollection AddPortalAntiforgery(this IServiceCollection services, bool https) =>
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = https ? Cookie : Cookie["__Host-".Length..];
            o.Cookie.SecurePolicy = https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
}
