using System.ComponentModel.DataAnnotations;
using Portal.Features.Accounts;
using Portal.Features.Calendar;

namespace Portal.Features.Announcements;

// How long a stage's publicity lasts at least, in calendar or working days (Features/Calendar counts them).
public sealed record MinimumPeriod(int Count, PeriodUnit Unit);

// One step of a procedure. Level is the stored AnnouncementStage; Name is the resource key of the step's title.
// A stage without publicity is a check: its publisher records it by finalizing it at once, nothing is posted.
public sealed record ProcedureStage(AnnouncementStage Level, string Name, bool Publicity, StaffRole PublishedBy, MinimumPeriod? MinimumPeriod);

// What an announcement kind goes through (its stages in order), what it publishes online and on the paper notice, how
// many days after its period a finalized list keeps its heads of household's names online (OnlineRetentionDays; then
// OnlinePrivacy masks them), and whether a cause revealing health or disability is published online (never by default).
public sealed record Procedure(AnnouncementKind Kind, IReadOnlyList<ProcedureStage> Stages, IReadOnlyList<EntryField> OnlineFields,
    IReadOnlyList<EntryField> NoticeFields, int OnlineRetentionDays = Procedure.DefaultOnlineRetentionDays, bool PublishHealthCausesOnline = false)
{
    public const int DefaultOnlineRetentionDays = 30;

    public ProcedureStage First => Stages[0];

    // Every field an entry keeps: what is published online or on the paper notice.
    public IReadOnlyList<EntryField> PublishedFields => [.. OnlineFields.Union(NoticeFields)];

    public ProcedureStage? Stage(AnnouncementStage level) => Stages.FirstOrDefault(s => s.Level == level);

    public ProcedureStage? After(AnnouncementStage level) => Stages.SkipWhile(s => s.Level != level).Skip(1).FirstOrDefault();
}

// Every kind's procedure: the shipped defaults, each replaced whole by a configured one (section Procedures:<Kind>).
public sealed class ProcedureCatalog
{
    private readonly Dictionary<AnnouncementKind, Procedure> procedures;

    public ProcedureCatalog(IEnumerable<Procedure> procedures) => this.procedures = procedures.ToDictionary(p => p.Kind);


    public IReadOnlyList<Procedure> All => [.. Enum.GetValues<AnnouncementKind>().Select(For)];

    public Procedure For(AnnouncementKind kind) => procedures[kind];

    public ProcedureStage StageOf(Announcement a) => For(a.Kind).Stage(a.Stage) ?? For(a.Kind).First;

    // Whether the announcement is posted publicly at its stage (a check without publicity never is).
    public bool HasPublicity(Announcement a) => StageOf(a).Publicity;

    private static readonly StaffRole Township = StaffRole.TownshipReviewer;
    private static readonly StaffRole District = StaffRole.DistrictReviewer;

    private static ProcedureStage Posted(AnnouncementStage level, string name, StaffRole by, int days) =>
        new(level, name, true, by, new MinimumPeriod(days, PeriodUnit.CalendarDays));

    private static ProcedureStage Check(AnnouncementStage level, string name, StaffRole by) => new(level, name, false, by, null);

    // The classic "two publicities, one notice" (SPEC §2): the township's reviewers publish the village and township
    // stages, the district's reviewers the district notice, 7 calendar days each.
    private static IReadOnlyList<ProcedureStage> Classic =>
    [
        Posted(AnnouncementStage.VillagePublicity, "AnnouncementStage.VillagePublicity", Township, 7),
        Posted(AnnouncementStage.TownshipPublicity, "AnnouncementStage.TownshipPublicity", Township, 7),
        Posted(AnnouncementStage.DistrictNotice, "AnnouncementStage.DistrictNotice", District, 7),
    ];

    // Monitoring notices name no cause (it may reveal health or disability) nor the household's attribute (PRACTICE.md, Privacy).
    private static readonly IReadOnlyList<EntryField> Monitoring = AnnouncementFields.For(AnnouncementKind.MonitoringInclusion);

    private static Procedure Of(AnnouncementKind kind, IReadOnlyList<ProcedureStage> stages, IReadOnlyList<EntryField> fields) =>
        new(kind, stages, fields, fields);

