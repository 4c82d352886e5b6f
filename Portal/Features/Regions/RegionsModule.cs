namespace Portal.Features.Regions;

// No endpoints: regions are read by the other features.
public static class RegionsModule
{
    public static IHostApplicationBuilder AddRegions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RegionStore>();
        return builder;
    }
}
