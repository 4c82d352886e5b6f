using Microsoft.Extensions.Localization;
using Portal.Features.Objections;
using Portal.Features.Accounts;
using Portal.Resources;

namespace Portal.Features.Review;

public static class ReviewEndpoints
{
    public sealed record FollowUpRequest(string? Receipt, bool? Resolved, bool? Satisfied, string? AppealText);

    public sealed record FollowUpRecorded(string CaseNumber, string Status, bool? Resolved, bool? Satisfied, bool OpenedAppeal, DateTime AnsweredAt);

    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder app)
    {
        // Attachments reach only staff who may read the case. Photos — re-encoded JPEG or PNG, nothing else — are served
        // inline with their own type so that the case page can preview them (nosniff holds the browser to it); a PDF
        // is always a download, never rendered inside the portal's origin.
        app.MapGet("/staff/objections/{id:long}/attachments/{name}", async (long id, string name, HttpContext http, ReviewStore cases, AttachmentStorage storage) =>
        {
            if (StaffActor.From(http.User) is not { } actor) return Results.Forbid();
            var view = await cases.GetAsync(id, actor, http.RequestAborted);
            var attachment = view?.Attachments.FirstOrDefault(a => a.StoredName == name);
            if (attachment is null || storage.Open(attachment.StoredName) is not { } stream) return Results.NotFound();
            http.Response.Headers.CacheControl = "no-store";
            return AttachmentSniffer.IsImage(attachment.ContentType)
                ? Results.File(stream, attachment.ContentType)
                : Results.File(stream, "application/octet-stream", attachment.StoredName);
        }).RequireAuthorization(StaffPolicies.Reviewers);
        app.MapPost("/api/v1/objections/followup", FollowUpAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    // The follow-up questions by API, as /track takes them: with the receipt in the body, through the same failed
    // look-up limit as the track API. A refused answer names its field: 400 for what was sent, 409 for the case's state.
    private static async Task<IResult> FollowUpAsync(HttpContext http, ObjectionIntake intake, FailedLookupLimiter limiter, FollowUpStore followUps,
        IStringLocalizer<SharedResource> L)
    {
        if (ObjectionEndpoints.Refused(http.Request, L, ObjectionEndpoints.Json) is { } refused) return refused;
        var (body, unreadable) = await ObjectionEndpoints.ReadJsonAsync<FollowUpRequest>(http.Request);
        if (body is null) return ObjectionEndpoints.Unreadable(unreadable, L);
        var (tracked, refusal) = await ObjectionEndpoints.LookUpAsync(body.Receipt, http, intake, limiter, L);
        if (tracked is null) return refusal!;
        http.Response.Headers.CacheControl = "no-store";
        var receipt = ObjectionRules.NormalizeReceipt(body.Receipt)!;
        var (result, answer) = await followUps.AnswerAsync(receipt, body.Resolved, body.Satisfied, body.AppealText, http.RequestAborted);
        if (answer is null)
        {
            var field = result.Field ?? "receipt";
            return field == "receipt"
                ? ObjectionEndpoints.Problem(StatusCodes.Status409Conflict, field, L.Rule(result))
                : Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [L.Rule(result)] }, title: L["Objection.Invalid"]);
        }
        var state = (await intake.TrackAsync(receipt, http.RequestAborted))?.State ?? tracked.State;
        return Results.Ok(new FollowUpRecorded(tracked.CaseNumber, state.ToString(), answer.Resolved, answer.Satisfied, answer.OpenedAppeal, answer.AnsweredUtc));
    }
}
