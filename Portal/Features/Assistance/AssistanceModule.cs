namespace Portal.Features.Assistance;

// No endpoints of its own: the village editor and the household page are Razor pages.
public static class AssistanceModule
{
    public static IHostApplicationBuilder AddAssistance(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CadreStore>();
        builder.Services.AddSingleton<AssistanceStore>();
        builder.Services.AddSingleton<VillageReport>();
        builder.Services.AddSingleton<AssistanceEditing>();
        return builder;
    }
}
