using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Features.Announcements;
using Portal.Features.Assistance;
using Portal.Features.Audit;
using Portal.Features.Accounts;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Objections;
using Portal.Features.Regions;
using Portal.Features.Review;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;

namespace Portal.Tests.TestInfrastructure;

// A real, migrated database with the portal's stores over it: a SQLite file in a temporary folder, or a fresh
// database on the SQL Server named by PORTAL_TEST_SQLSERVER.
public abstract class TestDatabase : IAsyncDisposable
{
    protected TestDatabase(DbConnectionFactory db, string keysPath)
    {
        Db = db;
        KeysPath = keysPath;
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
        Protector = new PersonalDataProtector(DataProtectionProvider.Create(new DirectoryInfo(keysPath)), keysPath);
        Regions = new RegionStore(db);
        Households = new HouseholdStore(db, Protector, Clock);
        Cadres = new CadreStore(db);
        Assistance = new AssistanceStore(db);
        Staff = new StaffUserStore(db, Clock);
        Sessions = new StaffSessions(db, Clock, Microsoft.Extensions.Options.Options.Create(new SecurityOptions()));
        Rules = new AnnouncementRules(new AnnouncementOptions());
        Audit = new AuditLog(db, Clock);
        SignIn = new StaffSignIn(Staff, new SignInThrottle(db, Clock, Protector), Audit);
        Announcements = new AnnouncementStore(db, Rules, Clock, Audit);
        Workflow = new ReviewWorkflow(new ReviewOptions());
        Objections = new ObjectionStore(db, Audit);
        Review = new ReviewStore(db, Workflow, Objections, Announcements, Households, Audit, Protector, Clock);
        Intake = new ObjectionIntake(Announcements, Objections, new AttachmentStorage(Path.Combine(keysPath, "..", "attachments")),
            new ObjectionRules(new LimitsOptions()), Protector, Clock, Review, new SubmissionLimiter(new LimitsOptions(), Clock));
        Seeder = new DemoSeeder(Regions, Households, Cadres, Assistance, new DemoStaff(Staff), new DemoAnnouncements(db, Rules, Clock));
    }

    public DbConnectionFactory Db { get; }
    public string KeysPath { get; }
    public FakeTimeProvider Clock { get; }
    public PersonalDataProtector Protector { get; }
    public RegionStore Regions { get; }
    public HouseholdStore Households { get; }
    public CadreStore Cadres { get; }
    public AssistanceStore Assistance { get; }
    public StaffUserStore Staff { get; }
    public StaffSessions Sessions { get; }
    public StaffSignIn SignIn { get; }
    public AnnouncementRules Rules { get; }
    public AnnouncementStore Announcements { get; }
    public AuditLog Audit { get; }
    public ReviewWorkflow Workflow { get; }
    public ReviewStore Review { get; }
    public ObjectionStore Objections { get; }
    public ObjectionIntake Intake { get; }
    public DemoSeeder Seeder { get; }

    public Migrator Migrator => new(Db, Clock, NullLogger<Migrator>.Instance);

    public async Task<TestDatabase> MigrateAsync()
    {
        await Migrator.MigrateAsync(TestContext.Current.CancellationToken);
        return this;
    }

    public const string StaffPassword = "test-password-0";

    // With staff the demo accounts exist (password StaffPassword); from 1,000 households on, the demo announcements too.
    public async Task<TestDatabase> SeedAsync(int households = 300, int seed = 7, bool staff = false)
    {
        await MigrateAsync();
        await Seeder.SeedAsync(households, seed, staff ? StaffPassword : null, null, TestContext.Current.CancellationToken);
        return this;
    }

    // A staff user as the portal sees them after signing in: their claims and a new session.
    public async Task<System.Security.Claims.ClaimsPrincipal> SignedInAsync(string userName)
    {
        var user = (await Staff.FindAsync(userName, TestContext.Current.CancellationToken))!;
        var session = await Sessions.StartAsync(user.Id, TestContext.Current.CancellationToken);
        return new(new System.Security.Claims.ClaimsIdentity([.. user.Actor.Claims(), session], "test"));
    }

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private SqliteTestDatabase(string folder)
        : base(new DbConnectionFactory(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "portal.db")}"), Path.Combine(folder, "keys"))
    {
        Folder = folder;
    }

    public string Folder { get; }

    public string File => Path.Combine(Folder, "portal.db");

    public static SqliteTestDatabase Create() => new(TempFolder.Create("db"));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(Folder);
        return ValueTask.CompletedTask;
    }
}

public sealed class SqlServerTestDatabase : TestDatabase
{
    public const string Variable = "PORTAL_TEST_SQLSERVER";
    private readonly string master;
    private readonly string name;

    private SqlServerTestDatabase(string master, string name, string keysPath)
        : base(new DbConnectionFactory(DatabaseProvider.SqlServer, new SqlConnectionStringBuilder(master) { InitialCatalog = name }.ToString()), keysPath)
    {
        this.master = master;
        this.name = name;
    }

    // Skips the calling test, saying why, when no SQL Server is configured.
    public static SqlServerTestDatabase Create()
    {
        var master = Environment.GetEnvironmentVariable(Variable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(master),
            $"{Variable} is not set, so the SQL Server store tests are skipped; set it to a connection string for a server where a test database may be created.");
        var name = "portal_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var c = new SqlConnection(master))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = $"CREATE DATABASE [{name}]";
            command.ExecuteNonQuery();
        }
        return new SqlServerTestDatabase(master!, name, TempFolder.Create("keys"));
    }

    public override async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        await using var c = new SqlConnection(master);
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]";
        await command.ExecuteNonQueryAsync();
        TempFolder.Delete(KeysPath);
    }
}

public sealed class TempFolder(string purpose) : IDisposable
{
    public string Path { get; } = Create(purpose);

    public void Dispose() => Delete(Path);

    public static string Create(string purpose)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "portal-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the OS temp cleaner will take it.
        }
    }
}
