using Portal.Features.Assistance;
using Portal.Features.Households;
using Portal.Features.Regions;

namespace Portal.Features.Demo;

// Builds the demo district. Deterministic: the same seed gives the same households, in the same order.
public sealed class DemoSeeder(RegionStore regions, HouseholdStore households, CadreStore cadres, AssistanceStore assistance,
    DemoStaff staff, DemoAnnouncements announcements, DemoReports reports)
{
    // Below this many households some villages may have no one to announce, so no announcements are seeded.
    public const int HouseholdsForAnnouncements = 1000;

    public async Task<bool> SeedIfEmptyAsync(DemoOptions options, string staffPassword, CancellationToken ct = default)
    {
        if ((await regions.AllAsync(ct)).Count > 0) return false;
        await SeedAsync(options.Households, options.RandomSeed, staffPassword, null, ct);
        return true;
    }

    // Regions, cadres, households, measures and projects; with a password also the demo staff and announcements.
    public async Task SeedAsync(int householdCount, int seed, string? staffPassword, IProgress<int>? progress, CancellationToken ct = default)
    {
        await regions.UpsertAsync(DemoDistrict.Regions(), ct);
        var random = new Random(seed);
        var cadresByVillage = new Dictionary<string, List<long>>();
        foreach (var cadre in Cadres(random))
        {
            var id = await cadres.AddAsync(cadre, ct);
            if (!cadresByVillage.TryGetValue(cadre.VillageCode!, out var list)) cadresByVillage[cadre.VillageCode!] = list = [];
            list.Add(id);
        }
        await households.AddManyAsync(Households(householdCount, seed), progress, ct);
        await assistance.AddMeasuresAsync(Measures(await households.KeysAsync(ct), cadresByVillage, new Random(seed + 2)), ct);
        await assistance.AddProjectsAsync(Projects(new Random(seed + 3)), ct);
        if (staffPassword is null) return;
        var actors = await staff.SeedAsync(staffPassword, ct);
        if (householdCount >= HouseholdsForAnnouncements) await announcements.SeedAsync(actors, ct);
        await reports.SeedAsync(actors, ct);
    }

    private static IEnumerable<Measure> Measures(IEnumerable<(long Id, string VillageCode, HouseholdStatus Status)> keys,
        IReadOnlyDictionary<string, List<long>> cadresByVillage, Random random)
    {
        var kinds = Enum.GetValues<MeasureKind>();
        foreach (var (id, village, status) in keys)
        {
            if (status is HouseholdStatus.Applicant or HouseholdStatus.Removed) continue;
            var count = random.Next(1, 4);
            for (var i = 0; i < count; i++)
            {
                var start = new DateOnly(2016, 3, 1).AddDays(random.Next(0, 365 * 10));
                var done = status == HouseholdStatus.Exited || random.Next(3) == 0;
                var villageCadres = cadresByVillage[village];
                yield return new Measure(id, kinds[random.Next(kinds.Length)], villageCadres[random.Next(villageCadres.Count)],
                    random.Next(5, 300) * 100, start, done ? start.AddDays(random.Next(60, 400)) : null,
                    done ? MeasureStatus.Completed : MeasureStatus.InProgress, done ? "已完成，达到预期" : null);
            }
        }
    }

    private static IEnumerable<Project> Projects(Random random)
    {
        string[] names = ["产业路硬化", "核桃产业园提升", "集中供水工程", "村级光伏电站", "茶叶基地建设", "易地搬迁安置点配套", "农产品冷链仓储", "蔬菜大棚"];
        string[] implementers = ["恩阳区交通运输局", "恩阳区农业农村局", "恩阳区水利局", "村股份经济合作社", "恩阳区乡村振兴局"];
        foreach (var village in DemoDistrict.Townships.SelectMany(t => t.Villages))
        {
            for (var i = 0; i < 3; i++)
            {
                yield return new Project(village.Code, village.Name + names[random.Next(names.Length)], random.Next(20, 300) * 1000m,
                    implementers[random.Next(implementers.Length)], random.Next(20, 260), random.Next(2022, 2027));
            }
        }
    }

    public static IEnumerable<NewHousehold> Households(int count, int seed)
    {
        var random = new Random(seed + 1);
        var groups = DemoDistrict.Townships
            .SelectMany(t => t.Villages)
            .SelectMany(v => Enumerable.Range(1, v.Groups).Select(g => DemoDistrict.GroupCode(v.Code, g)))
            .ToArray();
        var usedIdNumbers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            yield return Household(random, groups[random.Next(groups.Length)], usedIdNumbers);
        }
    }

    private static NewHousehold Household(Random random, string groupCode, HashSet<string> usedIdNumbers)
    {
        var status = Pick(random, (HouseholdStatus.Identified, 42), (HouseholdStatus.Exited, 40), (HouseholdStatus.Applicant, 8),
            (HouseholdStatus.Returned, 4), (HouseholdStatus.Removed, 6));
        int? identifiedYear = status == HouseholdStatus.Applicant ? null : random.Next(2014, 2026);
        int? exitYear = status is HouseholdStatus.Exited or HouseholdStatus.Returned
            ? Math.Min(2026, identifiedYear!.Value + random.Next(1, 5))
            : null;
        var income = status is HouseholdStatus.Exited ? random.Next(5200, 14000) : random.Next(2400, 6800);
        var attribute = Pick(random, (HouseholdAttribute.General, 70), (HouseholdAttribute.MinimumLivingAllowance, 22),
            (HouseholdAttribute.ExtremePovertySupport, 8));
        var cause = Pick(random, (PovertyCause.Illness, 28), (PovertyCause.Disability, 14), (PovertyCause.Education, 10),
            (PovertyCause.Disaster, 3), (PovertyCause.LackOfLand, 4), (PovertyCause.LackOfWater, 3), (PovertyCause.LackOfSkills, 12),
            (PovertyCause.LackOfLabour, 12), (PovertyCause.LackOfCapital, 8), (PovertyCause.PoorTransport, 3), (PovertyCause.LackOfDrive, 3));
        var size = attribute == HouseholdAttribute.ExtremePovertySupport ? random.Next(1, 3) : random.Next(1, 7);
        bool? assurancesMet = status switch
        {
            HouseholdStatus.Exited => true,
            HouseholdStatus.Identified or HouseholdStatus.Returned => random.Next(4) > 0,
            _ => null,
        };
        return new NewHousehold(groupCode, Name(random), size, attribute, cause, status, identifiedYear, exitYear,
            income, IdNumber(random, usedIdNumbers), Phone(random), assurancesMet);
    }

    public static string Name(Random random)
    {
        var surname = DemoDistrict.Surnames[random.Next(DemoDistrict.Surnames.Length)];
        var given = DemoDistrict.GivenNameCharacters;
        return random.Next(10) < 7
            ? surname + given[random.Next(given.Length)] + given[random.Next(given.Length)]
            : surname + given[random.Next(given.Length)];
    }

    private static string IdNumber(Random random, HashSet<string> used)
    {
        while (true)
        {
            var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(0, 365 * 58));
            var first17 = $"511903{birth:yyyyMMdd}{random.Next(0, 1000):000}";
            var id = first17 + ResidentIdNumber.CheckCharacter(first17);
            if (used.Add(id)) return id;
        }
    }

    private static string Phone(Random random) =>
        "1" + "3578"[random.Next(4)] + random.Next(0, 1_000_000_000).ToString("000000000");

    private static IEnumerable<Cadre> Cadres(Random random)
    {
        foreach (var village in DemoDistrict.Townships.SelectMany(t => t.Villages))
        {
            var office = $"0827-{random.Next(3300000, 3399999)}";
            var organisation = DemoDistrict.CadreOrganisations[random.Next(DemoDistrict.CadreOrganisations.Length)];
            yield return new Cadre { Name = Name(random), Role = CadreRole.FirstSecretary, Organisation = organisation, VillageCode = village.Code, OfficePhone = office };
            for (var i = 0; i < 2; i++)
            {
                yield return new Cadre { Name = Name(random), Role = CadreRole.WorkTeamMember, Organisation = organisation, VillageCode = village.Code, OfficePhone = office };
            }
        }
    }

    private static T Pick<T>(Random random, params (T Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }
}
