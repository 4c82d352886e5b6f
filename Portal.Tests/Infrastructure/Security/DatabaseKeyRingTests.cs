using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Infrastructure;
using Portal.Infrastructure.Data;
using Portal.Infrastructure.Security;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure.Security;

// Issue 17, must have 4: on a server database the instances share the key ring and the keyed-hash key through the
// database, encrypted by a key-encryption key that is not in it.
public sealed class DatabaseKeyRingTests : IAsyncLifetime
{
    private PostgreSqlTestDatabase database = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => database = (PostgreSqlTestDatabase)await PostgreSqlTestDatabase.Create().MigrateAsync();

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task TwoInstances_ReadWhatTheOtherEncryptedAndHashAlike_AndTheDatabaseHoldsNoKeyInClear()
    {
        await using var other = database.OtherInstance();
        const string idNumber = "511902198506120026";

        var cipher = database.Protector.Protect(idNumber);

        Assert.Equal(idNumber, other.Protector.Unprotect(cipher));
        Assert.Equal(database.Protector.Hash("receipt", "ABCD-1234"), other.Protector.Hash("receipt", "ABCD-1234"));
        await using var c = await database.Db.OpenAsync(Ct);
        var ring = (await c.QueryAsync<string>("SELECT Xml FROM DataProtectionKey")).ToList();
        Assert.NotEmpty(ring);
        Assert.All(ring, xml =>
        {
            Assert.Contains("sealedByKeyEncryptionKey", xml);
            Assert.DoesNotContain("masterKey", xml);
        });
        Assert.Single(await c.QueryAsync<string>("SELECT Cipher FROM PortalKey"));
        Assert.True(!Directory.Exists(database.KeysPath) || Directory.GetFiles(database.KeysPath).Length == 0, "a key file was written beside the database");
    }

    [Fact]
    public async Task TwoInstancesStartingTogether_AgreeOnOneKeyedHashKey()
    {
        var instances = Enumerable.Range(0, 4).Select(_ => database.OtherInstance()).ToList();
        using var start = new Barrier(instances.Count);

        var hashes = await Task.WhenAll(instances.Select(i => Task.Run(() =>
        {
            start.SignalAndWait(Ct);
            return i.Protector.Hash("receipt", "ABCD-1234");
        }, Ct)));

        Assert.Single(hashes.Distinct());
        foreach (var i in instances) await i.DisposeAsync();
    }

    [Fact]
    public async Task Start_WithAnotherKeyEncryptionKey_IsRefusedRatherThanMakingANewRing()
    {
        _ = database.Protector.Protect("x"); // the ring now has a key
        await using var other = database.OtherInstance(new Dictionary<string, string?>
        {
            [$"{SecurityOptions.Section}:{nameof(SecurityOptions.KeyEncryptionKey)}"] = Convert.ToBase64String(new byte[32]),
        });

        var refused = Assert.Throws<PortalStartupException>(() => other.Services.CheckKeyRing());

        Assert.Contains("cannot be decrypted", refused.Message);
        await using var c = await database.Db.OpenAsync(Ct);
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM DataProtectionKey"));
    }

    [Fact]
    public void Production_OnAServerDatabaseWithoutAKeyEncryptionKey_DoesNotStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:Portal"] = database.ConnectionString(),
        });

        var refused = Assert.Throws<PortalStartupException>(() => builder.AddPortalData().AddKeyRing());

        Assert.Contains("Security:KeyEncryptionKey", refused.Message);
    }
}

// Attachments on a server database in Production go to a configured shared folder, never silently to local disk.
public sealed class SharedAttachmentFolderTests
{
    [Fact]
    public void Production_OnAServerDatabaseWithoutAnAttachmentsPath_DoesNotStart()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Provider"] = nameof(DatabaseProvider.PostgreSql),
            ["ConnectionStrings:Portal"] = "Host=unused;Database=unused",
            [$"{SecurityOptions.Section}:{nameof(SecurityOptions.KeyEncryptionKey)}"] = TestDatabase.TestKeyEncryptionKey,
        });

        var refused = Assert.Throws<PortalStartupException>(() => builder.AddPortalFeatures());

        Assert.Contains("Attachments:Path", refused.Message);
    }
}
