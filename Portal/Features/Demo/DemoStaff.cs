using System.Security.Cryptography;
using Portal.Features.Accounts;

namespace Portal.Features.Demo;

// Development's demo accounts (SPEC §3): admin, inspector, district.reviewer, one <township>.reviewer per
// township and guihua.clerk, all with the same password; and inspector2, the second discipline inspector a reveal of a
// complainant's identity needs (one asks, the other decides).
public sealed class DemoStaff(StaffUserStore users)
{
    public static string NewPassword() =>
        "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static IEnumerable<StaffUser> Accounts()
    {
        var district = DemoDistrict.DistrictCode;
        yield return new StaffUser { UserName = "admin", DisplayName = "系统管理员", Role = StaffRole.Administrator, RegionCode = district };
        yield return new StaffUser { UserName = "inspector", DisplayName = "区纪委监委 周明", Role = StaffRole.DisciplineInspector, RegionCode = district };
        yield return new StaffUser { UserName = "inspector2", DisplayName = "区纪委监委 李娟", Role = StaffRole.DisciplineInspector, RegionCode = district };
        yield return new StaffUser { UserName = "review.officer", DisplayName = "区信访复核 陈立", Role = StaffRole.ReviewOfficer, RegionCode = district };
        yield return new StaffUser { UserName = "district.reviewer", DisplayName = "区乡村振兴局 何文华", Role = StaffRole.DistrictReviewer, RegionCode = district };
        foreach (var township in DemoDistrict.Townships)
        {
            yield return new StaffUser
            {
                UserName = $"{township.Pinyin}.reviewer",
                DisplayName = $"{township.Name}审核员",
                Role = StaffRole.TownshipReviewer,
                RegionCode = township.Code,
                // Each reviewer lives in the last village of their township, so recusal has something to do.
                HomeVillageCode = township.Villages[^1].Code,
            };
        }
        var guihua = DemoDistrict.Townships[0].Villages[0];
        yield return new StaffUser
        {
            UserName = "guihua.clerk", DisplayName = "桂花村文书", Role = StaffRole.VillageClerk, RegionCode = guihua.Code, HomeVillageCode = guihua.Code,
        };
    }

    public async Task<IReadOnlyDictionary<string, StaffActor>> SeedAsync(string password, CancellationToken ct = default)
    {
        var hash = StaffSignIn.Hash(password);
        var actors = new Dictionary<string, StaffActor>();
        foreach (var account in Accounts())
        {
            var user = account with { PasswordHash = hash };
            var id = await users.AddAsync(user, ct);
            actors[user.UserName] = (user with { Id = id }).Actor;
        }
        return actors;
    }
}
