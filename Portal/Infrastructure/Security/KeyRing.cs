using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Infrastructure.Security;

// The Data Protection key ring (Security:KeysPath, encrypted at rest by Security:KeyCertificatePath) and the personal
// data protector over it.
public static class KeyRing
{
    public static IHostApplicationBuilder AddKeyRing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SecurityOptions>(SecurityOptions.Section);
        // Data Protection takes its folder and certificate as it is configured, before the container exists.
        var security = ValidatedOptions.Read<SecurityOptions>(builder.Configuration, SecurityOptions.Section);
        var contentRoot = builder.Environment.ContentRootPath;
        var keysPath = Path.GetFullPath(security.KeysPath, contentRoot);
        // The file-system repository writes new key files 0600 itself; the folder and files an older version left are narrowed.
        PrivateFiles.Folder(keysPath);
        foreach (var file in Directory.EnumerateFiles(keysPath)) PrivateFiles.Narrow(file);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("EnyangSunshinePortal").PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        builder.Services.AddSingleton(sp => new PersonalDataProtector(sp.GetRequiredService<IDataProtectionProvider>(), keysPath));
        if (string.IsNullOrWhiteSpace(security.KeyCertificatePath)) return builder;
        var path = Path.GetFullPath(security.KeyCertificatePath, contentRoot);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, security.KeyCertificatePassword);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new PortalStartupException($"Security:KeyCertificatePath names a certificate that could not be loaded ({path}): {PortalStartupException.FirstLine(e.Message)}", e);
        }
        if (!certificate.HasPrivateKey) throw new PortalStartupException($"Security:KeyCertificatePath ({path}) names a certificate without its private key.");
        dataProtection.ProtectKeysWithCertificate(certificate);
        return builder;
    }

    public static void WarnWhenUnencrypted(this WebApplication app)
    {
        if (app.Environment.IsProduction() && string.IsNullOrWhiteSpace(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityOptions>>().Value.KeyCertificatePath))
        {
            app.Logger.LogWarning("The Data Protection key ring is protected by its file mode alone: set Security:KeyCertificatePath to a certificate that encrypts it at rest");
        }
    }
}
