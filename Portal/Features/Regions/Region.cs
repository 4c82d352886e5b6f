namespace Portal.Features.Regions;

public enum RegionLevel
{
    District,
    Township,
    Village,
    Group,
}

public sealed record Region
{
    public required string Code { get; init; }
    public string? ParentCode { get; init; }
    public required RegionLevel Level { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public string? OfficePhone { get; init; }

    public string DisplayName(bool english) => english ? NameEn : Name;

    // A village as the public pages and feeds name it: its township's name, then its own.
    public string DisplayName(Region? parent, bool english) => $"{parent?.DisplayName(english)} {DisplayName(english)}".TrimStart();
}

public sealed record RegionCount
{
    public required string Code { get; init; }
    public string? ParentCode { get; init; }
    public required RegionLevel Level { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public long Households { get; init; }
    public long Identified { get; init; }

    public string DisplayName(bool english) => english ? NameEn : Name;
}

public sealed record TownshipOverview(RegionCount Township, IReadOnlyList<RegionCount> Villages)
{
    public long Households => Villages.Sum(v => v.Households);
    public long Identified => Villages.Sum(v => v.Identified);
}
