using Dapper;

namespace Portal.Infrastructure.Data;

// INSERTs of many rows: RowsPerStatement rows in one statement, one round trip for hundreds of rows instead of one each,
// and the few left over one by one. Both statements are the caller's fields (Insert(…, RowsPerStatement(…)) and
// Insert(…, 1)), so the statement checks read them like every other. Portable: every engine takes VALUES lists.
public static class MultiRow
{
    // SQL Server takes at most 2,100 parameters a command (SQLite 32,766, PostgreSQL 65,535).
    private const int ParametersPerStatement = 2000;

    public static int RowsPerStatement(int columns) => Math.Max(1, ParametersPerStatement / columns);

    // INSERT INTO table (A, B) VALUES (@A0, @B0), (@A1, @B1), …
    public static string Insert(string table, IReadOnlyList<string> columns, int rows) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)})\nVALUES " +
        string.Join(",\n       ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select(c => $"@{c}{r}")) + ")"));

    // The commands that write the rows: full statements of `many`, then `one` for each row left over. A row is its values
    // in the columns' order (object?[]) or an object with a property named after each column, as Dapper would read it.
    public static IEnumerable<(string Sql, DynamicParameters Parameters)> Commands(string many, string one, IReadOnlyList<string> columns,
        IEnumerable<object> rows)
    {
        var perStatement = RowsPerStatement(columns.Count);
        foreach (var chunk in rows.Chunk(perStatement))
        {
            if (chunk.Length == perStatement)
            {
                yield return (many, Bind(columns, chunk));
                continue;
            }
            foreach (var row in chunk) yield return (one, Bind(columns, [row]));
        }
    }

    private static DynamicParameters Bind(IReadOnlyList<string> columns, object[] rows)
    {
        var parameters = new DynamicParameters();
        for (var r = 0; r < rows.Length; r++)
        {
            var values = rows[r] as object?[] ?? Values(rows[r], columns);
            if (values.Length != columns.Count) throw new ArgumentException($"A row has {values.Length} values for {columns.Count} columns.", nameof(rows));
            for (var c = 0; c < columns.Count; c++) parameters.Add($"{columns[c]}{r}", values[c]);
        }
        return parameters;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), System.Reflection.PropertyInfo> Properties = new();

    private static object?[] Values(object row, IReadOnlyList<string> columns) =>
        [.. columns.Select(c => Properties.GetOrAdd((row.GetType(), c), k => k.Item1.GetProperty(k.Item2)
            ?? throw new ArgumentException($"{k.Item1.Name} has no property {k.Item2}.", nameof(row))).GetValue(row))];
}
