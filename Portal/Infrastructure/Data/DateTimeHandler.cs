using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.SqlClient;
using Npgsql;
using NpgsqlTypes;

namespace Portal.Infrastructure.Data;

// Every DateTime the portal stores is UTC. Dapper would send one to SQL Server as datetime, which rounds to 1/300 s
// against a DATETIME2 column, so an audit event read back would no longer hash to what was stored: here it goes as
// datetime2. PostgreSQL gets timestamptz; SQLite keeps its text. Read back as the provider gives it (SQLite: text).
public sealed class DateTimeHandler : SqlMapper.TypeHandler<DateTime>
{
    // DateTime is in Dapper's own type map, which wins over a handler until it is taken out.
    public static void Register()
    {
        SqlMapper.RemoveTypeMap(typeof(DateTime));
        SqlMapper.RemoveTypeMap(typeof(DateTime?));
        SqlMapper.AddTypeHandler(new DateTimeHandler());
    }

    public override void SetValue(IDbDataParameter parameter, DateTime value)
    {
        switch (parameter)
        {
            case SqlParameter sqlServer:
                sqlServer.SqlDbType = SqlDbType.DateTime2;
                sqlServer.Value = value;
                break;
            case NpgsqlParameter postgres:
                postgres.NpgsqlDbType = NpgsqlDbType.TimestampTz;
                postgres.Value = DateTime.SpecifyKind(value, DateTimeKind.Utc);
                break;
            default:
                parameter.DbType = DbType.DateTime;
                parameter.Value = value;
                break;
        }
    }

    public override DateTime Parse(object value) => value switch
    {
        DateTime d => d,
        string s => DateTime.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new DataException($"Cannot read a time from {value.GetType().Name}."),
    };
}
