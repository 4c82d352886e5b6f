using System.Diagnostics;
using Portal.Features.Regions;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;

namespace Portal.Features.Demo;

// dotnet run --project Portal -- seed --households 100000 --database bench.db [--seed 511903] [--announcements 500,5000]
//     [--audit-events 10000000]
// Without --database it seeds the server database the configuration names (CommandHost).
public static class SeedCommand
{
    private const string Usage = "Usage: seed [--database <file.db>] [--households 100000] [--seed 511903] [--announcements 500,1000] [--audit-events 0]\n" +
        CommandHost.DatabaseUsage;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var (database, count, seed, announcementSizes, auditEvents) = options.Value;

        if (CommandHost.Build(database) is not { } host)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var (app, target) = host;
        await using var _ = app;

        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        if ((await app.Services.GetRequiredService<RegionStore>().AllAsync()).Count > 0)
        {
            Console.Error.WriteLine($"{target} already holds a district; give a new, empty one.");
            return 1;
        }

        var stopwatch = Stopwatch.StartNew();
        var interactive = !Console.IsOutputRedirected;
        var lastDecile = -1;
        var progress = new SynchronousProgress<int>(written =>
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
        Console.WriteLine($"Households written in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        foreach (var size in announcementSizes)
        {
            Console.WriteLine(Published(await app.Services.GetRequiredService<DemoAnnouncements>().LargeAsync(size)));
        }
        if (auditEvents > 0)
        {
            var written = 0L;
            var events = new SynchronousProgress<long>(n =>
            {
                if (interactive) Console.Write($"\rAdding audit events: {n,12:N0} / {auditEvents:N0}  {stopwatch.Elapsed.TotalSeconds,6:F1} s");
                else if (n * 10 / auditEvents != written * 10 / auditEvents) Console.WriteLine($"Adding audit events: {n:N0} / {auditEvents:N0}");
                written = n;
            });
            await app.Services.GetRequiredService<Audit.AuditLog>().AppendManyAsync(SeededEvents(auditEvents, seed), events);
            if (interactive) Console.WriteLine();
            Console.WriteLine($"Added {auditEvents:N0} audit events.");
        }
        Console.WriteLine($"Seeded {count:N0} households into {target} in {stopwatch.Elapsed.TotalSeconds:F1} s.");
        Console.WriteLine($"Demo staff accounts use the password: {password}");
        return 0;
    }

    // dotnet run --project Portal -- publish --entries 5000 [--database bench.db]: one more large announcement into a
    // seeded demo district (the scale benchmark publishes it while it reads the public pages).
    public static async Task<int> PublishAsync(string[] args)
    {
        const string usage = "Usage: publish --entries 5000 [--database <file.db>]\n" + CommandHost.DatabaseUsage;
        var database = args is [.., "--database", var file] ? file : null;
        if (args is not ["--entries", var text, ..] || !int.TryParse(text, out var entries) || entries <= 0 || args.Length != (database is null ? 2 : 4)
            || CommandHost.Build(database) is not { } host)
        {
            Console.Error.WriteLine(usage);
            return 2;
        }
        var (app, target) = host;
        await using var _ = app;
        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        if ((await app.Services.GetRequiredService<RegionStore>().AllAsync()).Count == 0)
        {
            Console.Error.WriteLine($"{target} holds no district; seed it first.");
            return 1;
        }
        Console.WriteLine(Published(await app.Services.GetRequiredService<DemoAnnouncements>().LargeAsync(entries)));
        return 0;
    }

    private static string Published(DemoAnnouncements.LargePublication p) =>
        $"Published a {p.Entries:N0}-entry announcement: /announcements/{p.Id} in {p.DraftAndPublication.TotalSeconds:F2} s (draft and publication; " +
        $"choosing the households took {p.Choosing.TotalSeconds:F2} s)";

    // What a busy district's log is mostly made of: staff signing in, now and then failing to.
    private static IEnumerable<(string Kind, string? Actor, string? Subject, object Data)> SeededEvents(long count, int seed)
    {
        var random = new Random(seed + 5);
        var users = DemoStaff.Accounts().Select(u => u.UserName).ToArray();
        for (long i = 0; i < count; i++)
        {
            var user = users[random.Next(users.Length)];
            yield return random.Next(10) == 0
                ? ("SignInFailed", user, null, new { failures = 1 })
                : ("SignInSucceeded", user, null, new { twoFactor = false });
        }
    }

    private static (string? Database, int Households, int Seed, IReadOnlyList<int> Announcements, long AuditEvents)? Parse(string[] args)
    {
        string? database = null;
        var auditEvents = 0L;
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
                case "--audit-events" when long.TryParse(args[i + 1], out var e) && e >= 0: auditEvents = e; break;
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
        return args.Length % 2 != 0 ? null : (database, households, seed, announcements, auditEvents);
    }

    // Progress<T> posts to the thread pool; the console wants the reports in order.
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
