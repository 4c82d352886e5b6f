using Portal.Features.Objections;
using Portal.Features.Accounts;

namespace Portal.Features.Review;

public static class ReviewEndpoints
{
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
        return app;
    }
}
