namespace Portal.Infrastructure.Data;

// The few places where SQLite and T-SQL really differ. Everything else is portable SQL in the stores.
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect SqlServer = new SqlServerDialect();

    public abstract DatabaseProvider Provider { get; }

    // Appends paging to a SELECT that already ends with ORDER BY; binds @skip and @take.
    public abstract string Page(string orderedSelect);

    // An INSERT whose single result is the new row's Id.
    public abstract string InsertReturningId(string table, string columns, string values);

    // Inserts a row or updates the non-key columns of the existing one; parameters are named after the columns.
    public abstract string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns);

    private static string Parameters(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => "@" + c));

    private sealed class SqliteDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override string Page(string orderedSelect) => orderedSelect + "\n LIMIT @take OFFSET @skip";

        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns})\nVALUES ({values})\nRETURNING Id";

        public override string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns)
        {
            var all = keyColumns.Concat(otherColumns).ToList();
            var updates = string.Join(", ", otherColumns.Select(c => $"{c} = excluded.{c}"));
            return $"INSERT INTO {table} ({string.Join(", ", all)})\nVALUES ({Parameters(all)})\n" +
                   $"ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {updates}";
        }
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override string Page(string orderedSelect) => orderedSelect + "\n OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY";

        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns})\nOUTPUT INSERTED.Id\nVALUES ({values})";

        public override string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns)
        {
            var all = keyColumns.Concat(otherColumns).ToList();
            var source = string.Join(", ", all.Select(c => $"@{c} AS {c}"));
            var match = string.Join(" AND ", keyColumns.Select(c => $"target.{c} = source.{c}"));
            var updates = string.Join(", ", otherColumns.Select(c => $"{c} = source.{c}"));
            return $"MERGE {table} WITH (HOLDLOCK) AS target\nUSING (SELECT {source}) AS source\nON {match}\n" +
                   $"WHEN MATCHED THEN UPDATE SET {updates}\n" +
                   $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", all)}) VALUES ({string.Join(", ", all.Select(c => "source." + c))});";
        }
    }
}
