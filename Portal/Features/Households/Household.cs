namespace Portal.Features.Households;

public enum HouseholdAttribute
{
    General,
    MinimumLivingAllowance,
    ExtremePovertySupport,
}

public enum PovertyCause
{
    Illness,
    Disability,
    Education,
    Disaster,
    LackOfLand,
    LackOfWater,
    LackOfSkills,
    LackOfLabour,
    LackOfCapital,
    PoorTransport,
    LackOfDrive,
}

public enum HouseholdStatus
{
    Applicant,
    Identified,
    Exited,
    Returned,
    Removed,
}

// What staff may see of a household: everything but the encrypted ID and phone numbers.
public sealed record HouseholdListItem
{
    public long Id { get; init; }
    public required string GroupCode { get; init; }
    public required string GroupName { get; init; }
    public required string VillageCode { get; init; }
    public required string VillageName { get; init; }
    public string TownshipCode { get; init; } = "";
    public required string HeadName { get; init; }
    public int Size { get; init; }
    public HouseholdAttribute Attribute { get; init; }
    public PovertyCause Cause { get; init; }
    public HouseholdStatus Status { get; init; }
    public int? IdentifiedYear { get; init; }
    public int? ExitYear { get; init; }
    public decimal IncomePerCapita { get; init; }
}

public sealed record NewHousehold(
    string GroupCode,
    string HeadName,
    int Size,
    HouseholdAttribute Attribute,
    PovertyCause Cause,
    HouseholdStatus Status,
    int? IdentifiedYear,
    int? ExitYear,
    decimal IncomePerCapita,
    string IdNumber,
    string? Phone,
    bool? AssurancesMet = null);

// After: the last household of the page before (keyset paging), null for the first page.
public sealed record HouseholdQuery(
    string? TownshipCode = null,
    string? VillageCode = null,
    string? Name = null,
    HouseholdStatus? Status = null,
    int PageSize = 25,
    HouseholdListItem? After = null);

public sealed record StatusChange
{
    public HouseholdStatus FromStatus { get; init; }
    public HouseholdStatus ToStatus { get; init; }
    public long AnnouncementId { get; init; }
    public string AnnouncementTitle { get; init; } = "";
    public DateTime ChangedUtc { get; init; }
}
