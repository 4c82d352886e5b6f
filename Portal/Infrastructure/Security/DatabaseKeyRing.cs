using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Portal.Infrastructure.Data;

namespace Portal.Infrastructure.Security;

// On a server database the instances share the Data Protection key ring and the keyed-hash key through it (the only
// owner of DataProtectionKey and PortalKey). Both are stored encrypted by a key-encryption key that is not in the
// database (Security:KeyEncryptionKey, or the certificate of Security:KeyCertificatePath), so that a copy of the
// database alone reveals no ID number and no complainant.
public sealed class DatabaseXmlRepository(DbConnectionFactory db) : IXmlRepository
{
    private const string SelectAll = "SELECT Xml FROM DataProtectionKey ORDER BY Id";

    private const string Insert = "INSERT INTO DataProtectionKey (FriendlyName, Xml) VALUES (@friendlyName, @xml)";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = db.Open();
        return c.Query<string>(SelectAll).Select(x => XElement.Parse(x)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var c = db.Open();
        c.Execute(Insert, new { friendlyName = friendlyName.Length > 200 ? friendlyName[..200] : friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}

// Security:KeyEncryptionKey: 32 random bytes, base64, from a secret store or the environment.
public sealed record KeyEncryptionKey(byte[] Bytes)
{
    public const int Length = 32;

    public static KeyEncryptionKey? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var bytes = new byte[Length];
        return Convert.TryFromBase64String(text.Trim(), bytes, out var written) && written == Length ? new KeyEncryptionKey(bytes) : null;
    }
}

// Each key of the ring sealed with AES-256-GCM under the key-encryption key: nonce, tag and ciphertext in one value.
public sealed class SecretXmlEncryptor(KeyEncryptionKey kek) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(kek.Bytes, tag.Length)) aes.Encrypt(nonce, plain, cipher, tag);
        var sealedKey = new XElement("sealedByKeyEncryptionKey",
            new XComment(" AES-256-GCM under Security:KeyEncryptionKey: nonce, tag, ciphertext "),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(sealedKey, typeof(SecretXmlDecryptor));
    }
}

public sealed class SecretXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var kek = services.GetRequiredService<KeyEncryptionKey>();
        var sealedKey = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var (nonceLength, tagLength) = (AesGcm.NonceByteSizes.MaxSize, AesGcm.TagByteSizes.MaxSize);
        var plain = new byte[sealedKey.Length - nonceLength - tagLength];
        using (var aes = new AesGcm(kek.Bytes, tagLength))
        {
            aes.Decrypt(sealedKey.AsSpan(0, nonceLength), sealedKey.AsSpan(nonceLength + tagLength), sealedKey.AsSpan(nonceLength, tagLength), plain);
        }
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

// The keyed-hash key in the database, protected by the key ring. Made once: of two instances starting together, the
// second's insert is refused and it reads the first's.
public sealed class DatabaseHashKey(DbConnectionFactory db, IDataProtectionProvider provider) : IHashKeySource
{
    private const string Name = "keyed-hash";

    private const string Select = "SELECT Cipher FROM PortalKey WHERE Name = @name";

    private const string Insert = "INSERT INTO PortalKey (Name, Cipher) VALUES (@name, @cipher)";

    public byte[] Load()
    {
        var protector = provider.CreateProtector("Portal.KeyedHashKey.v1");
        using var c = db.Open();
        if (c.QuerySingleOrDefault<string>(Select, new { name = Name }) is { } stored) return protector.Unprotect(Convert.FromBase64String(stored));
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            c.Execute(Insert, new { name = Name, cipher = Convert.ToBase64String(protector.Protect(key)) });
            return key;
        }
        catch (System.Data.Common.DbException e) when (e.IsUniqueViolation())
        {
            return protector.Unprotect(Convert.FromBase64String(c.QuerySingle<string>(Select, new { name = Name })));
        }
    }
}

// Start-up refuses a ring it cannot read: a wrong or missing key-encryption key must never lead to a new ring beside
// the old one, under which every stored ID number and identity would be lost.
public static class KeyRingCheck
{
    public static void CheckKeyRing(this IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>().GetAllKeys();
        foreach (var key in keys)
        {
            try
            {
                _ = key.Descriptor;
                return;
            }
            catch (Exception e) when (e is CryptographicException or InvalidOperationException or FormatException or System.Xml.XmlException)
            {
                // This key cannot be read with the configured key-encryption key.
            }
        }
        if (keys.Count > 0)
        {
            throw new PortalStartupException("Start-up stopped: the Data Protection key ring in the database cannot be decrypted with the configured " +
                "key-encryption key (Security:KeyEncryptionKey or Security:KeyCertificatePath). Give the key it was made with; a new ring would make every stored ID number and identity unreadable.");
        }
    }
}
