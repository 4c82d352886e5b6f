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

    private const string SelectApplied = "SELECT Script FROM SchemaVersion";

    private const string InsertApplied = "INSERT INTO SchemaVersion (Script, AppliedUtc) VALUES (@script, @appliedUtc)";

    public static IReadOnlyList<(string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"database/{(provider == DatabaseProvider.SqlServer ? "sqlserver" : "sqlite")}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Read(assembly, n)))
            .ToList();
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await c.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }
        await c.ExecuteAsync(new CommandDefinition(db.Provider == DatabaseProvider.SqlServer ? CreateJournalSqlServer : CreateJournalSqlite, cancellationToken: ct));
        var applied = (await c.QueryAsync<string>(new CommandDefinition(SelectApplied, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);

        var newlyApplied = new List<string>();
        foreach (var (name, sql) in Scripts(db.Provider).Where(s => !applied.Contains(s.Name)))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
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
        || e is Microsoft.Data.SqlClient.SqlException { Number: 2627 or 2601 };
}
