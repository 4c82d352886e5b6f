using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Infrastructure.Security;

// Encrypts personal data at rest (ID numbers, phone numbers) and computes keyed hashes so that equal values can
// be found (duplicate IDs, receipts) without storing them. The hash key is created once beside the Data
// Protection keys: a plain SHA-256 of an 18-digit ID number could be reversed by enumerating birth dates.
public sealed class PersonalDataProtector
{
    private const string HashKeyFile = "keyed-hash.key";
    private readonly IDataProtector protector;
    private readonly byte[] hashKey;

    public PersonalDataProtector(IDataProtectionProvider provider, string keysPath)
    {
        protector = provider.CreateProtector("Portal.PersonalData.v1");
        hashKey = LoadOrCreateHashKey(keysPath);
    }

    public string Protect(string plain) => protector.Protect(plain);

    public string Unprotect(string cipher) => protector.Unprotect(cipher);

    public string Hash(string purpose, string value)
    {
        var bytes = HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(purpose + "\n" + value));
        return Convert.ToHexStringLower(bytes);
    }

    private static byte[] LoadOrCreateHashKey(string keysPath)
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
