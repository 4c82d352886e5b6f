using Portal.Features.Assistance;
using Portal.Features.Households;
using Portal.Features.Regions;

namespace Portal.Features.Demo;

// Builds the demo district. Deterministic: the same seed gives the same households, in the same order.
public sealed class DemoSeeder(RegionStore regions, HouseholdStore households, CadreStore cadres, AssistanceStore assistance,
    DemoStaff staff, DemoAnnouncements announcements, DemoReports reports, DemoReplyTemplates replyTemplates)
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
        await replyTemplates.SeedAsync(actors, ct);
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

    // What a village's funds-and-projects disclosure names (2018 guidance): the same few kinds of project Enyang's villages
    // ran, each with its place, task, subsidy standard, source of funds, period, implementer, targets and benefit mechanism.
    private sealed record DemoProject(string Name, string Task, string SubsidyStandard, string FundSource, string Implementer,
        string Targets, string Benefit, int Months, decimal Cost);

    private static readonly DemoProject[] ProjectKinds =
    [
        new("村道硬化", "硬化村组道路3.2公里，路面宽4.5米，C25混凝土厚20厘米，配套错车道6处", "每公里补助60万元",
            "中央财政衔接推进乡村振兴补助资金", "恩阳区交通运输局", "道路通车率100%，受益群众出行时间缩短一半，工程验收合格率100%",
            "优先聘用脱贫户参与施工务工，带动脱贫户增收；方便农产品运输销售", 8, 1_920_000),
        new("核桃产业园提升", "改造提升核桃园300亩，嫁接良种、修建生产便道1.5公里、蓄水池2口", "每亩补助800元",
            "区级财政专项资金", "村股份经济合作社", "新增核桃挂果面积300亩，三年后亩产鲜果300公斤，带动脱贫户户均增收1500元",
            "脱贫户土地入股、园区务工、保底分红，收益的60%用于脱贫户和监测户分红", 9, 360_000),
        new("集中供水工程", "新建集中供水站1处、蓄水池200立方米，铺设管网8.6公里，入户水表120套", "按批复概算全额补助，入户水表由项目承担",
            "中央财政衔接推进乡村振兴补助资金、省级财政衔接资金", "恩阳区水利局", "解决186户620人饮水安全问题，自来水普及率达到98%",
            "脱贫户和监测户全部接通自来水，水费减半收取；管护岗位优先安排脱贫劳动力", 7, 850_000),
        new("村级光伏电站", "建设村级光伏电站300千瓦，配套并网设施", "每千瓦补助4000元",
            "东西部协作资金", "恩阳区乡村振兴局", "年发电量33万千瓦时，村集体年增收20万元以上",
            "发电收益归村集体，80%以上用于设置公益岗位和奖励补助，优先吸纳脱贫户和监测户", 5, 1_200_000),
        new("茶叶基地建设", "新建标准化茶园150亩，配套喷灌设施和初制加工房1处", "每亩补助1200元",
            "区级财政专项资金、社会帮扶资金", "恩阳区农业农村局", "茶园三年投产，年产干茶4500公斤，产值90万元",
            "采用“公司+合作社+农户”模式，脱贫户采茶务工每人每年增收3000元，土地流转每亩每年400元", 10, 420_000),
        new("农产品冷链仓储", "新建冷链仓储库房500立方米及分拣包装车间200平方米", "按核定投资的70%补助",
            "中央财政衔接推进乡村振兴补助资金", "村股份经济合作社", "年周转农产品800吨，损耗率降低15个百分点",
            "优先收购脱贫户农产品，按固定资产收益的5%每年分红给脱贫户", 6, 980_000),
    ];

    private static readonly string[] Responsible = ["村党支部书记 何光明", "村委会主任 杨德兵", "驻村第一书记 苟晓东", "村文书 岳小芳", "乡村振兴专干 罗建平"];

    private static IEnumerable<Project> Projects(Random random)
    {
        foreach (var village in DemoDistrict.Townships.SelectMany(t => t.Villages))
        {
            for (var i = 0; i < 3; i++)
            {
                var kind = ProjectKinds[random.Next(ProjectKinds.Length)];
                var year = random.Next(2022, 2027);
                var startMonth = random.Next(2, 6);
                var endMonth = Math.Min(12, startMonth + kind.Months);
                var firstGroup = random.Next(1, village.Groups - 1);
                // The first project of the village whose funds announcement is open (DemoAnnouncements) carries a contact
                // mobile in its title, as a clerk may write it (PlantedNumbers): the public reads it masked.
                var title = village.Name + kind.Name + (village == PlantedNumbers.ProjectVillage && i == 0 ? $"（施工联络人电话 {PlantedNumbers.Mobile}）" : "");
                yield return new Project(village.Code, title, kind.Cost * random.Next(80, 121) / 100, kind.Implementer, random.Next(20, 260), year)
                {
                    Place = $"{village.Name}{firstGroup}组至{firstGroup + 2}组",
                    Task = kind.Task,
                    SubsidyStandard = kind.SubsidyStandard,
                    FundSource = kind.FundSource,
                    Schedule = $"{year}年{startMonth}月至{year}年{endMonth}月",
                    ResponsiblePerson = Responsible[random.Next(Responsible.Length)],
                    PerformanceTargets = kind.Targets,
                    BenefitMechanism = kind.Benefit,
                };
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
