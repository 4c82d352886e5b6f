using Portal.Features.Announcements;
using Portal.Infrastructure;

namespace Portal.Features.Review;

public static class ReviewModule
{
    public static IHostApplicationBuilder AddReview(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ReviewOptions>(ReviewOptions.Section);
        builder.Services.AddSingleton<ReviewWorkflow>();
        builder.Services.AddSingleton<ReviewStore>();
        builder.Services.AddSingleton<FollowUpStore>();
        builder.Services.AddSingleton<Portal.Features.Objections.ITrackedLanes, LaneTracking>();
        builder.Services.AddSingleton<ConflictDeclarations>();
        builder.Services.AddSingleton<ReplyTemplates>();
        builder.Services.AddValidatedOptions<ExtensionOptions>(ExtensionOptions.Section);
        builder.Services.AddSingleton<ExtensionRules>();
        builder.Services.AddSingleton<DeadlineExtensions>();
        builder.Services.AddSingleton<IdentityRevealRules>();
        builder.Services.AddSingleton<IdentityReveals>();
        builder.Services.AddSingleton<Portal.Features.Objections.ITrackedExtensions>(sp => sp.GetRequiredService<DeadlineExtensions>());
        builder.Services.AddSingleton<IEntryObjectionCounts>(sp => sp.GetRequiredService<ReviewStore>());
        builder.Services.AddSingleton<Portal.Features.Objections.IReceivedCaseRouting>(sp => sp.GetRequiredService<ReviewStore>());
        builder.Services.AddHostedService<CaseCloser>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReview(this IEndpointRouteBuilder endpoints) => endpoints.MapReviewEndpoints();
}
