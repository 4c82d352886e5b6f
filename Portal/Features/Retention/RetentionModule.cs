using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Portal.Features.Accounts;
using Portal.Features.Announcements;
using Portal.Infrastructure;
using Portal.Resources;

namespace Portal.Features.Retention;

public static class RetentionModule
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddSingleton<RetentionPurge>();
        builder.Services.AddSingleton<HouseholdSubjects>();
        builder.Services.AddHostedService<RetentionJob>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRetention(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff/households/{id:long}/subject.pdf", SubjectPdfAsync).RequireAuthorization(StaffPolicies.Staff);
        return app;
    }

    // The household's copy, for staff whose region covers it; anyone else finds nothing there.
    private static async Task<IResult> SubjectPdfAsync(long id, HttpContext http, HouseholdSubjects subjects, ProcedureCatalog procedures,
        IOptions<RetentionOptions> retention, TimeProvider clock, IStringLocalizer<SharedResource> L)
    {
        if (StaffActor.From(http.User) is not { } actor) return Results.Forbid();
        var subject = await subjects.ReadAsync(id, actor, export: true, http.RequestAborted);
        if (subject is null) return Results.NotFound();
        var now = clock.GetUtcNow();
        var pdf = SubjectPdf.Build(new SubjectPdfModel(L["Subject.PdfTitle"], L["Staff.Title"],
            L["Subject.PdfHeading", subject.Household.HeadName], L["Subject.Intro"],
            SubjectSheet.Compose(L, procedures, retention.Value, subject, now, export: true),
            L["Subject.PdfFooter", actor.UserName, ShanghaiTime.Format(now.UtcDateTime)]));
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(pdf, "application/pdf", $"household-{id}-personal-data.pdf");
    }
}
