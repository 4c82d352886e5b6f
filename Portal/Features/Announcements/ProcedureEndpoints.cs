using System.Text.Json;
using Microsoft.Extensions.Localization;
using Portal.Infrastructure;
using Portal.Resources;

namespace Portal.Features.Announcements;

// GET /api/v1/procedures: what each kind of announcement goes through, anonymous and cached like the other open data.
public static class ProcedureEndpoints
{
    public sealed record PeriodItem(int Count, string Unit);

    // Name: the stage's title in the request's language; Publicity false: a check without publicity, never posted.
    public sealed record StageItem(string Level, string Name, bool Publicity, PeriodItem? MinimumPeriod, string PublishedBy);

    public sealed record ProcedureItem(string Kind, string Name, IReadOnlyList<StageItem> Stages, IReadOnlyList<string> OnlineFields,
        IReadOnlyList<string> NoticeFields, int OnlineRetentionDays, bool PublishHealthCausesOnline);

    public static IEndpointRouteBuilder MapProcedureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/procedures", (ProcedureCatalog procedures, IStringLocalizer<SharedResource> L) =>
            Results.Ok(procedures.All.Select(p => Item(p, L)).ToList())).AllowAnonymous().CachePublic();
        return app;
    }

    public static ProcedureItem Item(Procedure p, IStringLocalizer L) => new(p.Kind.ToString(), L.Enum(p.Kind), Stages(p, L),
        p.OnlineFields.Select(Camel).ToList(), p.NoticeFields.Select(Camel).ToList(), p.OnlineRetentionDays,
        OnlinePrivacy.PublishesHealthOnline(p));

    public static IReadOnlyList<StageItem> Stages(Procedure p, IStringLocalizer L) =>
        [.. p.Stages.Select(s => new StageItem(s.Level.ToString(), L[s.Name], s.Publicity,
            s.MinimumPeriod is { } m ? new PeriodItem(m.Count, m.Unit.ToString()) : null, s.PublishedBy.ToString()))];

    private static string Camel(EntryField field) => JsonNamingPolicy.CamelCase.ConvertName(field.ToString());
}