    // PRACTICE.md: inclusion as a monitoring household is posted in the village only, at least 5 days ("县乡不再重复公示"),
    // then checked by the township and decided by the county; risk elimination is posted 7 days in the village, checked
    // by the township and announced by the county.
    public static IReadOnlyList<Procedure> Shipped { get; } =
    [
        Of(AnnouncementKind.Identification, Classic, AnnouncementFields.For(AnnouncementKind.Identification)),
        Of(AnnouncementKind.Exit, Classic, AnnouncementFields.For(AnnouncementKind.Exit)),
        Of(AnnouncementKind.AssistancePlan, Classic, AnnouncementFields.For(AnnouncementKind.AssistancePlan)),
        // Funds and projects notices name projects, not people: they stay online whole (2018 guidance), the retention does not apply.
        Of(AnnouncementKind.FundsAndProjects, Classic, AnnouncementFields.For(AnnouncementKind.FundsAndProjects)),
        Of(AnnouncementKind.MonitoringInclusion,
        [
            Posted(AnnouncementStage.VillagePublicity, "AnnouncementStage.VillagePublicity", Township, 5),
            Check(AnnouncementStage.TownshipPublicity, "Procedures.Stage.TownshipFirstCheck", Township),
            Check(AnnouncementStage.DistrictNotice, "Procedures.Stage.CountyDecision", District),
        ], Monitoring),
        Of(AnnouncementKind.RiskElimination,
        [
            Posted(AnnouncementStage.VillagePublicity, "AnnouncementStage.VillagePublicity", Township, 7),
            Check(AnnouncementStage.TownshipPublicity, "Procedures.Stage.TownshipCheck", Township),
            Posted(AnnouncementStage.DistrictNotice, "Procedures.Stage.CountyNotice", District, 7),
        ], Monitoring),
    ];

    public static ProcedureCatalog Defaults { get; } = new(Shipped);
}

// Section Procedures, one key per kind (Procedures:Exit:Stages:0:Level …). A configured kind replaces that kind's
// whole shipped procedure (its stages, both field lists, the retention and the health-cause opt-in); a kind not
// configured keeps the default.
// Names bind as text and are checked here, so a mistyped one stops start-up with its key rather than a binder error.
public sealed class ProcedureOptions : Dictionary<string, ProcedureSetting>, IValidatableObject
{
    public const string Section = "Procedures";

    public ProcedureOptions() : base(StringComparer.OrdinalIgnoreCase) { }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var (name, setting) in this)
        {
            var key = $"{Section}:{name}";
            if (!Enum.TryParse<AnnouncementKind>(name, ignoreCase: true, out _) || int.TryParse(name, out _))
            {
                yield return new ValidationResult($"{key} must name an announcement kind ({string.Join(", ", Enum.GetNames<AnnouncementKind>())}).");
                yield break;
            }
            if (setting.Problem(key, Enum.Parse<AnnouncementKind>(name, ignoreCase: true)) is { } problem)
            {
                yield return new ValidationResult(problem);
                yield break;
            }
        }
    }

    public IReadOnlyList<Procedure> Apply(IReadOnlyList<Procedure> shipped) =>
        [.. shipped.Select(p => TryGetValue(p.Kind.ToString(), out var configured) ? configured.ToProcedure(p.Kind) : p)];
}

public sealed class ProcedureSetting
{
    public List<StageSetting> Stages { get; set; } = [];
    public List<string> OnlineFields { get; set; } = [];
    public List<string> NoticeFields { get; set; } = [];
    public int OnlineRetentionDays { get; set; } = Procedure.DefaultOnlineRetentionDays;
    public bool PublishHealthCausesOnline { get; set; }

