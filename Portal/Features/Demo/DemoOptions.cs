using System.ComponentModel.DataAnnotations;
namespace Portal.Features.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    // Seed the demo district on start-up when the database has no regions yet (Development only).
    public bool Seed { get; set; }

    [Range(1, 10_000_000)]
    public int Households { get; set; } = 2000;

    public int RandomSeed { get; set; } = 511903;

    // The demo staff accounts' password; when unset a random one is made and printed once, at seeding.
    public string? StaffPassword { get; set; }
}
