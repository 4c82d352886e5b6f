namespace Portal.Features.Statistics;

public static class StatisticsModule
{
    public static IHostApplicationBuilder AddStatistics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ObjectionStatistics>();
        builder.Services.AddSingleton<FollowUpStatistics>();
        builder.Services.AddSingleton<AccountabilityPanel>();
        builder.Services.AddSingleton<DistrictStatistics>();
        return builder;
    }

    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder endpoints) => endpoints.MapStatisticsEndpoints();
}
