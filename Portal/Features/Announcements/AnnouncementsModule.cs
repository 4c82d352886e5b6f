using Portal.Infrastructure;

namespace Portal.Features.Announcements;

public static class AnnouncementsModule
{
    public static IHostApplicationBuilder AddAnnouncements(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AnnouncementOptions>(AnnouncementOptions.Section);
        builder.Services.AddValidatedOptions<ProcedureOptions>(ProcedureOptions.Section);
        builder.Services.AddSingleton(s => new ProcedureCatalog(s.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProcedureOptions>>().Value.Apply(ProcedureCatalog.Shipped)));
        builder.Services.AddSingleton<AnnouncementRules>();
        builder.Services.AddSingleton<AnnouncementStore>();
        builder.Services.AddHostedService<AnnouncementCloser>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAnnouncements(this IEndpointRouteBuilder endpoints) => endpoints.MapAnnouncementEndpoints().MapProcedureEndpoints();
}
