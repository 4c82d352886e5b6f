using System.ComponentModel.DataAnnotations;
namespace Portal.Infrastructure.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    // Data Protection keys and the keyed-hash key live here; share this folder between instances when scaling out.
    [Required]
    public string KeysPath { get; set; } = "App_Data/keys";

    // A PKCS#12 (.pfx) certificate whose key encrypts the Data Protection key ring at rest; without it the key files
    // are protected by their file mode alone.
    public string? KeyCertificatePath { get; set; }

    public string? KeyCertificatePassword { get; set; }

    // A staff session with no request and no action in an open staff window for this long is ended on the server.
    [Range(1, 24 * 60)]
    public int IdleMinutes { get; set; } = 30;
}
