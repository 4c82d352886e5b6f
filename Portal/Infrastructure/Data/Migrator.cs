using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace Portal.Infrastructure.Data;

// A small runner over the numbered scripts embedded from database/<dialect>/: each script runs once, in its own
// transaction, and is recorded in SchemaVersion; running it again applies nothing.
public sealed partial class Migrator(DbConnectionFactory db, TimeProvider clock, ILogger<Migrator> log)
{
    private const string CreateJournalSqlite = """
        CREATE TABLE IF NOT EXISTS SchemaVersion (
            Script     TEXT NOT NULL PRIMARY KEY,
            AppliedUtc TEXT NOT NULL
        )
        """;

    private const string CreateJournalSqlServer = """
        IF OBJECT_ID(N'dbo.SchemaVersion', N'U') IS NULL
            CREATE TABLE dbo.SchemaVersion (
                Script     NVARCHAR(200) NOT NULL PRIMARY KEY,
                AppliedUtc DATETIME2     NOT NULL
            )
        """;

    private const string CreateJournalPostgreSql = """
        CREATE TABLE IF NOT EXISTS SchemaVersion (
            Script     VARCHAR(200) NOT NULL PRIMARY KEY,
            AppliedUtc TIMESTAMPTZ  NOT NULL
        )
        """;

    private const string SelectApplied = "SELECT Script FROM SchemaVersion";

    private const string InsertApplied = "INSERT INTO SchemaVersion (Script, AppliedUtc) VALUES (@script, @appliedUtc)";

    public static IReadOnlyList<(string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"database/{provider.ToString().ToLowerInvariant()}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Read(assembly, n)))
            .ToList();
    }

    // Several instances may start together on one database: each migrates under an application lock held for the whole
    // run (PostgreSQL's advisory lock, SQL Server's applock; on SQLite each script's transaction holds the write lock),
    // and reads what is applied again inside it, so that every script runs once and every instance starts.
    private const string LockPostgreSql = "SELECT pg_advisory_lock(726201701)";

    private const string UnlockPostgreSql = "SELECT pg_advisory_unlock(726201701)";

    private const string LockSqlServer = """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = 'Portal.Migrator', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 600000;
        IF @result < 0 THROW 50001, 'Timed out waiting for another instance to finish migrating the database.', 1;
        """;

    private const string UnlockSqlServer = "EXEC sp_releaseapplock @Resource = 'Portal.Migrator', @LockOwner = 'Session'";

    private const string IsApplied = "SELECT COUNT(*) FROM SchemaVersion WHERE Script = @script";

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (lockSql, unlockSql) = db.Provider switch
        {
            DatabaseProvider.PostgreSql => (LockPostgreSql, UnlockPostgreSql),
            DatabaseProvider.SqlServer => (LockSqlServer, UnlockSqlServer),
            _ => ((string?)null, (string?)null),
        };
        if (lockSql is not null) await c.ExecuteAsync(new CommandDefinition(lockSql, cancellationToken: ct, commandTimeout: 660));
        try
        {
            return await MigrateLockedAsync(c, ct);
        }
        finally
        {
            if (unlockSql is not null) await c.ExecuteAsync(new CommandDefinition(unlockSql, cancellationToken: CancellationToken.None));
        }
    }

    private async Task<IReadOnlyList<string>> MigrateLockedAsync(DbConnection c, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await c.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }
        var journal = db.Provider switch
        {
            DatabaseProvider.SqlServer => CreateJournalSqlServer,
            DatabaseProvider.PostgreSql => CreateJournalPostgreSql,
            _ => CreateJournalSqlite,
        };
        await c.ExecuteAsync(new CommandDefinition(journal, cancellationToken: ct));
        var applied = (await c.QueryAsync<string>(new CommandDefinition(SelectApplied, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);

        var newlyApplied = new List<string>();
        foreach (var (name, sql) in Scripts(db.Provider).Where(s => !applied.Contains(s.Name)))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            // Another instance may have applied it since the list was read (on SQLite this transaction holds the write lock).
            if (await c.ExecuteScalarAsync<long>(new CommandDefinition(IsApplied, new { script = name }, tx, cancellationToken: ct)) > 0) continue;
            foreach (var batch in Batches(sql))
            {
                await c.ExecuteAsync(new CommandDefinition(batch, transaction: tx, cancellationToken: ct, commandTimeout: 300));
            }
            await c.ExecuteAsync(new CommandDefinition(InsertApplied, new { script = name, appliedUtc = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            newlyApplied.Add(name);
            log.LogInformation("Applied migration {Script}", name);
        }
        return newlyApplied;
    }

    // T-SQL scripts may separate batches with GO on a line of its own; SQLite scripts run whole.
    public static IEnumerable<string> Batches(string script) =>
        GoSeparator().Split(script).Select(b => b.Trim()).Where(b => b.Length > 0);

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();
}

public static class DbConnectionExtensions
{
    public static bool IsUniqueViolation(this DbException e) =>
        e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }
        || e is Microsoft.Data.SqlClient.SqlException { Number: 2627 or 2601 }
        || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}
