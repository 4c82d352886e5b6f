using Portal.Infrastructure.Data;

namespace Portal.Infrastructure;

// The portal's services for a command run from the shell (seed, verify-audit), in Production and without the web
// server: on a SQLite file named by --database (its keys beside it), or on the server database the configuration names
// (Database:Provider, ConnectionStrings:Portal and the key settings, for example as environment variables).
public static class CommandHost
{
    public const string DatabaseUsage = "Without --database, Database:Provider must name a server database (PostgreSql or SqlServer) and " +
        "ConnectionStrings:Portal hold its connection string.";

    // Null when there is no database to work on; Target names it for the messages.
    public static (WebApplication App, string Target)? Build(string? database)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        if (database is not null)
        {
            builder.Configuration[$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.Sqlite);
            builder.Configuration["ConnectionStrings:Portal"] = $"Data Source={Path.GetFullPath(database)}";
            builder.Configuration[$"{Security.SecurityOptions.Section}:KeysPath"] ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "keys");
        }
        else if (DataModule.ProviderOf(builder.Configuration) == DatabaseProvider.Sqlite)
        {
            return null;
        }
        var target = database is null
            ? $"the {DataModule.ProviderOf(builder.Configuration)} database"
            : $"{Path.GetFullPath(database)} (keys in {builder.Configuration[$"{Security.SecurityOptions.Section}:KeysPath"]})";
        builder.AddPortal();
        return (builder.Build(), target);
    }
}
