using Microsoft.Extensions.Localization;
using Portal.Features.Objections;
using Portal.Infrastructure;
using Portal.Resources;

namespace Portal.Features.Reports;

// POST /api/v1/reports: JSON only, refused cross-site and over the size limit as the objection API is.
public static class ReportEndpoints
{
    public sealed record ReportRequest(string? Village, string? Kind, string? Subject, string? Text, bool Anonymous, string? Name, string? Phone,
        bool Consent, string? Website);

    public sealed record Created(string CaseNumber, string Receipt, string Status);

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/reports").AllowAnonymous().MapPost("", SubmitAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ReportIntake intake, IStringLocalizer<SharedResource> L)
    {
        if (ObjectionEndpoints.Refused(request, L, ObjectionEndpoints.Json) is { } refused) return refused;
        var (body, unreadable) = await ObjectionEndpoints.ReadJsonAsync<ReportRequest>(request);
        if (body is null) return ObjectionEndpoints.Unreadable(unreadable, L);
        var kind = ReportRules.ReadKind(body.Kind);
        var result = await intake.SubmitAsync(new ReportSubmission(body.Village, kind, body.Subject, body.Text, body.Anonymous, body.Name, body.Phone,
            body.Consent, body.Website), ClientAddress.Of(request.HttpContext), request.HttpContext.RequestAborted);
        if (result.RetryAfter is { } wait)
        {
            ObjectionEndpoints.RetryAfter(request.HttpContext, wait);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: L["Objection.TooMany", Math.Ceiling(wait.TotalMinutes)]);
        }
        if (result.Accepted is { } a)
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Created(a.CaseNumber, a.Receipt, nameof(ReportState.Received)), statusCode: StatusCodes.Status201Created);
        }
        var messages = result.Errors.GroupBy(e => e.Field ?? "form").ToDictionary(g => g.Key, g => g.Select(e => L[$"Rule.{e.Rule}", e.Args].Value).ToArray());
        return Results.ValidationProblem(messages, title: L["Report.Invalid"]);
    }
}
