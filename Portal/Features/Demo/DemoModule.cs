using Microsoft.Extensions.Options;
using Portal.Infrastructure;

namespace Portal.Features.Demo;

// No endpoints: the demo district is seeded at start-up (outside Production) or by the seed command.
public static class DemoModule
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoOptions>(DemoOptions.Section);
        builder.Services.AddSingleton<DemoStaff>();
        builder.Services.AddSingleton<DemoAnnouncements>();
        builder.Services.AddSingleton<DemoReports>();
        builder.Services.AddSingleton<DemoReplyTemplates>();
        builder.Services.AddSingleton<DemoSeeder>();
        return builder;
    }

    // Outside Production, with Demo:Seed, the demo district on the first run.
    public static async Task SeedDemoAsync(this WebApplication app, CancellationToken ct)
    {
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!demo.Seed || app.Environment.IsProduction()) return;
        var password = string.IsNullOrEmpty(demo.StaffPassword) ? DemoStaff.NewPassword() : demo.StaffPassword;
        if (await app.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(demo, password, ct))
        {
            app.Logger.LogInformation("Seeded the demo district with {Households} households", demo.Households);
            if (string.IsNullOrEmpty(demo.StaffPassword))
            {
                // Printed once, to the console only: the demo accounts exist in Development alone.
                Console.WriteLine($"Demo staff accounts (admin, inspector, district.reviewer, yuxi.reviewer, …, guihua.clerk) use the password: {password}");
            }
        }
    }
}
