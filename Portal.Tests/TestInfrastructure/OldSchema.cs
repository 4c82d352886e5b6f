using System.Data.Common;
using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Tests.TestInfrastructure;

// A SQLite database as it was before a migration: every script before it applied and recorded, as the migrator would
// have, so a test can put rows in the old schema and then migrate.
public static class OldSchema
{
    public static async Task ApplyBeforeAsync(DbConnection c, string before)
    {
        await c.ExecuteAsync("CREATE TABLE SchemaVersion (Script TEXT NOT NULL PRIMARY KEY, AppliedUtc TEXT NOT NULL)");
        foreach (var (name, sql) in Migrator.Scripts(DatabaseProvider.Sqlite).Where(s => string.CompareOrdinal(s.Name, before) < 0))
        {
            await c.ExecuteAsync(sql);
            await c.ExecuteAsync("INSERT INTO SchemaVersion VALUES (@name, '2026-01-01')", new { name });
        }
    }
}
