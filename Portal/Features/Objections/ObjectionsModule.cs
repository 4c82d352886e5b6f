using Portal.Infrastructure;

namespace Portal.Features.Objections;

public static class ObjectionsModule
{
    public static IHostApplicationBuilder AddObjections(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<LimitsOptions>(LimitsOptions.Section);
        services.AddValidatedOptions<AttachmentOptions>(AttachmentOptions.Section);
        services.AddSingleton<ObjectionRules>();
        services.AddSingleton<ObjectionStore>();
        services.AddSingleton<FailedLookupLimiter>();
        services.AddSingleton<SubmissionLimiter>();
        services.AddSingleton<AttachmentStorage>();
        services.AddSingleton<ObjectionIntake>();
        services.AddObjectionLimits();
        return builder;
    }

    public static IEndpointRouteBuilder MapObjections(this IEndpointRouteBuilder endpoints) => endpoints.MapObjectionEndpoints();
}
