using Microsoft.Data.Sqlite;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_SqlServerUnreachable_FailsWithOneClearMessageNamingTheSetting()
    {
        using var folder = new TempFolder("startup");
        var result = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Database__Provider"] = "SqlServer",
            ["ConnectionStrings__Portal"] = "Server=127.0.0.1,1;Database=portal;User ID=sa;Password=unused-password;Connect Timeout=3;TrustServerCertificate=True",
            // A server database in Production needs the key-encryption key and a shared attachments folder to get this far.
            ["Security__KeyEncryptionKey"] = TestDatabase.TestKeyEncryptionKey,
            ["Attachments__Path"] = Path.Combine(folder.Path, "attachments"),
        }, [], TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ConnectionStrings:Portal", result.Error);
        Assert.Contains("Database:Provider = SqlServer", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Error + result.Output);
        Assert.DoesNotContain("unused-password", result.Error + result.Output);
    }

    [Fact]
    public async Task Start_UnknownProvider_NamesTheSettingAndTheChoices()
    {
        using var folder = new TempFolder("startup");
        var result = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Oracle",
        }, [], TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Database:Provider must be Sqlite, SqlServer or PostgreSql, not 'Oracle'", result.Error);
        Assert.DoesNotContain("   at ", result.Error + result.Output);
    }

    [Fact]
    public async Task Start_ProductionWithoutPublicBaseUrl_StopsWithOneLineNamingTheKey()
    {
        using var folder = new TempFolder("startup");
        var result = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(folder.Path, "portal.db")}",
            ["Security__KeysPath"] = Path.Combine(folder.Path, "keys"),
            ["Portal__PublicBaseUrl"] = "",
        }, [], TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Portal:PublicBaseUrl is required outside Development", result.Error);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Error + result.Output);
    }

    [Fact]
    public async Task SeedCommand_NewFile_BuildsTheDistrictAndReportsProgress()
    {
        using var folder = new TempFolder("seed");
        var file = Path.Combine(folder.Path, "bench.db");
        var result = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>(),
            ["seed", "--households", "20000", "--database", file], TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Seeding households: 10,000 / 20,000 (50%)", result.Output);
        Assert.Contains("Seeded 20,000 households", result.Output);
        Assert.Matches(@"Households written in \d+\.\d s\.", result.Output);
        await using var c = new SqliteConnection($"Data Source={file};Pooling=False");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Household";
        Assert.Equal(20000L, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);

        var again = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>(),
            ["seed", "--database", file], TimeSpan.FromSeconds(60));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds a district", again.Error);
    }

    // The scale benchmark publishes one more large announcement into its seeded database while it reads the pages.
    [Fact]
    public async Task PublishCommand_SeededDatabase_PublishesAnOpenAnnouncementAndSaysHowLongItTook_AnEmptyOneIsRefused()
    {
        using var folder = new TempFolder("publish");
        var file = Path.Combine(folder.Path, "bench.db");
        var empty = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>(), ["publish", "--entries", "40", "--database", file], TimeSpan.FromSeconds(60));
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("holds no district", empty.Error);
        Assert.Equal(0, (await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>(), ["seed", "--households", "3000", "--database", file], TimeSpan.FromSeconds(120))).ExitCode);

        var result = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>(), ["publish", "--entries", "40", "--database", file], TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"Published a 40-entry announcement: /announcements/\d+ in [0-9.]+ s \(draft and publication; choosing the households took [0-9.]+ s\)", result.Output);
        await using var c = new SqliteConnection($"Data Source={file};Pooling=False");
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AnnouncementEntry e JOIN Announcement a ON a.Id = e.AnnouncementId WHERE a.PublishedUtc IS NOT NULL AND a.Id = (SELECT MAX(Id) FROM Announcement)";
        Assert.Equal(40L, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        Assert.Equal(2, (await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>(), ["publish", "--entries", "none"], TimeSpan.FromSeconds(60))).ExitCode);
    }
}
