using System.Text;
using Portal.Features.Accounts;
using Portal.Infrastructure;

namespace Portal.Features.Households;

public static class HouseholdsModule
{
    public static IHostApplicationBuilder AddHouseholds(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HouseholdStore>();
        builder.Services.AddSingleton<MonitoringStore>();
        builder.Services.AddValidatedOptions<ImportOptions>(ImportOptions.Section);
        builder.Services.AddSingleton<HouseholdImporter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapHouseholds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/staff/admin/import/template.csv", () => Results.File(Encoding.UTF8.GetBytes(HouseholdImport.Template), "text/csv; charset=utf-8", "households-template.csv"))
            .RequireAuthorization(StaffPolicies.Administrators);
        return endpoints;
    }
}
