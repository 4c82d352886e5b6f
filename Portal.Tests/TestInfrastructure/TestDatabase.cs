using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Portal;
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
// database on the PostgreSQL server named by PORTAL_TEST_POSTGRES or the SQL Server named by PORTAL_TEST_SQLSERVER.
public abstract class TestDatabase : IAsyncDisposable
{
    protected TestDatabase(DatabaseProvider provider, string connectionString, string keysPath, IReadOnlyDictionary<string, string?>? settings = null)
    {
        KeysPath = keysPath;
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));
        // The portal's own registration (PortalSetup.AddPortalFeatures), over this database and with a clock the test moves.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Provider"] = provider.ToString(),
            ["ConnectionStrings:Portal"] = connectionString,
            [$"{SecurityOptions.Section}:KeysPath"] = keysPath,
            [$"{AttachmentOptions.Section}:Path"] = AttachmentsPathBeside(keysPath),
            // The key ring is kept in the database on a server database, encrypted by this (fixed, for tests) key.
            [$"{SecurityOptions.Section}:{nameof(SecurityOptions.KeyEncryptionKey)}"] = TestKeyEncryptionKey,
            // Stores' tests sign in with a password alone; TwoFactorSignInTests build a StaffSignIn with the default.
            [$"{TwoFactorOptions.Section}:{nameof(TwoFactorOptions.TwoFactorRoles)}"] = TwoFactorOptions.None,
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPortalFeatures();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        Services = builder.Services.BuildServiceProvider();
    }

    public const string TestKeyEncryptionKey = "dGVzdC1rZXktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=";

    // Every service the feature modules register, as the portal builds them.
    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    // The attachments folder sits beside the keys folder, in the test's own temporary folder.
    public string AttachmentsPath => AttachmentsPathBeside(KeysPath);

    private static string AttachmentsPathBeside(string keysPath) => Path.GetFullPath(Path.Combine(keysPath, "..", "attachments"));

    public DbConnectionFactory Db => Get<DbConnectionFactory>();
    public string KeysPath { get; }
    public FakeTimeProvider Clock { get; }
    public PersonalDataProtector Protector => Get<PersonalDataProtector>();
    public RegionStore Regions => Get<RegionStore>();
    public HouseholdStore Households => Get<HouseholdStore>();
    public CadreStore Cadres => Get<CadreStore>();
    public AssistanceStore Assistance => Get<AssistanceStore>();
    public StaffUserStore Staff => Get<StaffUserStore>();
    public StaffSessions Sessions => Get<StaffSessions>();
    public StaffSignIn SignIn => Get<StaffSignIn>();
    public AnnouncementRules Rules => Get<AnnouncementRules>();
    public AnnouncementStore Announcements => Get<AnnouncementStore>();
    public AuditLog Audit => Get<AuditLog>();
    public ReviewWorkflow Workflow => Get<ReviewWorkflow>();
    public ReviewStore Review => Get<ReviewStore>();
    public ObjectionStore Objections => Get<ObjectionStore>();
    public ObjectionIntake Intake => Get<ObjectionIntake>();
    public DemoSeeder Seeder => Get<DemoSeeder>();

    public Migrator Migrator => Get<Migrator>();

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

    // From now on the database refuses the inserts into the table that match the condition (on NEW), as a full disk or a
    // lost connection would fail that write: for tests of what a failed write leaves behind.
    public virtual Task RefuseInsertsAsync(string table, string when) =>
        throw new NotSupportedException($"{GetType().Name} cannot refuse inserts.");

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private SqliteTestDatabase(string folder)
        : base(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "portal.db")}", Path.Combine(folder, "keys"))
    {
        Folder = folder;
    }

    public string Folder { get; }

    public string File => Path.Combine(Folder, "portal.db");

    public static SqliteTestDatabase Create() => new(TempFolder.Create("db"));

    public override async Task RefuseInsertsAsync(string table, string when)
    {
        await using var c = await Db.OpenAsync(TestContext.Current.CancellationToken);
        await Dapper.SqlMapper.ExecuteAsync(c, $"CREATE TRIGGER Refuse{table} BEFORE INSERT ON {table} WHEN {when} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    }

    public override async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TempFolder.Delete(Folder);
    }
}

