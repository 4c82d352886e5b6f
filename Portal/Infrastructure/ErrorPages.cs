using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Portal.Infrastructure;

// A page that shows a form protected by the antiforgery cookie. Outside Development that cookie is __Host- and
// Secure, so the page cannot be shown over plain HTTP.
[AttributeUsage(AttributeTargets.Class)]
public sealed class FormPageAttribute : Attribute;

// Error pages that always render: a status page or the error page re-executed for a POST is rendered as a GET (a
// POST would make the page read, and refuse, a form that was never its own), and a form page over plain HTTP gets a
// 400 page that says why instead of failing on the antiforgery cookie.
public static class ErrorPages
{
    public const string NeedsHttpsKey = "portal.needs-https";

    public const string PlainHttpWarning =
        "Production serves plain HTTP: forms and sign-in need HTTPS (the antiforgery and staff cookies are __Host- and Secure), " +
        "so they answer 400. Serve HTTPS, or name the TLS proxy in front in ForwardedHeaders:KnownProxies so its X-Forwarded-Proto is trusted.";

    public static bool NeedsHttps(HttpContext context) => context.Items.ContainsKey(NeedsHttpsKey);

    // After UseStatusCodePagesWithReExecute and UseExceptionHandler.
    public static void Use(WebApplication app, bool knownProxies)
    {
        var requireHttps = !app.Environment.IsDevelopment();
        var warned = 0;
        void WarnOnce()
        {
            if (Interlocked.Exchange(ref warned, 1) == 0) app.Logger.LogWarning(PlainHttpWarning);
        }
        if (requireHttps && !knownProxies)
        {
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                if (addresses.Any(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))) WarnOnce();
            });
        }
        app.Use((context, next) =>
        {
            if (IsReExecuted(context))
            {
                context.Request.Method = HttpMethods.Get;
            }
            else if (requireHttps && !context.Request.IsHttps && NeedsAntiforgeryCookie(context))
            {
                if (!knownProxies) WarnOnce();
                context.Items[NeedsHttpsKey] = true;
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }

    // After UseAntiforgery: a form post without a valid token is a 400 page in the site's layout, not the framework's
    // line of text for developers (pages) or an exception (endpoints that read a form).
    public static void UseRefusedForms(WebApplication app) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false } && !IsReExecuted(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return Task.CompletedTask;
            }
            return next(context);
        });

    private static bool IsReExecuted(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;

    private static bool NeedsAntiforgeryCookie(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null) return false;
        return metadata.GetMetadata<FormPageAttribute>() is not null
            || (HttpMethods.IsPost(context.Request.Method) && metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: true });
    }
}
