namespace Portal.Features.Calendar;

public static class CalendarModule
{
    public static IHostApplicationBuilder AddCalendar(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CalendarStore>();
        builder.Services.AddHostedService<CalendarSeeder>();
        return builder;
    }
}

// At start-up, after the migrations: loads each shipped State Council schedule the database does not have yet.
public sealed class CalendarSeeder(CalendarStore calendar, ILogger<CalendarSeeder> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var loaded = await calendar.SeedAsync(ChinaSchedule.All, cancellationToken);
            if (loaded.Count > 0) log.LogInformation("Loaded the working-day calendar for {Years}", string.Join(", ", loaded));
        }
        catch (System.Data.Common.DbException e)
        {
            log.LogWarning("Loading the working-day calendar failed: {Message}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
