using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
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
    public sealed record ObjectionRequest(long AnnouncementId, long? EntryId, string? Category, string? Text, bool Anonymous,
        string? Name, string? Phone, string? Relation, bool Consent, string? Website);

    public sealed record TrackRequest(string? Receipt);

    public sealed record Created(string CaseNumber, string Receipt, string Status);

    public sealed record TimelineItem(string Kind, string? State, string? Text, DateTime At);

    public sealed record Tracked(string CaseNumber, long AnnouncementId, string? Entry, string Category, string Text, string Status,
        IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<TimelineItem> Messages, string? Reply, IReadOnlyList<TrackedExtension> Extensions)
    {
        // Administrative or Misconduct, and the current deadlines (as extended) as Asia/Shanghai dates (yyyy-MM-dd).
        public string? Lane { get; init; }
        public TrackedDeadlines? Deadlines { get; init; }
        public bool Final { get; init; }
    }

    public sealed record TrackedDeadlines(string Acceptance, string? Reply);

    // Submissions are counted by SubmissionLimiter once accepted, not by the rate-limiting middleware, which counts
    // every post: a villager's mistyped form would use up the allowance of the whole village behind their address.
    public static void AddObjectionLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o => o.RejectionStatusCode = StatusCodes.Status429TooManyRequests);

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
        api.MapPost("", SubmitAsync).DisableAntiforgery();
        api.MapPost("/track", TrackAsync).DisableAntiforgery();
        app.MapPost("/objections/receipt.pdf", ReceiptPdfAsync).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ObjectionIntake intake, IStringLocalizer<SharedResource> L)
    {
        if (Refused(request, L, Json, Multipart) is { } refused) return refused;
        var (submission, unreadable) = await ReadAsync(request);
        if (submission is null) return Unreadable(unreadable, L);
        var result = await intake.SubmitAsync(submission, enteredBy: null, request.HttpContext.RequestAborted, ClientAddress.Of(request.HttpContext));
        if (result.RetryAfter is { } wait)
        {
            RetryAfter(request.HttpContext, wait);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: L["Objection.TooMany", Math.Ceiling(wait.TotalMinutes)]);
        }
        if (result.Accepted is { } a)
        {
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return Results.Json(new Created(a.CaseNumber, a.Receipt, a.State.ToString()), statusCode: StatusCodes.Status201Created);
        }
        var messages = result.Errors.GroupBy(e => e.Field ?? "form").ToDictionary(g => g.Key, g => g.Select(e => L[$"Rule.{e.Rule}", e.Args].Value).ToArray());
        if (result.PeriodClosed || result.Errors.Any(e => e.Rule == "Objection.AnnouncementNotFound"))
        {
            return Results.Problem(statusCode: result.PeriodClosed ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound,
                title: messages["announcementId"][0], extensions: new Dictionary<string, object?> { ["errors"] = messages });
        }
        return Results.ValidationProblem(messages, title: L["Objection.Invalid"]);
    }

    private static async Task<IResult> TrackAsync(HttpContext http, ObjectionIntake intake, FailedLookupLimiter limiter, ITrackedExtensions extensions,
        ITrackedLanes lanes, IStringLocalizer<SharedResource> L)
    {
        if (Refused(http.Request, L, Json) is { } refused) return refused;
        var (body, unreadable) = await ReadJsonAsync<TrackRequest>(http.Request);
        if (body is null) return Unreadable(unreadable, L);
        var (tracked, refusal) = await LookUpAsync(body.Receipt, http, intake, limiter, L);
        if (tracked is null) return refusal!;
        http.Response.Headers.CacheControl = "no-store";
        var timeline = tracked.Timeline.Select(e => new TimelineItem(e.Kind.ToString(), e.State?.ToString(),
            e.Kind is ObjectionEventKind.StateChanged or ObjectionEventKind.Received ? null : e.Text, e.CreatedUtc)).ToList();
        var answer = new Tracked(tracked.CaseNumber, tracked.AnnouncementId, tracked.EntrySubject, tracked.Category.ToString(), tracked.Text,
            tracked.State.ToString(), timeline,
            timeline.Where(e => e.Kind is nameof(ObjectionEventKind.MessageToComplainant) or nameof(ObjectionEventKind.MessageFromComplainant)).ToList(),
            tracked.Reply, await extensions.ForTrackAsync(tracked.Id, http.RequestAborted));
        if (tracked.Case is not { } c) return Results.Ok(answer);
        var lane = await lanes.OfAsync(c, http.RequestAborted);
        return Results.Ok(answer with
        {
            Lane = lane.Lane.ToString(), Final = lane.Final,
            Deadlines = new TrackedDeadlines(Date(lane.Acceptance), lane.Reply is { } reply ? Date(reply) : null),
        });
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // A form post from the receipt page (ErrorPages.UseRefusedForms answers one without a valid antiforgery token).
    // Anything but a readable form is a 400, shown as the site's page for a request it could not take.
    private static async Task<IResult> ReceiptPdfAsync(HttpContext http, ObjectionIntake intake, FailedLookupLimiter limiter,
        AnnouncementStore announcements, PublicUrls urls, IStringLocalizer<SharedResource> L)
    {
        if (!http.Request.HasFormContentType) return Results.StatusCode(StatusCodes.Status400BadRequest);
        string? receipt;
        try
        {
            receipt = (await http.Request.ReadFormAsync(http.RequestAborted))["receipt"];
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }
        var (tracked, refusal) = await LookUpAsync(receipt, http, intake, limiter, L);
        if (tracked is null) return refusal!;
        var announcement = await announcements.GetAsync(tracked.AnnouncementId, http.RequestAborted);
        var trackUrl = urls.Absolute("/track");
        var model = ReceiptComposer.Compose(L, tracked, announcement!, ObjectionRules.NormalizeReceipt(receipt)!, trackUrl);
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(ReceiptPdf.Build(model), "application/pdf", $"receipt-{tracked.CaseNumber}.pdf");
    }

    public static async Task<(TrackedObjection? Tracked, IResult? Refusal)> LookUpAsync(string? receipt, HttpContext http, ObjectionIntake intake,
        FailedLookupLimiter limiter, IStringLocalizer<SharedResource> L)
    {
        var lookup = await intake.LookUpAsync(receipt, ClientAddress.Of(http), limiter, http.RequestAborted);
        if (lookup.BlockedFor is { } wait)
        {
            RetryAfter(http, wait);
            return (null, Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: L["Track.TooManyFailures", Math.Ceiling(wait.TotalMinutes)]));
        }
        return lookup.Tracked is { } tracked
            ? (tracked, null)
            : (null, Problem(StatusCodes.Status404NotFound, "receipt", L["Track.NotFound"]));
    }

    public static void RetryAfter(HttpContext http, TimeSpan wait) =>
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public const string Json = "application/json";
    private const string Multipart = "multipart/form-data";

    // The API takes what a program or the portal's own pages send, and nothing a page on another site could make a
    // visitor's browser send: a url-encoded or text/plain body (which needs no CORS permission), or any cross-site post.
    public static IResult? Refused(HttpRequest request, IStringLocalizer L, params string[] accepted)
    {
        if (!SameOrigin.Allows(request)) return Problem(StatusCodes.Status403Forbidden, "origin", L["Objection.CrossSite"]);
        var type = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (type is not null && (accepted.Contains(type, StringComparer.OrdinalIgnoreCase) || (accepted.Contains(Json) && request.HasJsonContentType()))) return null;
        return Problem(StatusCodes.Status415UnsupportedMediaType, "body", L["Objection.UnsupportedContentType", string.Join(" | ", accepted), request.ContentType ?? ""]);
    }

    // Problem details whose errors name the one field at fault.
    public static IResult Problem(int status, string field, string message) =>
        Results.Problem(statusCode: status, title: message,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    // JSON, or multipart with the same field names and files as "attachments"; when the body is neither, or a JSON
    // value cannot be read, no submission and the field to name: the value's own, or "body".
    private static async Task<(ObjectionSubmission? Submission, string Unreadable)> ReadAsync(HttpRequest request)
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
                return (null, "body");
            }
            var files = form.Files.GetFiles("attachments").Select(f => new IncomingFile(f.FileName, f.Length, f.OpenReadStream)).ToList();
            return (new ObjectionSubmission(
                ObjectionRules.ReadId(form["announcementId"]) ?? 0, ObjectionRules.ReadId(form["entryId"]),
                ObjectionRules.ReadCategory(form["category"]), form["text"], IsTrue(form["anonymous"]), form["name"], form["phone"], form["relation"],
                IsTrue(form["consent"]), files, ObjectionChannel.Web, form["website"]), "body");
        }
        var (body, unreadable) = await ReadJsonAsync<ObjectionRequest>(request);
        return body is null
            ? (null, unreadable)
            : (new ObjectionSubmission(body.AnnouncementId, body.EntryId, ObjectionRules.ReadCategory(body.Category), body.Text, body.Anonymous,
                body.Name, body.Phone, body.Relation, body.Consent, [], ObjectionChannel.Web, body.Website), unreadable);
    }

    // A JSON body, or the field whose value could not be read: a number where text belongs, "\ud800" (half a
    // surrogate pair, which is no text at all), invalid UTF-8. The property is named as the record names it.
    public static async Task<(T? Body, string Unreadable)> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        try
        {
            return (await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted), "body");
        }
        catch (System.Text.Json.JsonException e)
        {
            var property = e.Path is { } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('.', '[')[0] : "";
            var field = typeof(T).GetProperties().FirstOrDefault(p => p.Name.Equals(property, StringComparison.OrdinalIgnoreCase))?.Name;
            return (null, field is null ? "body" : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(field));
        }
        catch (InvalidOperationException)
        {
            // Not JSON at all (another content type).
            return (null, "body");
        }
    }

    public static IResult Unreadable(string field, IStringLocalizer L) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [L[field == "body" ? "Rule.Objection.Unreadable" : "Rule.Objection.ValueUnreadable"]] },
            title: L["Objection.Invalid"]);

    private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "on" || value == "1");
}
