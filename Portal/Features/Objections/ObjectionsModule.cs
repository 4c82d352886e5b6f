using Portal.Infrastructure;

namespace Portal.Features.Objections;

public static class ObjectionsModule
{
    public static IHostApplicationBuilder AddObjections(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // Several instances on a server database must keep attachments where all of them read: never on one
        // instance's disk by default.
        if (builder.Environment.IsProduction() && Infrastructure.Data.DataModule.ProviderOf(builder.Configuration) != Infrastructure.Data.DatabaseProvider.Sqlite
            && string.IsNullOrWhiteSpace(builder.Configuration[$"{AttachmentOptions.Section}:Path"]))
        {
            throw new PortalStartupException("Start-up stopped: on a server database (Database:Provider) Production needs Attachments:Path set to a folder " +
                "every instance shares (NFS, SMB); the default App_Data/attachments would be one instance's own disk.");
        }
        services.AddValidatedOptions<LimitsOptions>(LimitsOptions.Section);
        services.AddValidatedOptions<AttachmentOptions>(AttachmentOptions.Section);
        services.AddSingleton<ObjectionRules>();
        services.AddSingleton<ObjectionStore>();
        services.AddSingleton<AddressCounter>();
        services.AddSingleton<FailedLookupLimiter>();
        services.AddSingleton<SubmissionLimiter>();
        services.AddSingleton<AttachmentStorage>();
        services.AddSingleton<ObjectionIntake>();
        services.AddObjectionLimits();
        return builder;
    }

    public static IEndpointRouteBuilder MapObjections(this IEndpointRouteBuilder endpoints) => endpoints.MapObjectionEndpoints();
}
