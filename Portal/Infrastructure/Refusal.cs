using System.Net;
using Microsoft.Extensions.Localization;
using Portal.Resources;

namespace Portal.Infrastructure;

// A refusal before any page or endpoint runs (too large, too many, unreadable): problem details for the API, a short
// page in the reader's language for everyone else.
public static class Refusal
{
    public static async Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: status, title: message).ExecuteAsync(context);
            return;
        }
        var L = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"{System.Globalization.CultureInfo.CurrentUICulture.Name}\"><head><meta charset=\"utf-8\">" +
            $"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{WebUtility.HtmlEncode(L["Portal.Title"])}</title></head>" +
            $"<body><main><h1>{WebUtility.HtmlEncode(message)}</h1><p><a href=\"/\">{WebUtility.HtmlEncode(L["NotFound.Back"])}</a></p></main></body></html>");
    }

    // A url-encoded form the form reader cannot decode (a NUL, %00, in a value) is refused here, naming the form, before
    // the antiforgery check fails on it with a message for developers. Only forms that check is about to read are read
    // here (the API reads its own bodies and says so), and a body over Kestrel's limits is refused with its own status.
    public static void UseReadableForms(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>() is { RequiresValidation: true }
                && context.Request.HasFormContentType
                && context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                var L = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    await WriteAsync(context, StatusCodes.Status400BadRequest, L["Form.Unreadable"]);
                    return;
                }
                catch (BadHttpRequestException e)
                {
                    await WriteAsync(context, e.StatusCode, L["Form.Unreadable"]);
                    return;
                }
            }
            await next(context);
        });
}
