using System.Diagnostics;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Demo;

// dotnet run --project Portal -- seed --households 100000 --database bench.db [--seed 511903]
public static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("Usage: seed --database <file.db> [--households 100000] [--seed 511903] [--announcements 500,1000]");
            return 2;
        }
        var (database, count, seed, announcementSizes) = options.Value;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.Configuration[$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.Sqlite);
        builder.Configuration["ConnectionStrings:Portal"] = $"Data Source={Path.GetFullPath(database)}";
        // The keys that encrypt the seeded ID numbers go beside the database, not into the current folder.
        builder.Configuration[$"{Infrastructure.Security.SecurityOptions.Section}:KeysPath"] ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "keys");
        builder.AddPortal();
        await using var app = builder.Build();

        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        if ((await app.Services.GetRequiredService<RegionStore>().AllAsync()).Count > 0)
        {
            Console.Error.WriteLine($"{database} already holds a district; give a new file.");
            return 1;
        }

        var stopwatch = Stopwatch.StartNew();
        var interactive = !Console.IsOutputRedirected;
        var lastDecile = -1;
        var progress = new SynchronousProgress(written =>
        {
            var percent = written * 100 / count;
            if (interactive)
            {
                Console.Write($"\rSeeding households: {written,9:N0} / {count:N0} ({percent,3}%)  {stopwatch.Elapsed.TotalSeconds,5:F1} s");
            }
            else if (percent / 10 != lastDecile)
            {
                lastDecile = percent / 10;
                Console.WriteLine($"Seeding households: {written:N0} / {count:N0} ({percent}%)");
            }
        });
        var password = DemoStaff.NewPassword();
        await app.Services.GetRequiredService<DemoSeeder>().SeedAsync(count, seed, password, progress);
        if (interactive) Console.WriteLine();
        foreach (var size in announcementSizes)
        {
            var id = await app.Services.GetRequiredService<DemoAnnouncements>().LargeAsync(size);
            Console.WriteLine($"Published a {size:N0}-entry announcement: /announcements/{id}");
        }
        Console.WriteLine($"Seeded {count:N0} households into {Path.GetFullPath(database)} in {stopwatch.Elapsed.TotalSeconds:F1} s " +
            $"(keys in {builder.Configuration["Security:KeysPath"]}).");
        Console.WriteLine($"Demo staff accounts use the password: {password}");
        return 0;
    }

    private static (string Database, int Households, int Seed, IReadOnlyList<int> Announcements)? Parse(string[] args)
    {
        string? database = null;
        var households = 100_000;
        var seed = new DemoOptions().RandomSeed;
        var announcements = new List<int>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--database": database = args[i + 1]; break;
                case "--households" when int.TryParse(args[i + 1], out var n) && n > 0: households = n; break;
                case "--seed" when int.TryParse(args[i + 1], out var s): seed = s; break;
                case "--announcements":
                    foreach (var part in args[i + 1].Split(','))
                    {
                        if (!int.TryParse(part, out var size) || size <= 0) return null;
                        announcements.Add(size);
                    }
                    break;
                default: return null;
            }
        }
        return database is null || args.Length % 2 != 0 ? null : (database, households, seed, announcements);
    }

    // Progress<T> posts to the thread pool; the console wants the reports in order.
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
