using Portal.Infrastructure;

namespace Portal.Features.Audit;

// dotnet run --project Portal -- verify-audit [--database portal.db]
// Reads every event of the chain from the database, against the head row, and records the result as the last full
// verification (which /api/v1/audit/verify reports). Exit code 0 only when the chain is intact.
public static class VerifyAuditCommand
{
    private const string Usage = "Usage: verify-audit [--database <file.db>]\n" + CommandHost.DatabaseUsage;

    public static async Task<int> RunAsync(string[] args)
    {
        string? database = args switch
        {
            [] => null,
            ["--database", var file] => file,
            _ => "",
        };
        if (database == "" || CommandHost.Build(database) is not { } host)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var (app, target) = host;
        await using var _ = app;
        await app.Services.GetRequiredService<Infrastructure.Data.Migrator>().MigrateAsync();
        var started = DateTime.UtcNow;
        var report = await app.Services.GetRequiredService<AuditLog>().VerifyAsync();
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        if (report.IsIntact)
        {
            Console.WriteLine($"The audit chain of {target} is intact: {report.Length:N0} events, head {report.HeadHash} ({seconds:F1} s).");
            return 0;
        }
        Console.WriteLine(report.Missing
            ? $"The audit chain of {target} is NOT intact: its head row counts more events, or another last one, than the {report.Length:N0} that are there: the newest were removed."
            : $"The audit chain of {target} is NOT intact: event {report.FirstBadId} does not fit the {report.Length - 1:N0} before it.");
        return 1;
    }
}