public sealed class SqlServerTestDatabase : TestDatabase
{
    public const string Variable = "PORTAL_TEST_SQLSERVER";
    private readonly string master;
    private readonly string name;

    private SqlServerTestDatabase(string master, string name, string keysPath)
        : base(DatabaseProvider.SqlServer, new SqlConnectionStringBuilder(master) { InitialCatalog = name }.ToString(), keysPath)
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
        await Services.DisposeAsync();
        SqlConnection.ClearAllPools();
        await using var c = new SqlConnection(master);
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]";
        await command.ExecuteNonQueryAsync();
        TempFolder.Delete(KeysPath);
    }
}

public sealed class PostgreSqlTestDatabase : TestDatabase
{
    public const string Variable = "PORTAL_TEST_POSTGRES";
    private readonly string server;
    private readonly string name;

    private PostgreSqlTestDatabase(string server, string name, string keysPath)
        : base(DatabaseProvider.PostgreSql, ConnectionString(server, name), keysPath)
    {
        this.server = server;
        this.name = name;
    }

    public string ConnectionString() => ConnectionString(server, name);

    public static string ConnectionString(string server, string database) =>
        new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();

    // The server's connection string. Skips the calling test, saying why, when none is configured; under CI=true an
    // unset variable fails it, so that CI cannot pass without having run the PostgreSQL tests.
    public static string Server()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
                $"CI=true but {Variable} is not set: .ci/run starts a PostgreSQL cluster and sets it.");
            Assert.Skip($"{Variable} is not set, so the PostgreSQL tests are skipped; set it to a connection string for a server where a test database may be created (.ci/run starts one).");
        }
        return server!;
    }

    // A new, empty database on the server, dropped by DropAsync.
    public static string NewDatabase(string server)
    {
        var name = "portal_test_" + Guid.NewGuid().ToString("N")[..12];
        using var c = new Npgsql.NpgsqlConnection(server);
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return name;
    }

    public static async Task DropAsync(string server, string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var c = new Npgsql.NpgsqlConnection(server);
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }

    public override async Task RefuseInsertsAsync(string table, string when)
    {
        await using var c = await Db.OpenAsync(TestContext.Current.CancellationToken);
        await Dapper.SqlMapper.ExecuteAsync(c, $"""
            CREATE FUNCTION Refuse{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {when} THEN RAISE EXCEPTION 'refused by the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER Refuse{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION Refuse{table}();
            """);
    }

    // Another portal instance over this database (its own services, the same data), with settings of its own; disposing
    // it leaves the database.
    public TestDatabase OtherInstance(IReadOnlyDictionary<string, string?>? settings = null) =>
        new OtherPostgreSqlInstance(ConnectionString(), TempFolder.Create("keys"), settings);

    private sealed class OtherPostgreSqlInstance(string connectionString, string keysPath, IReadOnlyDictionary<string, string?>? settings)
        : TestDatabase(DatabaseProvider.PostgreSql, connectionString, keysPath, settings)
    {
        public override async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            TempFolder.Delete(KeysPath);
        }
    }

    public static PostgreSqlTestDatabase Create()
    {
        var server = Server();
        return new PostgreSqlTestDatabase(server, NewDatabase(server), Path.Combine(TempFolder.Create("pg"), "keys"));
    }

    public override async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await DropAsync(server, name);
        TempFolder.Delete(Path.GetDirectoryName(KeysPath)!);
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

// The engine a store test class runs on: each behaviour suite is written once as an abstract generic class and run by
// one sealed class per engine (SqliteXTests : XTests<SqliteEngine>, PostgreSqlXTests : XTests<PostgreSqlEngine>).
public interface ITestEngine
{
    static abstract TestDatabase Create();
}

public sealed class SqliteEngine : ITestEngine
{
    public static TestDatabase Create() => SqliteTestDatabase.Create();
}

public sealed class PostgreSqlEngine : ITestEngine
{
    public static TestDatabase Create() => PostgreSqlTestDatabase.Create();
}

public sealed class SqlServerEngine : ITestEngine
{
    public static TestDatabase Create() => SqlServerTestDatabase.Create();
}