    // The first thing that keeps this procedure from working, naming its key; null when it works.
    public string? Problem(string key, AnnouncementKind kind)
    {
        if (Stages.Count == 0) return $"{key}:Stages must list at least one stage.";
        AnnouncementStage? previous = null;
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Problem($"{key}:Stages:{i}") is { } problem) return problem;
            var level = Enum.Parse<AnnouncementStage>(Stages[i].Level, ignoreCase: true);
            if (previous is { } p && level <= p) return $"{key}:Stages:{i}:Level must come after {p} (levels strictly ascending: {string.Join(", ", Enum.GetNames<AnnouncementStage>())}).";
            previous = level;
        }
        if (Fields(OnlineFields, $"{key}:OnlineFields") is { } online) return online;
        if (Fields(NoticeFields, $"{key}:NoticeFields") is { } notice) return notice;
        if (OnlineRetentionDays is < 1 or > 3650) return $"{key}:OnlineRetentionDays must be from 1 to 3650.";
        if (OnlinePrivacy.IsMonitoring(kind))
        {
            // PRACTICE.md, Privacy: a monitoring household's cause is its risk, often an illness; it never goes online.
            if (OnlineFields.Any(f => string.Equals(f.Trim(), nameof(EntryField.Cause), StringComparison.OrdinalIgnoreCase)))
                return $"{key}:OnlineFields must not list Cause: a monitoring procedure never publishes a cause online.";
            if (PublishHealthCausesOnline) return $"{key}:PublishHealthCausesOnline must be false: a monitoring procedure never publishes a cause online.";
        }
        return null;
    }

    private static string? Fields(List<string> fields, string key)
    {
        if (fields.Count == 0) return $"{key} must list at least one field.";
        for (var i = 0; i < fields.Count; i++)
        {
            if (!IsName<EntryField>(fields[i])) return $"{key}:{i} must name a field ({string.Join(", ", Enum.GetNames<EntryField>())}), not '{fields[i]}'.";
        }
        return null;
    }

    internal static bool IsName<T>(string? value) where T : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _) && Enum.TryParse<T>(value, ignoreCase: true, out _);

    public Procedure ToProcedure(AnnouncementKind kind) => new(kind, [.. Stages.Select(s => s.ToStage())],
        [.. OnlineFields.Select(f => Enum.Parse<EntryField>(f, ignoreCase: true))], [.. NoticeFields.Select(f => Enum.Parse<EntryField>(f, ignoreCase: true))],
        OnlineRetentionDays, PublishHealthCausesOnline);
}

public sealed class StageSetting
{
    public string Level { get; set; } = "";
    public string Name { get; set; } = "";
    public bool Publicity { get; set; } = true;
    public string PublishedBy { get; set; } = "";
    public PeriodSetting? MinimumPeriod { get; set; }

    public string? Problem(string key)
    {
        if (!ProcedureSetting.IsName<AnnouncementStage>(Level)) return $"{key}:Level must be one of {string.Join(", ", Enum.GetNames<AnnouncementStage>())}.";
        if (string.IsNullOrWhiteSpace(Name)) return $"{key}:Name must name the stage's title (a resource key).";
        if (!ProcedureSetting.IsName<StaffRole>(PublishedBy)) return $"{key}:PublishedBy must be one of {string.Join(", ", Enum.GetNames<StaffRole>())}.";
        if (MinimumPeriod is null) return Publicity ? $"{key}:MinimumPeriod is required for a stage with publicity." : null;
        if (MinimumPeriod.Count < 1) return $"{key}:MinimumPeriod:Count must be at least 1.";
        if (MinimumPeriod.Count > 365) return $"{key}:MinimumPeriod:Count must be at most 365.";
        if (!ProcedureSetting.IsName<PeriodUnit>(MinimumPeriod.Unit)) return $"{key}:MinimumPeriod:Unit must be one of {string.Join(", ", Enum.GetNames<PeriodUnit>())}.";
        return null;
    }

    public ProcedureStage ToStage() => new(Enum.Parse<AnnouncementStage>(Level, ignoreCase: true), Name.Trim(), Publicity,
        Enum.Parse<StaffRole>(PublishedBy, ignoreCase: true),
        Publicity && MinimumPeriod is { } m ? new MinimumPeriod(m.Count, Enum.Parse<PeriodUnit>(m.Unit, ignoreCase: true)) : null);
}

public sealed class PeriodSetting
{
    public int Count { get; set; }
    public string Unit { get; set; } = nameof(PeriodUnit.CalendarDays);
}
