using System.Reflection;
using Portal.Infrastructure.Data;

namespace Portal.Tests.TestInfrastructure;

// Every SQL text the portal can issue in one dialect. By convention (STYLE.md) the stores, the migrator and the
// health check keep their SQL in string fields: constants, or fields built from the dialect in the constructor.
public static class IssuedStatements
{
    private static readonly string[] Keywords = ["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "IF ", "WITH"];

    public static IReadOnlyList<(string Source, string Sql)> For(DbConnectionFactory factory)
    {
        var other = factory.Provider == DatabaseProvider.Sqlite ? "SqlServer" : "Sqlite";
        var result = new List<(string, string)>();
        foreach (var type in typeof(Program).Assembly.GetTypes().Where(IssuesSql))
        {
            var instance = Construct(type, factory);
            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (field.FieldType != typeof(string) || field.Name.EndsWith(other, StringComparison.Ordinal)) continue;
                var value = field.IsLiteral ? (string?)field.GetRawConstantValue() : (string?)field.GetValue(field.IsStatic ? null : instance);
                if (value is not null && Keywords.Any(k => value.TrimStart().StartsWith(k, StringComparison.OrdinalIgnoreCase)))
                {
                    result.Add(($"{type.Name}.{field.Name}", ExpandLists(value)));
                }
            }
        }
        return result;
    }

    // Dapper turns "IN @ids" into "IN (@ids1, @ids2, …)" before the database sees it.
    private static string ExpandLists(string sql) =>
        System.Text.RegularExpressions.Regex.Replace(sql, @"\bIN @(\w+)", "IN (@$1_1, @$1_2)");

    public static IEnumerable<Type> SqlIssuingTypes() => typeof(Program).Assembly.GetTypes().Where(IssuesSql);

    private static bool IssuesSql(Type type) =>
        type is { IsClass: true, IsAbstract: false } && !type.IsNested
        && (type.Name.EndsWith("Store", StringComparison.Ordinal) || type == typeof(Migrator) || type == typeof(DatabaseHealthCheck));

    // Field initialisers only need the connection factory; other dependencies may be null here.
    private static object Construct(Type type, DbConnectionFactory factory)
    {
        var constructor = type.GetConstructors().Single();
        var args = constructor.GetParameters().Select(p => p.ParameterType == typeof(DbConnectionFactory) ? factory : null).ToArray();
        return constructor.Invoke(args);
    }
}
