using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Portal.Infrastructure.Data;

namespace Portal.Infrastructure.Security;

// The Data Protection key ring and the personal data protector over it. On SQLite the ring and the keyed-hash key are
// files in Security:KeysPath; on a server database (PostgreSql, SqlServer) they live in the database, so that every
// instance shares them (DatabaseKeyRing). Either way the ring is encrypted at rest by Security:KeyEncryptionKey or by
// the certificate of Security:KeyCertificatePath; Production on a server database refuses to start without one.
public static class KeyRing
{
    public const string ApplicationName = "EnyangSunshinePortal";

    public static IHostApplicationBuilder AddKeyRing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SecurityOptions>(SecurityOptions.Section);
        // Data Protection takes its store and keys as they are configured, before the container exists.
        var security = ValidatedOptions.Read<SecurityOptions>(builder.Configuration, SecurityOptions.Section);
        var contentRoot = builder.Environment.ContentRootPath;
        var inDatabase = DataModule.ProviderOf(builder.Configuration) != DatabaseProvider.Sqlite;
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (inDatabase)
        {
            builder.Services.AddOptions<KeyManagementOptions>().Configure<DbConnectionFactory>((o, db) => o.XmlRepository = new DatabaseXmlRepository(db));
            builder.Services.AddSingleton<IHashKeySource>(sp => new DatabaseHashKey(sp.GetRequiredService<DbConnectionFactory>(), sp.GetRequiredService<IDataProtectionProvider>()));
        }
        else
        {
            var keysPath = Path.GetFullPath(security.KeysPath, contentRoot);
            // The file-system repository writes new key files 0600 itself; the folder and files an older version left are narrowed.
            PrivateFiles.Folder(keysPath);
            foreach (var file in Directory.EnumerateFiles(keysPath)) PrivateFiles.Narrow(file);
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
            builder.Services.AddSingleton<IHashKeySource>(new FileHashKey(keysPath));
        }
        builder.Services.AddSingleton<PersonalDataProtector>();

        if (KeyEncryptionKey.Parse(security.KeyEncryptionKey) is { } kek)
        {
            builder.Services.AddSingleton(kek);
            builder.Services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new SecretXmlEncryptor(kek));
        }
        else if (!string.IsNullOrWhiteSpace(security.KeyCertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(security, contentRoot));
        }
        else if (inDatabase && builder.Environment.IsProduction())
        {
            throw new PortalStartupException("Start-up stopped: with Database:Provider " + DataModule.ProviderOf(builder.Configuration) +
                " the key ring lives in the database, and Production needs the key that encrypts it outside the database: set Security:KeyEncryptionKey " +
                "(32 random bytes, base64, from a secret store or the environment) or Security:KeyCertificatePath.");
        }
        return builder;
    }

    private static X509Certificate2 LoadCertificate(SecurityOptions security, string contentRoot)
    {
        var path = Path.GetFullPath(security.KeyCertificatePath!, contentRoot);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, security.KeyCertificatePassword);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new PortalStartupException($"Security:KeyCertificatePath names a certificate that could not be loaded ({path}): {PortalStartupException.FirstLine(e.Message)}", e);
        }
        return certificate.HasPrivateKey ? certificate : throw new PortalStartupException($"Security:KeyCertificatePath ({path}) names a certificate without its private key.");
    }

    public static void WarnWhenUnencrypted(this WebApplication app)
    {
        var security = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value;
        if (app.Environment.IsProduction() && string.IsNullOrWhiteSpace(security.KeyCertificatePath) && string.IsNullOrWhiteSpace(security.KeyEncryptionKey))
        {
            app.Logger.LogWarning("The Data Protection key ring is protected by its file mode alone: set Security:KeyEncryptionKey or Security:KeyCertificatePath to encrypt it at rest");
        }
    }
}
