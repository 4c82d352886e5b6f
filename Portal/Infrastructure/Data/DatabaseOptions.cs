using System.ComponentModel.DataAnnotations;
namespace Portal.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
