namespace Portal.Infrastructure.Data;

// The few places where SQLite, T-SQL and PostgreSQL really differ. Everything else is portable SQL in the stores.
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect SqlServer = new SqlServerDialect();
    public static readonly SqlDialect PostgreSql = new PostgreSqlDialect();

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.SqlServer => SqlServer,
        DatabaseProvider.PostgreSql => PostgreSql,
        _ => Sqlite,
    };

    public abstract DatabaseProvider Provider { get; }

    // Boolean literals: SQLite and SQL Server store a flag as 1 or 0 (INTEGER, BIT), PostgreSQL as BOOLEAN.
    public virtual string True => "1";

    public virtual string False => "0";

    // A keyed hash or receipt hash as a parameter for its CHAR/VARCHAR(64) column. SQL Server would send a .NET string as
    // NVARCHAR, convert the column instead and scan the index; an ANSI parameter of the column's length seeks. A CHAR(64)
    // column is compared with CAST(@hash AS CHAR(64)) on every engine: PostgreSQL would compare it as text with a text
    // parameter, and read the whole table instead of its index (an import's preview took 0.6 s a row at 1,000,000).
    public virtual object? Ansi(string? hash) => hash;

    // A list of them, for In or InFixed.
    public virtual System.Collections.IEnumerable AnsiList(IEnumerable<string> hashes) => hashes.ToList();

    // A column matched against a list parameter (an array or list, never a lazy sequence). Dapper expands IN @list into
    // one parameter per item; for Npgsql it sends the list as one array, which PostgreSQL matches with = ANY.
    public virtual string In(string column, string parameter) => $"{column} IN @{parameter}";

    // The same for a CHAR(length) column: PostgreSQL compares its array as text unless told the column's type (Ansi).
    public virtual string InFixed(string column, string parameter, int length) => In(column, parameter);

    // Appends paging to a SELECT that already ends with ORDER BY; binds @skip and @take.
    public abstract string Page(string orderedSelect);

    // An INSERT whose single result is the new row's Id.
    public abstract string InsertReturningId(string table, string columns, string values);

    // An INSERT of the given VALUES rows (each in parentheses) that returns columns of every row it wrote, in no set order.
    public virtual string InsertReturning(string table, string columns, string rows, IReadOnlyList<string> returning) =>
        $"INSERT INTO {table} ({columns})\nVALUES {rows}\nRETURNING {string.Join(", ", returning)}";

    // Inserts a row or updates the non-key columns of the existing one; parameters are named after the columns.
    public abstract string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns);

    // An UPDATE that returns columns of the rows it changed, as they are after it (RETURNING, SQL Server's OUTPUT inserted.).
    public virtual string UpdateReturning(string table, string set, string where, IReadOnlyList<string> returning) =>
        $"UPDATE {table} SET {set} WHERE {where} RETURNING {string.Join(", ", returning)}";

    // Adds one to the counter of the row with these keys, or inserts that row with the counter at 1 and the other
    // columns from their parameters; returns the counter. Parameters are named after the columns.
    public virtual string CountUp(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns, string counter)
    {
        var all = keyColumns.Concat(otherColumns).ToList();
        return $"INSERT INTO {table} ({string.Join(", ", all)}, {counter})\nVALUES ({Parameters(all)}, 1)\n" +
               $"ON CONFLICT ({string.Join(", ", keyColumns)}) DO UPDATE SET {counter} = {table}.{counter} + 1\nRETURNING {counter}";
    }

    // A SELECT whose rows of `table` (named `alias` in its FROM clause) stay held until the transaction ends: shared,
    // so that other holders read on while writers wait, or exclusive, so that a second exclusive holder waits too.
    // SQLite's transactions take the write lock when they begin, so the SELECT is unchanged there.
    public virtual string Hold(string select, string table, string alias, bool exclusive) => select;

    // Compares the columns, in order, with the parameters as one row value (op is <, <=, > or >=): the condition keyset
    // paging seeks an index with. SQL Server has no row values and gets the same comparison written out.
    public virtual string RowCompare(IReadOnlyList<string> columns, string op, IReadOnlyList<string> parameters) =>
        $"({string.Join(", ", columns)}) {op} ({string.Join(", ", parameters.Select(p => "@" + p))})";

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

    // PostgreSQL pages and returns ids as SQLite does, and upserts with the same ON CONFLICT clause.
    private sealed class PostgreSqlDialect : SqlDialect
    {
        private readonly SqliteDialect same = new();

        public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

        public override string True => "TRUE";

        public override string False => "FALSE";

        public override string In(string column, string parameter) => $"{column} = ANY(@{parameter})";

        public override string InFixed(string column, string parameter, int length) => $"{column} = ANY(CAST(@{parameter} AS CHAR({length})[]))";

        public override string Page(string orderedSelect) => same.Page(orderedSelect);

        public override string InsertReturningId(string table, string columns, string values) => same.InsertReturningId(table, columns, values);

        public override string Upsert(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns) =>
            same.Upsert(table, keyColumns, otherColumns);

        public override string Hold(string select, string table, string alias, bool exclusive) =>
            select + (exclusive ? $"\n FOR UPDATE OF {alias}" : $"\n FOR SHARE OF {alias}");
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override string Page(string orderedSelect) => orderedSelect + "\n OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY";

        public override object? Ansi(string? hash) => new Dapper.DbString { Value = hash, IsAnsi = true, Length = 64 };

        public override System.Collections.IEnumerable AnsiList(IEnumerable<string> hashes) => hashes.Select(h => (Dapper.DbString)Ansi(h)!).ToList();

        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns})\nOUTPUT INSERTED.Id\nVALUES ({values})";

        public override string InsertReturning(string table, string columns, string rows, IReadOnlyList<string> returning) =>
            $"INSERT INTO {table} ({columns})\nOUTPUT {string.Join(", ", returning.Select(r => "INSERTED." + r))}\nVALUES {rows}";

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

        public override string UpdateReturning(string table, string set, string where, IReadOnlyList<string> returning) =>
            $"UPDATE {table} SET {set} OUTPUT {string.Join(", ", returning.Select(r => "inserted." + r))} WHERE {where}";

        public override string CountUp(string table, IReadOnlyList<string> keyColumns, IReadOnlyList<string> otherColumns, string counter)
        {
            var all = keyColumns.Concat(otherColumns).ToList();
            var source = string.Join(", ", keyColumns.Select(c => $"@{c} AS {c}"));
            var match = string.Join(" AND ", keyColumns.Select(c => $"target.{c} = source.{c}"));
            return $"MERGE {table} WITH (HOLDLOCK) AS target\nUSING (SELECT {source}) AS source\nON {match}\n" +
                   $"WHEN MATCHED THEN UPDATE SET {counter} = target.{counter} + 1\n" +
                   $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", all)}, {counter}) VALUES ({Parameters(all)}, 1)\n" +
                   $"OUTPUT inserted.{counter};";
        }

        public override string RowCompare(IReadOnlyList<string> columns, string op, IReadOnlyList<string> parameters)
        {
            var strict = op[..1];
            var text = $"{columns[^1]} {op} @{parameters[^1]}";
            for (var i = columns.Count - 2; i >= 0; i--)
            {
                text = $"{columns[i]} {strict} @{parameters[i]} OR ({columns[i]} = @{parameters[i]} AND ({text}))";
            }
            return "(" + text + ")";
        }

        public override string Hold(string select, string table, string alias, bool exclusive) =>
            select.Replace($"FROM {table} {alias}", $"FROM {table} {alias} WITH ({(exclusive ? "UPDLOCK, HOLDLOCK" : "HOLDLOCK")})", StringComparison.Ordinal);
    }
}
