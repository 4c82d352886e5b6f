using System.ComponentModel.DataAnnotations;

namespace Portal.Features.Accounts;

// Security:TwoFactorRoles — the roles whose accounts must sign in with a second factor (a TOTP app, or one of ten
// recovery codes). A comma-separated list of role names, or None; inspectors and administrators by default, as they
// read complainants' identities and change accounts. A user who has enrolled is asked for a code whatever the list says.
public sealed class TwoFactorOptions : IValidatableObject
{
    public const string Section = "Security";

    public const string None = nameof(None);

    public string TwoFactorRoles { get; set; } = $"{nameof(StaffRole.DisciplineInspector)},{nameof(StaffRole.Administrator)}";

    public bool Requires(StaffRole role) => Roles().Contains(role.ToString(), StringComparer.OrdinalIgnoreCase);

    private IEnumerable<string> Roles() =>
        (TwoFactorRoles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(r => !r.Equals(None, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<ValidationResult> Validate(ValidationContext context) =>
        Roles().Where(r => !Enum.TryParse<StaffRole>(r, ignoreCase: true, out _) || int.TryParse(r, out _))
            .Select(r => new ValidationResult($"{Section}:{nameof(TwoFactorRoles)} must list {string.Join(", ", Enum.GetNames<StaffRole>())} or {None}, not '{r}'."));
}
