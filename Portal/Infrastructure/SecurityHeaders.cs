using Microsoft.Net.Http.Headers;

namespace Portal.Infrastructure;

// Headers every response carries. The policy allows only this site's own scripts (no inline script, no eval);
// inline styles stay allowed because MudBlazor sets style attributes.
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    public static void Use(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsTrace(context.Request.Method) || context.Request.Method == "TRACK")
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers[HeaderNames.XFrameOptions] = "DENY";
                // What staff see and what a complainant's receipt opens is nobody else's to keep.
                if (context.Request.Path.StartsWithSegments("/staff") || context.Request.Path.StartsWithSegments("/track")
                    || context.Request.Path.StartsWithSegments("/api/v1/objections"))
                {
                    headers.CacheControl = "no-store";
                    headers.Remove(HeaderNames.Pragma);
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
}
