using Portal.Infrastructure;

namespace Portal.Features.Retention;

public static class RetentionModule
{
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddSingleton<RetentionPurge>();
        builder.Services.AddHostedService<RetentionJob>();
        return builder;
    }
}
