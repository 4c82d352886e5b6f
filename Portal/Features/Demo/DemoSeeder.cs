using Portal.Features.Assistance;
using Portal.Features.Households;
using Portal.Features.Regions;

namespace Portal.Features.Demo;

// Builds the demo district. Deterministic: the same seed gives the same households, in the same order.
public sealed class DemoSeeder(RegionStore regions, HouseholdStore households, CadreStore cadres)
{
    public async Task<bool> SeedIfEmptyAsync(DemoOptions options, CancellationToken ct = default)
    {
        if ((await regions.AllAsync(ct)).Count > 0) return false;
        await SeedAsync(options.Households, options.RandomSeed, null, ct);
        return true;
    }

    public async Task SeedAsync(int householdCount, int seed, IProgress<int>? progress, CancellationToken ct = default)
    {
        await regions.UpsertAsync(DemoDistrict.Regions(), ct);
        var random = new Random(seed);
        foreach (var cadre in Cadres(random))
        {
            await cadres.AddAsync(cadre, ct);
        }
        await households.AddManyAsync(Households(householdCount, seed), progress, ct);
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
        var income = status is HouseholdStatus.Exited ? random.Next(5200, 14000) : random.Next(2400, 4800);
        var attribute = Pick(random, (HouseholdAttribute.General, 70), (HouseholdAttribute.MinimumLivingAllowance, 22),
            (HouseholdAttribute.ExtremePovertySupport, 8));
        var cause = Pick(random, (PovertyCause.Illness, 28), (PovertyCause.Disability, 14), (PovertyCause.Education, 10),
            (PovertyCause.Disaster, 3), (PovertyCause.LackOfLand, 4), (PovertyCause.LackOfWater, 3), (PovertyCause.LackOfSkills, 12),
            (PovertyCause.LackOfLabour, 12), (PovertyCause.LackOfCapital, 8), (PovertyCause.PoorTransport, 3), (PovertyCause.LackOfDrive, 3));
        var size = attribute == HouseholdAttribute.ExtremePovertySupport ? random.Next(1, 3) : random.Next(1, 7);
        return new NewHousehold(groupCode, Name(random), size, attribute, cause, status, identifiedYear, exitYear,
            income, IdNumber(random, usedIdNumbers), Phone(random));
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
