using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Portal.Infrastructure.Data;

// Data access for the portal and for every test that builds it: the clock, the connection factory and the migrator.
public static class DataModule
{
    public static IHostApplicationBuilder AddPortalData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        builder.Services.AddSingleton(CreateConnectionFactory(builder.Configuration, builder.Environment.ContentRootPath));
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton<JobLeases>();
        return builder;
    }

    // Migrates the database, or stops start-up naming the settings that point at one that cannot be opened.
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<DbConnectionFactory>();
        try
        {
            await services.GetRequiredService<Migrator>().MigrateAsync(ct);
        }
        catch (Exception e) when (e is DbException or ArgumentException or InvalidOperationException)
        {
            throw new PortalStartupException(
                $"Start-up stopped: the {db.Provider} database named by ConnectionStrings:Portal (Database:Provider = {db.Provider}) " +
                $"could not be opened: {PortalStartupException.FirstLine(e.Message)} Check the connection string and that the server is reachable, " +
                "or set Database:Provider to Sqlite.", e);
        }
    }

    // Read as text before the container exists, so that an unknown provider is refused naming the choices.
    public static DatabaseProvider ProviderOf(IConfiguration configuration)
    {
        var providerText = configuration[$"{DatabaseOptions.Section}:Provider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new PortalStartupException($"Database:Provider must be Sqlite, SqlServer or PostgreSql, not '{providerText}'.");
        }
        return provider;
    }

    private static DbConnectionFactory CreateConnectionFactory(IConfiguration configuration, string contentRoot)
    {
        var provider = ProviderOf(configuration);

        var connectionString = configuration.GetConnectionString("Portal");
        if (provider != DatabaseProvider.Sqlite)
        {
            return string.IsNullOrWhiteSpace(connectionString)
                ? throw new PortalStartupException($"Database:Provider is {provider} but ConnectionStrings:Portal is empty.")
                : new DbConnectionFactory(provider, connectionString);
        }

        var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? "Data Source=App_Data/portal.db" : connectionString);
        if (sqlite.DataSource != ":memory:") sqlite.DataSource = Path.GetFullPath(sqlite.DataSource, contentRoot);
        return new DbConnectionFactory(provider, sqlite.ToString());
    }
}
