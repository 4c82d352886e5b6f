using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Portal.Infrastructure.Data;

namespace Portal.Tests.TestInfrastructure;

// Every SQL text the portal can issue in one dialect. By convention (STYLE.md) SQL lives in string fields:
// constants, static fields, or fields built from the dialect in the constructor. Classes are picked by their SQL,
// not by their name: every type with a field holding a statement, and every type whose code calls Dapper.
public static partial class IssuedStatements
{
    private static readonly Assembly Portal = typeof(Program).Assembly;

    private const BindingFlags AllFields = BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<(string Source, string Sql)> For(DbConnectionFactory factory) =>
        Statements(factory).Select(s => ($"{Name(s.Owner)}.{s.Field}", s.Sql)).ToList();

    // The classes that issue SQL: those that call Dapper, and those that keep a statement in a field.
    public static IReadOnlyList<Type> SqlIssuingTypes() =>
        DapperCallers().Concat(BothDialects().Select(s => s.Owner)).Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();

    // Top-level types whose code (lambdas and async state machines included) runs a command through Dapper.
    public static IReadOnlyList<Type> DapperCallers() => Callers.Value;

    private static readonly Lazy<IReadOnlyList<Type>> Callers = new(() =>
        Il().Where(m => m.Body.Instructions.Any(i => i.Operand is MethodReference { DeclaringType.FullName: "Dapper.SqlMapper" } call
            && (call.Name.StartsWith("Query", StringComparison.Ordinal) || call.Name.StartsWith("Execute", StringComparison.Ordinal))))
            .Select(m => Reflected(m.DeclaringType)).Distinct().ToList());

    // SQL written as a literal inside a method of a class that calls Dapper that is no part of a statement this net
    // parses (one of the class's own, or a constant it borrows from another class): SQL that would go unchecked.
    public static IReadOnlyList<(string Source, string Literal)> UnparsedLiterals()
    {
        var statements = BothDialects();
        var callers = DapperCallers().ToHashSet();
        return Il().Select(m => (Method: m, Owner: Reflected(m.DeclaringType))).Where(m => callers.Contains(m.Owner))
            .SelectMany(m => m.Method.Body.Instructions.Where(i => i.OpCode == OpCodes.Ldstr).Select(i => (m.Method, m.Owner, Literal: (string)i.Operand)))
            .Where(l => IsStatement(l.Literal))
            .Where(l => !statements.Any(s => s.Sql == ExpandLists(l.Literal) || (s.Owner == l.Owner && s.Sql.Contains(l.Literal.Trim(), StringComparison.Ordinal))))
            .Select(l => ($"{Name(l.Owner)}.{MethodName(l.Method)}", l.Literal))
            .ToList();
    }

    private static List<(Type Owner, string Field, string Sql)> BothDialects() =>
    [
        .. Statements(new DbConnectionFactory(DatabaseProvider.Sqlite, "Data Source=:memory:")),
        .. Statements(new DbConnectionFactory(DatabaseProvider.SqlServer, "Server=unused;Database=unused")),
        .. Statements(new DbConnectionFactory(DatabaseProvider.PostgreSql, "Host=unused;Database=unused")),
    ];

    private static IEnumerable<(Type Owner, string Field, string Sql)> Statements(DbConnectionFactory factory)
    {
        var others = Enum.GetNames<DatabaseProvider>().Where(p => p != factory.Provider.ToString()).ToList();
        foreach (var type in Portal.GetTypes().Where(MayHoldSql))
        {
            // Fields built from the dialect in the constructor are read from an instance of a class that calls Dapper.
            var constructible = DapperCallers().Contains(type);
            object? instance = null;
            foreach (var field in type.GetFields(AllFields))
            {
                if (field.FieldType != typeof(string) || others.Any(o => field.Name.EndsWith(o, StringComparison.Ordinal))) continue;
                if (!field.IsStatic && !constructible) continue;
                var value = field.IsLiteral ? (string?)field.GetRawConstantValue()
                    : field.IsStatic ? (string?)field.GetValue(null)
                    : (string?)field.GetValue(instance ??= Construct(type, factory));
                if (value is not null && IsStatement(value)) yield return (TopLevel(type), field.Name, ExpandLists(value));
            }
        }
    }

    public static bool IsStatement(string text) => StatementStart().IsMatch(text);

    [GeneratedRegex(@"^\s*(SELECT|INSERT|UPDATE|DELETE|MERGE|WITH|CREATE|IF)\s")]
    private static partial Regex StatementStart();

    // Dapper turns "IN @ids" into "IN (@ids1, @ids2, …)" before SQLite and SQL Server see it.
    private static string ExpandLists(string sql) => Regex.Replace(sql, @"\bIN @(\w+)", "IN (@$1_1, @$1_2)");

    private static bool MayHoldSql(Type type) =>
        type.IsClass && !type.ContainsGenericParameters && !type.IsDefined(typeof(CompilerGeneratedAttribute), false)
        && type.Namespace?.StartsWith("Portal", StringComparison.Ordinal) == true;

    private static Type TopLevel(Type type) => type.DeclaringType is { } outer ? TopLevel(outer) : type;

    private static string Name(Type type) => TopLevel(type).Name;

    private static IEnumerable<MethodDefinition> Il() => Methods.Value;

    private static readonly Lazy<List<MethodDefinition>> Methods = new(() =>
    {
        var module = ModuleDefinition.ReadModule(Portal.Location);
        return AllTypes(module.Types).SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();

        static IEnumerable<TypeDefinition> AllTypes(IEnumerable<TypeDefinition> types) =>
            types.SelectMany(t => AllTypes(t.NestedTypes).Prepend(t));
    });

    // An async method's body is its state machine's MoveNext, in a type named <MethodAsync>d__N.
    private static string MethodName(MethodDefinition method) =>
        method.DeclaringType.Name is ['<', .. var rest] && rest.IndexOf('>') is > 0 and var end ? rest[..end] : method.Name;

    private static Type Reflected(TypeDefinition type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return Portal.GetType(type.FullName, throwOnError: true)!;
    }

    // Field initialisers only need the connection factory; other dependencies may be null here.
    private static object Construct(Type type, DbConnectionFactory factory)
    {
        var constructor = type.GetConstructors().Single();
        var args = constructor.GetParameters()
            .Select(p => p.ParameterType == typeof(DbConnectionFactory) ? factory : p.ParameterType == typeof(SqlDialect) ? (object)factory.Dialect : null).ToArray();
        return constructor.Invoke(args);
    }
}
