using System.ComponentModel.DataAnnotations;
namespace Portal.Infrastructure.Security;

public sealed class SecurityOptions : IValidatableObject
{
    public const string Section = "Security";

    // Data Protection keys and the keyed-hash key live here; share this folder between instances when scaling out.
    [Required]
    public string KeysPath { get; set; } = "App_Data/keys";

    // A PKCS#12 (.pfx) certificate whose key encrypts the Data Protection key ring at rest; without it the key files
    // are protected by their file mode alone.
    public string? KeyCertificatePath { get; set; }

    public string? KeyCertificatePassword { get; set; }

    // 32 random bytes, base64: encrypts the key ring at rest (AES-256-GCM) wherever it is kept. Give it from a secret
    // store or the environment (Security__KeyEncryptionKey), never in a file beside the database.
    public string? KeyEncryptionKey { get; set; }

    // A staff session with no request and no action in an open staff window for this long is ended on the server.
    [Range(1, 24 * 60)]
    public int IdleMinutes { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(KeyEncryptionKey) && Security.KeyEncryptionKey.Parse(KeyEncryptionKey) is null)
        {
            yield return new ValidationResult($"Security:KeyEncryptionKey must be {Security.KeyEncryptionKey.Length} bytes in base64 (e.g. openssl rand -base64 32).",
                [nameof(KeyEncryptionKey)]);
        }
    }
}
