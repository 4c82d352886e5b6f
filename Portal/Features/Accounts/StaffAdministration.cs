using Portal.Infrastructure;
using Dapper;
using Portal.Features.Audit;
using Portal.Features.Regions;
using Portal.Infrastructure.Data;

namespace Portal.Features.Accounts;

public sealed record NewStaffAccount(string? UserName, string? DisplayName, StaffRole Role, string? RegionCode, string? HomeVillageCode, string? Password);

// The administrators' work on accounts: each has a role and a region. Every change is in the audit chain. (Declared
// conflicts of interest belong to the review: Review/ConflictDeclarations.)
public sealed class StaffAdministration(DbConnectionFactory db, StaffUserStore users, StaffSessions sessions, TwoFactorStore twoFactor, AuditLog audit)
{
    private const string SelectUsers = """
        SELECT Id, UserName, DisplayName, Role, RegionCode, HomeVillageCode, IsActive
          FROM StaffUser
         ORDER BY Role, UserName
        """;

    // The region must fit the role: a clerk's is a village, a township reviewer's a township, the rest the district.
    public static RegionLevel RegionLevelFor(StaffRole role) => role switch
    {
        StaffRole.VillageClerk => RegionLevel.Village,
        StaffRole.TownshipReviewer => RegionLevel.Township,
        _ => RegionLevel.District,
    };

    // The columns' sizes: user names are also the actor in every record a member of staff writes.
    public const int MaximumUserName = 64;

    public const int MaximumDisplayName = 100;

    public static IReadOnlyList<RuleResult> Validate(NewStaffAccount a)
    {
        var errors = new List<RuleResult>();
        if (string.IsNullOrWhiteSpace(a.UserName) || a.UserName.Trim().Length > MaximumUserName || a.UserName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(RuleResult.RefuseField("userName", "Staff.UserNameInvalid"));
        }
        if (string.IsNullOrWhiteSpace(a.DisplayName) || a.DisplayName.Trim().Length > MaximumDisplayName) errors.Add(RuleResult.RefuseField("displayName", "Staff.DisplayNameRequired"));
        if (a.RegionCode is not { Length: 12 } || RegionScope.LevelOf(a.RegionCode) != RegionLevelFor(a.Role)) errors.Add(RuleResult.RefuseField("regionCode", "Staff.RegionMustFitRole"));
        if (a.HomeVillageCode is { } home && (home.Length != 12 || RegionScope.LevelOf(home) != RegionLevel.Village)) errors.Add(RuleResult.RefuseField("homeVillageCode", "Staff.HomeVillageInvalid"));
        if (StaffSignIn.PasswordProblem(a.Password) is { } problem) errors.Add(RuleResult.RefuseField("password", problem));
        return errors;
    }

    public async Task<IReadOnlyList<StaffUser>> UsersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StaffUser>(new CommandDefinition(SelectUsers, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<RuleResult>> CreateAsync(NewStaffAccount a, StaffActor admin, CancellationToken ct = default)
    {
        if (admin.Role != StaffRole.Administrator) return [RuleResult.RefuseField("form", "Staff.AdministratorsOnly")];
        var errors = Validate(a);
        if (errors.Count > 0) return errors;
        if (await users.FindAsync(a.UserName!, ct) is not null) return [RuleResult.RefuseField("userName", "Staff.UserNameTaken")];
        var passwordHash = StaffSignIn.Hash(a.Password!);
        // The account and its audit event together, or neither.
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await users.AddAsync(c, tx, new StaffUser
        {
            UserName = a.UserName!.Trim(), DisplayName = a.DisplayName!.Trim(), Role = a.Role, RegionCode = a.RegionCode!,
            HomeVillageCode = a.HomeVillageCode, PasswordHash = passwordHash,
        }, ct);
        await audit.AppendAsync(c, tx, "StaffUserCreated", admin.UserName, $"staff:{id}", new { userName = a.UserName!.Trim(), role = a.Role.ToString(), region = a.RegionCode }, ct);
        await tx.CommitAsync(ct);
        return [];
    }

    public async Task<bool> SetActiveAsync(long id, bool active, StaffActor admin, CancellationToken ct = default)
    {
        if (admin.Role != StaffRole.Administrator || id == admin.UserId) return false;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await users.SetActiveAsync(c, tx, id, active, ct);
        // Every cookie and every open window of a deactivated account stops working at once.
        if (!active) await sessions.EndAllAsync(c, tx, id, ct);
        await audit.AppendAsync(c, tx, active ? "StaffUserActivated" : "StaffUserDeactivated", admin.UserName, $"staff:{id}", new { active }, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    // A user who lost their phone and their recovery codes: their second factor is deleted and their sessions end, and
    // their next sign-in sets it up again. Not for one's own account (another administrator does it), as deactivation.
    public async Task<bool> ResetTwoFactorAsync(long id, StaffActor admin, CancellationToken ct = default)
    {
        if (admin.Role != StaffRole.Administrator || id == admin.UserId) return false;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await twoFactor.ResetAsync(c, tx, id, ct)) return false;
        await sessions.EndAllAsync(c, tx, id, ct);
        await audit.AppendAsync(c, tx, "TwoFactorReset", admin.UserName, $"staff:{id}", new { }, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
