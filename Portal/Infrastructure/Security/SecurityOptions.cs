namespace Portal.Infrastructure.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    // Data Protection keys and the keyed-hash key live here; share this folder between instances when scaling out.
    public string KeysPath { get; set; } = "App_Data/keys";
}
