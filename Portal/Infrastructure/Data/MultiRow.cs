using System.Data.Common;

namespace Portal.Infrastructure.Data;

// INSERTs of many rows through a command kept for the whole batch, of RowsPerStatement rows, and for those left over one
// statement of just their number. On a server database a statement carries many rows, one round trip for hundreds;
// SQLite has no round trips, and Microsoft.Data.Sqlite binds each parameter by looking it up among all of a statement's
// (the square of their number: at 2,000 parameters a household took 1.6 ms to seed), so there a statement is one row.
// The full statement is the caller's field (Insert(…, RowsPerStatement(…))), so the statement checks read it like every
// other, and the rest is the same statement with fewer rows; values go through Dapper's type handlers, as every other
// parameter does.
public static class MultiRow
{
    // SQL Server takes at most 2,100 parameters a command and 1,000 rows a VALUES list. Fewer, larger statements are what
    // made a 5,000-entry publication on PostgreSQL 1.3 s instead of 1.7 (250 parameters a statement: 560 round trips).
    private const int ParametersPerStatement = 2000;

    private const int RowsPerValues = 1000;

    public static int RowsPerStatement(SqlDialect dialect, int columns) =>
        dialect.Provider == DatabaseProvider.Sqlite ? 1 : Math.Clamp(ParametersPerStatement / columns, 1, RowsPerValues);

    // INSERT INTO table (A, B) VALUES (@A0, @B0), (@A1, @B1), …
    public static string Insert(string table, IReadOnlyList<string> columns, int rows) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)})\nVALUES " + Rows(columns, rows);

    // The same, returning the `returning` columns of every row written (read them with InsertAsync's read).
    public static string InsertReturning(SqlDialect dialect, string table, IReadOnlyList<string> columns, int rows, IReadOnlyList<string> returning) =>
        dialect.InsertReturning(table, string.Join(", ", columns), Rows(columns, rows), returning);

    private static string Rows(IReadOnlyList<string> columns, int rows) =>
        string.Join(",\n       ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select(c => $"@{c}{r}")) + ")"));

    // Writes the rows inside the caller's transaction: `many` (of `rowsPerStatement` rows) while a full statement's worth
    // is left, then the rest in one statement of their number (`rest`, the same statement as `many` with fewer rows). A
    // row is its values in the columns' order (object?[]) or an object with a property
    // named after each column, as Dapper would read it. Returns the number of rows written. With statements that return
    // columns (InsertReturning), read is given each row they return.
    public static async Task<int> InsertAsync(DbConnection c, DbTransaction tx, string many, int rowsPerStatement, Func<int, string> rest,
        IReadOnlyList<string> columns, IEnumerable<object> rows, CancellationToken ct, Action<DbDataReader>? read = null)
    {
        await using var full = Command(c, tx, many, columns, rowsPerStatement);
        var written = 0;
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            await using var last = chunk.Length == rowsPerStatement ? null : Command(c, tx, rest(chunk.Length), columns, chunk.Length);
            var command = last ?? full;
            for (var r = 0; r < chunk.Length; r++)
            {
                var values = chunk[r] as object?[] ?? Values(chunk[r], columns);
                if (values.Length != columns.Count) throw new ArgumentException($"A row has {values.Length} values for {columns.Count} columns.", nameof(rows));
                for (var i = 0; i < columns.Count; i++) Set(command.Parameters[r * columns.Count + i], values[i]);
            }
            if (read is null) await command.ExecuteNonQueryAsync(ct);
            else
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) read(reader);
            }
            written += chunk.Length;
        }
        return written;
    }

    private static DbCommand Command(DbConnection c, DbTransaction tx, string sql, IReadOnlyList<string> columns, int rows)
    {
        var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        for (var r = 0; r < rows; r++)
        {
            foreach (var column in columns)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@{column}{r}";
                command.Parameters.Add(parameter);
            }
        }
        return command;
    }

    // As Dapper sends a value: through the portal's type handlers (DateTime, DateOnly) where one is registered.
    private static void Set(DbParameter parameter, object? value)
    {
        if (value is null)
        {
            parameter.Value = DBNull.Value;
            return;
        }
#pragma warning disable CS0618 // public, and marked for Dapper's own use
        Dapper.SqlMapper.LookupDbType(value.GetType(), parameter.ParameterName, false, out var handler);
#pragma warning restore CS0618
        if (handler is not null) handler.SetValue(parameter, value);
        else parameter.Value = value;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), System.Reflection.PropertyInfo> Properties = new();

    private static object?[] Values(object row, IReadOnlyList<string> columns) =>
        [.. columns.Select(c => Properties.GetOrAdd((row.GetType(), c), k => k.Item1.GetProperty(k.Item2)
            ?? throw new ArgumentException($"{k.Item1.Name} has no property {k.Item2}.", nameof(row))).GetValue(row))];
}
