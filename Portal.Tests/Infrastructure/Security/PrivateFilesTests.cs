using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Security;

// The keyed-hash key, the Data Protection keys and the SQLite database with its WAL belong to the portal's account
// alone: readable by another local account, the key gave an ID number back from its stored hash in seconds.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests
{
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Folder0700 = File0600 | UnixFileMode.UserExecute;

    private static PortalAppFactory AppWithDataIn(string folder, Dictionary<string, string>? more = null)
    {
        var app = new PortalAppFactory { Households = 50 };
        app.Settings["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(folder, "data", "portal.db")}";
        app.Settings["Security:KeysPath"] = Path.Combine(folder, "keys");
        foreach (var (key, value) in more ?? []) app.Settings[key] = value;
        return app;
    }

    [Fact]
    public async Task Start_NewInstallation_KeysDatabaseAndWalAreOwnerOnly()
    {
        using var folder = new TempFolder("modes");
        await using var app = AppWithDataIn(folder.Path);
        var response = await app.CreateClient().GetAsync("/announcements", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var keys = Path.Combine(folder.Path, "keys");
        Assert.Equal(Folder0700, File.GetUnixFileMode(keys));
        var keyFiles = Directory.GetFiles(keys);
        Assert.Contains(keyFiles, f => f.EndsWith("keyed-hash.key", StringComparison.Ordinal));
        Assert.Contains(keyFiles, f => Path.GetFileName(f).StartsWith("key-", StringComparison.Ordinal) && f.EndsWith(".xml", StringComparison.Ordinal));
        Assert.All(keyFiles, f => Assert.Equal(File0600, File.GetUnixFileMode(f)));

        var data = Path.Combine(folder.Path, "data");
        Assert.Equal(Folder0700, File.GetUnixFileMode(data));
        var database = Path.Combine(data, "portal.db");
        Assert.True(File.Exists(database + "-wal"), "the database runs in WAL mode, so a -wal file exists while the portal runs");
        foreach (var file in Directory.GetFiles(data)) Assert.Equal(File0600, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Start_FilesLeftReadableByAnOlderVersion_AreNarrowed()
    {
        using var folder = new TempFolder("modes");
        var keys = Directory.CreateDirectory(Path.Combine(folder.Path, "keys")).FullName;
        File.SetUnixFileMode(keys, Folder0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var oldKey = Path.Combine(keys, "key-00000000-0000-0000-0000-000000000000.xml");
        await File.WriteAllTextAsync(oldKey, "<key/>", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(oldKey, File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var hashKey = Path.Combine(keys, "keyed-hash.key");
        await File.WriteAllTextAsync(hashKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), TestContext.Current.CancellationToken);
        File.SetUnixFileMode(hashKey, File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var app = AppWithDataIn(folder.Path);
        (await app.CreateClient().GetAsync("/", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        Assert.Equal(Folder0700, File.GetUnixFileMode(keys));
        Assert.Equal(File0600, File.GetUnixFileMode(hashKey));
        Assert.Equal(File0600, File.GetUnixFileMode(oldKey));
    }

    [Fact]
    public async Task KeyRing_WithACertificate_IsEncryptedAtRest_AndStillDecrypts()
    {
        using var folder = new TempFolder("keyring");
        var pfx = Path.Combine(folder.Path, "keyring.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=portal key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-pfx-password"), TestContext.Current.CancellationToken);
        }
        await using var app = AppWithDataIn(folder.Path, new()
        {
            ["Security:KeyCertificatePath"] = pfx,
            ["Security:KeyCertificatePassword"] = "test-pfx-password",
        });
        var protector = app.Services.GetRequiredService<PersonalDataProtector>();
        var cipher = protector.Protect("513922199001011234");
        Assert.Equal("513922199001011234", protector.Unprotect(cipher));

        var keyXml = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(folder.Path, "keys"), "key-*.xml").Single(), TestContext.Current.CancellationToken);
        Assert.Contains("encryptedSecret", keyXml);
        Assert.DoesNotContain("unencrypted form", keyXml);
    }

    [Fact]
    public async Task KeyRing_WithoutACertificate_IsPlainOnDisk_SoTheModeIsItsOnlyProtection()
    {
        using var folder = new TempFolder("keyring");
        await using var app = AppWithDataIn(folder.Path);
        app.Services.GetRequiredService<PersonalDataProtector>().Protect("x");
        var keyXml = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(folder.Path, "keys"), "key-*.xml").Single(), TestContext.Current.CancellationToken);
        Assert.DoesNotContain("encryptedSecret", keyXml);
    }

    [Fact]
    public async Task KeyRing_CertificateThatCannotBeLoaded_StopsStartUpNamingTheKey()
    {
        using var folder = new TempFolder("keyring");
        var pfx = Path.Combine(folder.Path, "broken.pfx");
        await File.WriteAllTextAsync(pfx, "not a certificate", TestContext.Current.CancellationToken);
        var result = await PortalProcess.RunToEndAsync(folder.Path, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Portal"] = $"Data Source={Path.Combine(folder.Path, "portal.db")}",
            ["Security__KeysPath"] = Path.Combine(folder.Path, "keys"),
            ["Security__KeyCertificatePath"] = pfx,
        }, [], TimeSpan.FromSeconds(60));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Security:KeyCertificatePath", result.Error);
        Assert.DoesNotContain("   at ", result.Error + result.Output);
    }
}
