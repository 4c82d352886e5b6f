using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Features.Announcements;
using Portal.Infrastructure;
using Portal.Resources;

namespace Portal.Features.Objections;

// The objection API, the receipt PDF, and the limits every way in shares: submissions per address per hour,
// failed receipt look-ups per address per hour, and the size of a request.
public static class ObjectionEndpoints
{
    public const string SubmissionPolicy = "objection-submissions";

    public sealed record ObjectionRequest(long AnnouncementId, long? EntryId, string? Category, string? Text, bool Anonymous,
        string? Name, string? Phone, string? Relation, bool Consent, string? Website);

    public sealed record TrackRequest(string? Receipt);

    public sealed record Created(string CaseNumber, string Receipt, string Status, bool LikelyDuplicate);

    public sealed record TimelineItem(string Kind, string? State, string? Text, DateTime At);

    public sealed record Tracked(string CaseNumber, long AnnouncementId, string? Entry, string Category, string Text, string Status,
        IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<TimelineItem> Messages, string? Reply);

    public static void AddObjectionLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SubmissionPolicy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
                var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.ObjectionsPerHourPerAddress,
                    Window = TimeSpan.FromHours(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 3600;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var L = rejected.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                await Refusal.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, L["Objection.TooMany", Math.Ceiling(seconds / 60.0)]);
            };
        });

    // Refuses a body over the limit before it is read, with a message rather than a dropped connection.
    public static void UseRequestSizeLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
            if (context.Request.ContentLength > limits.RequestBytes)
            {
                var L = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                await Refusal.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, L["Objection.RequestTooLarge", ObjectionRules.Megabytes(limits.RequestBytes)]);
                return;
            }
            await next(context);
        });

    public static IEndpointRouteBuilder MapObjectionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/objections").AllowAnonymous();
        api.MapPost("", SubmitAsync).RequireRateLimiting(SubmissionPolicy).DisableAntiforgery();
        api.MapPost("/track", TrackAsync).DisableAntiforgery();
        app.MapPost("/objections/receipt.pdf", ReceiptPdfAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ObjectionIntake intake, IStringLocalizer<SharedResource> L)
    {
        var submission = await ReadAsync(request);
        if (submission is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [L["Rule.Objection.Unreadable"]] }, title: L["Objection.Invalid"]);
        }
        var result = await intake.SubmitAsync(submission, enteredBy: null, request.HttpContext.RequestAborted);
        if (result.Accepted is { } a)
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Created(a.CaseNumber, a.Receipt, a.State.ToString(), a.LikelyDuplicate), statusCode: StatusCodes.Status201Created);
        }
        var messages = result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => L[$"Rule.{e.Rule}", e.Args].Value).ToArray());
        if (result.PeriodClosed)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: messages["announcementId"][0],
                extensions: new Dictionary<string, object?> { ["errors"] = messages });
        }
        if (result.Errors.Any(e => e.Rule == "Objection.AnnouncementNotFound"))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: messages["announcementId"][0]);
        }
        return Results.ValidationProblem(messages, title: L["Objection.Invalid"]);
    }

    private static async Task<IResult> TrackAsync(TrackRequest body, HttpContext http, ObjectionIntake intake, FailedLookupLimiter limiter, IStringLocalizer<SharedResource> L)
    {
        var (tracked, refusal) = await LookUpAsync(body.Receipt, http, intake, limiter, L);
        if (tracked is null) return refusal!;
        http.Response.Headers.CacheControl = "no-store";
        var timeline = tracked.Timeline.Select(e => new TimelineItem(e.Kind.ToString(), e.State?.ToString(),
            e.Kind is ObjectionEventKind.StateChanged or ObjectionEventKind.Received ? null : e.Text, e.CreatedUtc)).ToList();
        return Results.Ok(new Tracked(tracked.CaseNumber, tracked.AnnouncementId, tracked.EntrySubject, tracked.Category.ToString(), tracked.Text,
            tracked.State.ToString(), timeline,
            timeline.Where(e => e.Kind is nameof(ObjectionEventKind.MessageToComplainant) or nameof(ObjectionEventKind.MessageFromComplainant)).ToList(),
            tracked.Reply));
    }

    private static async Task<IResult> ReceiptPdfAsync([FromForm] string? receipt, HttpContext http, ObjectionIntake intake, FailedLookupLimiter limiter,
        AnnouncementStore announcements, IStringLocalizer<SharedResource> L)
    {
        var (tracked, refusal) = await LookUpAsync(receipt, http, intake, limiter, L);
        if (tracked is null) return refusal!;
        var announcement = await announcements.GetAsync(tracked.AnnouncementId, http.RequestAborted);
        var trackUrl = $"{http.Request.Scheme}://{http.Request.Host}/track";
        var model = ReceiptComposer.Compose(L, tracked, announcement!, ObjectionRules.NormalizeReceipt(receipt)!, trackUrl);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(ReceiptPdf.Build(model), "application/pdf", $"receipt-{tracked.CaseNumber}.pdf");
    }

    private static async Task<(TrackedObjection? Tracked, IResult? Refusal)> LookUpAsync(string? receipt, HttpContext http, ObjectionIntake intake,
        FailedLookupLimiter limiter, IStringLocalizer<SharedResource> L)
    {
        var lookup = await intake.LookUpAsync(receipt, ClientAddress.Of(http), limiter, http.RequestAborted);
        if (lookup.BlockedFor is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return (null, Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: L["Track.TooManyFailures", Math.Ceiling(wait.TotalMinutes)]));
        }
        return lookup.Tracked is { } tracked
            ? (tracked, null)
            : (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: L["Track.NotFound"]));
    }

    // JSON, or multipart with the same field names and files as "attachments"; null when the body is neither.
    private static async Task<ObjectionSubmission?> ReadAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                // A broken multipart body is the sender's mistake, answered like any other unreadable body.
                return null;
            }
            var files = form.Files.GetFiles("attachments").Select(f => new IncomingFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
            return new ObjectionSubmission(
                long.TryParse(form["announcementId"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0,
                long.TryParse(form["entryId"], NumberStyles.None, CultureInfo.InvariantCulture, out var entry) ? entry : null,
                Category(form["category"]), form["text"], IsTrue(form["anonymous"]), form["name"], form["phone"], form["relation"],
                IsTrue(form["consent"]), files, ObjectionChannel.Web, form["website"]);
        }
        try
        {
            var body = await request.ReadFromJsonAsync<ObjectionRequest>(request.HttpContext.RequestAborted);
            return body is null ? null : new ObjectionSubmission(body.AnnouncementId, body.EntryId, Category(body.Category), body.Text, body.Anonymous,
                body.Name, body.Phone, body.Relation, body.Consent, [], ObjectionChannel.Web, body.Website);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static ObjectionCategory? Category(string? value) =>
        Enum.TryParse<ObjectionCategory>(value, ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(value, out _) ? c : null;

    private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "on" || value == "1");
}
