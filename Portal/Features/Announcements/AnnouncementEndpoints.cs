using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Localization;
using Portal.Features.Accounts;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Resources;

namespace Portal.Features.Announcements;

// The printable notice and the open data: JSON API, CSV and Atom feed. Anonymous, read-only, published
// announcements only, and only the fields each kind publishes.
public static class AnnouncementEndpoints
{
    public static IEndpointRouteBuilder MapAnnouncementEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/announcements/{id:long}/notice.pdf", NoticeAsync).AllowAnonymous().CachePublic();
        app.MapGet(AnnouncementUrls.StaffNotice("{id:long}"), StaffNoticeAsync).RequireAuthorization(StaffPolicies.Staff);
        var api = app.MapGroup("/api/v1/announcements").AllowAnonymous().CachePublic();
        api.MapGet("", ListAsync).WithMetadata(new PublicQueryAttribute(AnnouncementQueries.Keys + ",pageSize"));
        api.MapGet("/{id:long}", DetailAsync);
        api.MapGet("/{id:long}/entries.csv", CsvAsync);
        app.MapGet("/feeds/announcements.atom", FeedAsync).AllowAnonymous().CachePublic();
        // A village's own feed, for the village's group chat and its notice board's QR code (issue 19).
        app.MapGet("/villages/{code}/feed.atom", VillageFeedAsync).AllowAnonymous().CachePublic();
        return app;
    }

    public sealed record AnnouncementSummary(
        long Id, string Title, string Kind, string Stage, string Status, string RegionCode, string Scope, int Year, int Version,
        string? PeriodStart, string? PeriodEnd, int EntryCount, string? ContentHash, string Url, string NoticeUrl);

    public sealed record EntryItem(long Id, int Position, bool Withdrawn, IReadOnlyDictionary<string, string?> Fields);

    // Why: WithdrawnAfterObjection (with the objection's CaseNumber) or DroppedByStaff (with their Reason).
    public sealed record DroppedItem(long EntryId, string Why, string? CaseNumber, string? Reason, IReadOnlyDictionary<string, string?> Fields);

    // Dropped: for a later stage, the entries of the previous stage it no longer lists, with the previous stage's fields.
    // RevisionReason: why this version corrects PreviousVersionId (null for a first version).
    public sealed record AnnouncementDetail(AnnouncementSummary Announcement, long? PreviousVersionId, string? RevisionReason, long? PreviousStageId,
        IReadOnlyList<string> Fields, IReadOnlyList<EntryItem> Entries, IReadOnlyList<DroppedItem> Dropped,
        IReadOnlyList<ProcedureEndpoints.StageItem> Stages);

    public sealed record ListResponse<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize);

    private static async Task<IResult> ListAsync(HttpRequest request, AnnouncementStore store, TimeProvider clock, IStringLocalizer<SharedResource> L,
        string? township, string? village, string? kind, string? stage, string? status, string? year, string? q, string? page, string? pageSize)
    {
        var query = AnnouncementQueries.Parse(township, village, kind, stage, status, year, q, page, pageSize);
        var result = await store.SearchAsync(query, request.HttpContext.RequestAborted);
        var now = clock.GetUtcNow();
        return Results.Ok(new ListResponse<AnnouncementSummary>(result.Items.Select(a => Summary(a, now, L)).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<IResult> DetailAsync(long id, HttpRequest request, AnnouncementStore store, ProcedureCatalog procedures, TimeProvider clock,
        IStringLocalizer<SharedResource> L)
    {
        var a = await PublishedAsync(store, id, request.HttpContext.RequestAborted);
        if (a is null) return NotFound(L);
        var procedure = procedures.For(a.Kind);
        var now = clock.GetUtcNow();
        var entries = OnlinePrivacy.Online(procedure, a, await store.EntriesAsync(id, request.HttpContext.RequestAborted), now);
        var fields = procedure.OnlineFields;
        var items = entries.Select(e => new EntryItem(e.Id, e.Position, e.Withdrawn, Fields(e, fields))).ToList();
        var dropped = OnlinePrivacy.Online(procedure, a, await store.DroppedAsync(a, request.HttpContext.RequestAborted), now).Select(d => new DroppedItem(d.Entry.Id,
            d.CaseNumber is null ? "DroppedByStaff" : "WithdrawnAfterObjection", d.CaseNumber, d.CaseNumber is null ? FreeTextMask.Mask(d.Reason) : null, Fields(d.Entry, fields))).ToList();
        return Results.Ok(new AnnouncementDetail(Summary(a, now, L), a.PreviousVersionId, FreeTextMask.Mask(a.RevisionReason), a.PreviousStageId,
            fields.Select(Camel).ToList(), items, dropped, ProcedureEndpoints.Stages(procedures.For(a.Kind), L)));
    }

    private static async Task<IResult> CsvAsync(long id, HttpRequest request, AnnouncementStore store, ProcedureCatalog procedures, TimeProvider clock,
        IStringLocalizer<SharedResource> L)
    {
        var a = await PublishedAsync(store, id, request.HttpContext.RequestAborted);
        if (a is null) return NotFound(L);
        var procedure = procedures.For(a.Kind);
        var entries = OnlinePrivacy.Online(procedure, a, await store.EntriesAsync(id, request.HttpContext.RequestAborted), clock.GetUtcNow());
        var fields = procedure.OnlineFields;
        IEnumerable<IEnumerable<string>> rows =
        [
            [L["EntryField.Position"], .. fields.Select(f => L.Header(a.Kind, f)), L["Announcement.WithdrawnEntry"]],
            .. entries.Select(e => (IEnumerable<string>)[e.Position.ToString(CultureInfo.InvariantCulture), .. fields.Select(f => L.Cell(e, f)), e.Withdrawn ? L["Announcement.WithdrawnEntry"] : ""]),
        ];
        return CsvFile.Result(rows, $"announcement-{a.Id}-v{a.Version}.csv");
    }

    // The public notice carries what may go online (OnlinePrivacy.LeastData); once a list's names are off the web it is
    // gone for the public (410) and kept for staff, whose notice is the paper one, with every field it lists.
    private static async Task<IResult> NoticeAsync(long id, HttpRequest request, AnnouncementStore store, ProcedureCatalog procedures, RegionStore regions, PublicUrls urls,
        TimeProvider clock, IStringLocalizer<SharedResource> L)
    {
        var a = await PublishedAsync(store, id, request.HttpContext.RequestAborted);
        if (a?.Period is null) return Results.NotFound();
        var procedure = procedures.For(a.Kind);
        if (OnlinePrivacy.NamesMasked(procedure, a, clock.GetUtcNow()))
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: L["Privacy.NoticeGone", procedure.OnlineRetentionDays]);
        var entries = (await store.EntriesAsync(id, request.HttpContext.RequestAborted)).Select(e => OnlinePrivacy.LeastData(procedure, e)).ToList();
        return await NoticeFileAsync(a, entries, request, procedures, regions, urls, L);
    }

    private static async Task<IResult> StaffNoticeAsync(long id, HttpContext http, AnnouncementStore store, ProcedureCatalog procedures, RegionStore regions,
        PublicUrls urls, IStringLocalizer<SharedResource> L)
    {
        if (StaffActor.From(http.User) is not { } actor) return Results.Forbid();
        var a = await store.GetAsync(id, http.RequestAborted);
        if (a?.Period is null || !AnnouncementRules.IsPublic(a) || !AnnouncementRules.MayView(actor, a)) return Results.NotFound();
        http.Response.Headers.CacheControl = "no-store";
        return await NoticeFileAsync(a, await store.EntriesAsync(id, http.RequestAborted), http.Request, procedures, regions, urls, L);
    }

    private static async Task<IResult> NoticeFileAsync(Announcement a, IReadOnlyList<AnnouncementEntry> entries, HttpRequest request, ProcedureCatalog procedures,
        RegionStore regions, PublicUrls urls, IStringLocalizer<SharedResource> L)
    {
        var ct = request.HttpContext.RequestAborted;
        var township = await regions.GetAsync(RegionScope.TownshipOf(a.RegionCode), ct);
        var district = await regions.GetAsync(RegionScope.DistrictOf(a.RegionCode), ct);
        var url = urls.Absolute(AnnouncementUrls.Detail(a.Id));
        var pdf = NoticePdf.Build(NoticeComposer.Compose(L, procedures, a, entries, township, district, url));
        return Results.File(pdf, "application/pdf", $"notice-{a.Id}-v{a.Version}.pdf");
    }

    private static Task FeedAsync(HttpContext http, AnnouncementStore store, TimeProvider clock, PublicUrls urls, IStringLocalizer<SharedResource> L) =>
        WriteFeedAsync(http, store, clock, urls, L, new AnnouncementQuery(PageSize: 50), L["Feed.Title"], "/feeds/announcements.atom", "/announcements");

    private static async Task VillageFeedAsync(string code, HttpContext http, AnnouncementStore store, RegionStore regions, TimeProvider clock, PublicUrls urls,
        IStringLocalizer<SharedResource> L)
    {
        if (await regions.GetAsync(code, http.RequestAborted) is not { Level: RegionLevel.Village } village)
        {
            await NotFound(L).ExecuteAsync(http);
            return;
        }
        var township = await regions.GetAsync(village.ParentCode!, http.RequestAborted);
        await WriteFeedAsync(http, store, clock, urls, L, new AnnouncementQuery(VillageCode: code, PageSize: 50),
            L["Feed.VillageTitle", village.DisplayName(township, UiCulture.IsEnglish)],
            $"/villages/{code}/feed.atom", $"/villages/{code}");
    }

    // The newest announcements of the query as an Atom feed, each linking to its page.
    private static async Task WriteFeedAsync(HttpContext http, AnnouncementStore store, TimeProvider clock, PublicUrls urls, IStringLocalizer<SharedResource> L,
        AnnouncementQuery query, string title, string self, string alternate)
    {
        var latest = await store.SearchAsync(query, http.RequestAborted);
        var now = clock.GetUtcNow();
        var site = urls.Root;
        http.Response.ContentType = "application/atom+xml; charset=utf-8";
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true };
        await using var xml = XmlWriter.Create(http.Response.Body, settings);
        await xml.WriteStartDocumentAsync();
        xml.WriteStartElement("feed", "http://www.w3.org/2005/Atom");
        xml.WriteAttributeString("xml", "lang", null, CultureInfo.CurrentUICulture.Name);
        xml.WriteElementString("title", title);
        xml.WriteElementString("id", $"{site}{self}");
        WriteLink(xml, "self", $"{site}{self}");
        WriteLink(xml, "alternate", $"{site}{alternate}");
        var updated = latest.Items.Select(a => a.PublishedUtc ?? a.CreatedUtc).DefaultIfEmpty(now.UtcDateTime).Max();
        xml.WriteElementString("updated", Atom(updated));
        foreach (var a in latest.Items)
        {
            xml.WriteStartElement("entry");
            xml.WriteElementString("id", $"{site}{AnnouncementUrls.Detail(a.Id)}");
            xml.WriteElementString("title", L.Title(a));
            xml.WriteElementString("updated", Atom(a.PublishedUtc ?? a.CreatedUtc));
            WriteLink(xml, "alternate", $"{site}{AnnouncementUrls.Detail(a.Id)}");
            xml.WriteStartElement("author");
            xml.WriteElementString("name", a.ScopeName(UiCulture.IsEnglish));
            xml.WriteEndElement();
            var period = a.Period is { } p ? L["Announcements.Period", AnnouncementText.Date(p.Start), AnnouncementText.Date(p.End)].Value : "";
            xml.WriteElementString("summary", L["Feed.Summary", L.Enum(AnnouncementRules.EffectiveStatus(a, now)), L.Enum(a.Stage), a.ScopeName(UiCulture.IsEnglish), period]);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        await xml.WriteEndDocumentAsync();
    }

    private static AnnouncementSummary Summary(Announcement a, DateTimeOffset now, IStringLocalizer L) => new(
        a.Id, L.Title(a), a.Kind.ToString(), a.Stage.ToString(), AnnouncementRules.EffectiveStatus(a, now).ToString(), a.RegionCode,
        a.ScopeName(UiCulture.IsEnglish), a.Year, a.Version, a.PeriodStart is { } s ? AnnouncementText.Date(s) : null,
        a.PeriodEnd is { } e ? AnnouncementText.Date(e) : null, a.EntryCount, a.ContentHash,
        AnnouncementUrls.Detail(a.Id), AnnouncementUrls.Notice(a.Id));

    private static async Task<Announcement?> PublishedAsync(AnnouncementStore store, long id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } a && AnnouncementRules.IsPublic(a) ? a : null;

    private static IResult NotFound(IStringLocalizer L) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: L["Api.NotFound"]);

    // The published values as text, masked (FreeTextMask) as the page shows them.
    private static Dictionary<string, string?> Fields(AnnouncementEntry e, IReadOnlyList<EntryField> fields) =>
        fields.ToDictionary(Camel, f => FreeTextMask.Mask(AnnouncementFields.Value(e, f)));

    private static string Camel(EntryField field) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(field.ToString());

    private static void WriteLink(XmlWriter xml, string rel, string href)
    {
        xml.WriteStartElement("link");
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Atom(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
