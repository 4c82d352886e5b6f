using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Infrastructure.Security;

// Encrypts personal data at rest (ID numbers, phone numbers) and computes keyed hashes so that equal values can
// be found (duplicate IDs, receipts) without storing them: a plain SHA-256 of an 18-digit ID number could be reversed by
// enumerating birth dates. The hash key is made once: beside the Data Protection keys on SQLite (FileHashKey), in the
// database on a server database (DatabaseHashKey); it is read at the first hash, after the migrations.
public sealed class PersonalDataProtector(IDataProtectionProvider provider, IHashKeySource hashKeySource)
{
    private readonly IDataProtector protector = provider.CreateProtector("Portal.PersonalData.v1");
    private readonly Lazy<byte[]> hashKey = new(hashKeySource.Load);

    public string Protect(string plain) => protector.Protect(plain);

    public string Unprotect(string cipher) => protector.Unprotect(cipher);

    public string Hash(string purpose, string value)
    {
        var bytes = HMACSHA256.HashData(hashKey.Value, Encoding.UTF8.GetBytes(purpose + "\n" + value));
        return Convert.ToHexStringLower(bytes);
    }
}

public interface IHashKeySource
{
    byte[] Load();
}

public sealed class FileHashKey(string keysPath) : IHashKeySource
{
    private const string HashKeyFile = "keyed-hash.key";

    public byte[] Load()
    {
        PrivateFiles.Folder(keysPath);
        var path = Path.Combine(keysPath, HashKeyFile);
        PrivateFiles.Narrow(path);
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());

        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var stream = PrivateFiles.CreateNew(path);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance created it first; use theirs.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
