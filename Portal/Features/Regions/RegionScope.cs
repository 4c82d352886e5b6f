namespace Portal.Features.Regions;

// Region codes are hierarchical prefixes: 6 significant digits for a district, 9 for a township, 12 for a
// village, 14 for a village group. A scope contains every region whose code starts with its own prefix.
public sealed record RegionScope(RegionLevel Level, string Code)
{
    public string Prefix => Code[..SignificantDigits(Level)];

    public bool Contains(string regionCode) => regionCode.StartsWith(Prefix, StringComparison.Ordinal);

    public static int SignificantDigits(RegionLevel level) => level switch
    {
        RegionLevel.District => 6,
        RegionLevel.Township => 9,
        RegionLevel.Village => 12,
        _ => 14,
    };

    public static RegionLevel LevelOf(string code) => code.Length switch
    {
        14 => RegionLevel.Group,
        12 when code.EndsWith("000000", StringComparison.Ordinal) => RegionLevel.District,
        12 when code.EndsWith("000", StringComparison.Ordinal) => RegionLevel.Township,
        12 => RegionLevel.Village,
        _ => throw new ArgumentException($"'{code}' is not a 12- or 14-digit region code.", nameof(code)),
    };

    public static RegionScope Of(string code) => new(LevelOf(code), code);

    // The 12-digit division code of the district a region lies in.
    public static string DistrictOf(string code) => Pad(code, RegionLevel.District);

    // The 12-digit division code of the township a village or group lies in (a township is its own).
    public static string TownshipOf(string code) => Pad(code, RegionLevel.Township);

    // The 12-digit division code of a region: a village group's village, any other region itself.
    public static string DivisionOf(string code) => code[..SignificantDigits(RegionLevel.Village)];

    private static string Pad(string code, RegionLevel level) =>
        code[..SignificantDigits(level)].PadRight(SignificantDigits(RegionLevel.Village), '0');

    // The township and village columns a query inside this scope must match (null: no condition).
    public (string? Township, string? Village) Filter(string? townshipCode, string? villageCode)
    {
        var township = Level == RegionLevel.Township ? Code : townshipCode;
        var village = Level is RegionLevel.Village ? Code : villageCode;
        return (township, village);
    }
}
