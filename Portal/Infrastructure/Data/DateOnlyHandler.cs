using System.Data;
using System.Globalization;
using Dapper;

namespace Portal.Infrastructure.Data;

// Dates travel as DateOnly (both providers bind it: SQLite as yyyy-MM-dd text, SQL Server as DATE) and come back
// as text from SQLite or DateTime from SQL Server.
public sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
{
    public static void Register() => SqlMapper.AddTypeHandler(new DateOnlyHandler());

    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => DateOnly.ParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new DataException($"Cannot read a date from {value.GetType().Name}."),
    };
}
