using Portal.Infrastructure;

namespace Portal.Features.Reports;

public static class ReportsModule
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<ReportOptions>(ReportOptions.Section);
        services.AddSingleton<ReportRules>();
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportIntake>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints) => endpoints.MapReportEndpoints();
}
