using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Portal.Infrastructure.Data;

// One short-lived connection per call; never registered in DI itself.
public sealed class DbConnectionFactory
{
    private readonly string connectionString;

    static DbConnectionFactory()
    {
        DateOnlyHandler.Register();
        DateTimeHandler.Register();
    }

    public DbConnectionFactory(DatabaseProvider provider, string connectionString)
    {
        Dialect = SqlDialect.For(provider);
        this.connectionString = provider switch
        {
            DatabaseProvider.Sqlite => PrepareSqlite(connectionString),
            DatabaseProvider.PostgreSql => PreparePostgreSql(connectionString),
            _ => connectionString,
        };
    }

    public SqlDialect Dialect { get; }

    public DatabaseProvider Provider => Dialect.Provider;

    public string? SqliteFile => Provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(connectionString).DataSource : null;

    public DbConnection Open()
    {
        var connection = Create();
        connection.Open();
        Configure(connection);
        return connection;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = Create();
        await connection.OpenAsync(ct);
        Configure(connection);
        return connection;
    }

    private DbConnection Create() => Provider switch
    {
        DatabaseProvider.SqlServer => new SqlConnection(connectionString),
        DatabaseProvider.PostgreSql => new NpgsqlConnection(connectionString),
        _ => new SqliteConnection(connectionString),
    };

    // synchronous and busy_timeout are per-connection settings (WAL mode is stored in the file and set by the migrator).
    // A writer that finds the file locked waits inside SQLite, a millisecond or so at a time, rather than failing or
    // leaving it to the provider's retry loop, which sleeps 150 ms between tries.
    private void Configure(DbConnection connection)
    {
        if (Provider != DatabaseProvider.Sqlite) return;
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;";
        command.ExecuteNonQuery();
    }

    // The database file is created 0600 before SQLite opens it, and SQLite gives its -wal and -shm files the database
    // file's mode; a folder the portal creates for it is 0700. Files left readable by an older version are narrowed.
    private static void MakePrivate(string file)
    {
        if (Path.GetDirectoryName(file) is { } directory && !Directory.Exists(directory)) Security.PrivateFiles.Folder(directory);
        if (!File.Exists(file))
        {
            try
            {
                Security.PrivateFiles.CreateNew(file).Dispose();
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another instance created it first.
            }
        }
        foreach (var suffix in (string[])["", "-wal", "-shm"]) Security.PrivateFiles.Narrow(file + suffix);
    }

    // Every session reads and writes time in UTC, whatever the server's TimeZone: a DateTime the portal sends is UTC.
    // Statements the portal sends again and again are prepared on the server once per connection (Npgsql's automatic
    // preparation), unless the connection string says otherwise: the many-row INSERTs of a 5,000-entry publication were
    // parsed 800 times (issue 18). A prepared statement is still planned for its values each time (plan_cache_mode):
    // after five runs PostgreSQL may keep one generic plan, and for a filter such as "@status IS NULL OR Status = @status"
    // that plan reads the whole household table (a staff search took 0.3 to 0.9 s).
    private static string PreparePostgreSql(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timezone = "UTC" };
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "").Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))) builder.MaxAutoPrepare = 64;
        if (builder.Options?.Contains("plan_cache_mode", StringComparison.Ordinal) != true) builder.Options = $"{builder.Options} -c plan_cache_mode=force_custom_plan".Trim();
        return builder.ToString();
    }

    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, Pooling = true };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:") MakePrivate(Path.GetFullPath(file));
        return builder.ToString();
    }
}
