using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Features.Announcements;

// The public list's filters as they travel in URLs (pages, API, feed): unknown or malformed values are ignored.
public static class AnnouncementQueries
{
    // The parameters Parse reads, as the public cache keys the list by (PublicQueryAttribute); the API adds pageSize.
    public const string Keys = "township,village,kind,stage,status,year,q,page";

    public static AnnouncementQuery Parse(string? township, string? village, string? kind, string? stage, string? status,
        string? year, string? q, string? page, string? pageSize = null) => new(
        TownshipCode: RegionCode(township),
        VillageCode: RegionCode(village),
        Kind: Enum.TryParse<AnnouncementKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null,
        Stage: Enum.TryParse<AnnouncementStage>(stage, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null,
        Status: Enum.TryParse<AnnouncementStatus>(status, ignoreCase: true, out var st) && Enum.IsDefined(st) && st != AnnouncementStatus.Draft ? st : null,
        Year: int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 2000 and <= 2100 ? y : null,
        HeadName: string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 50)],
        Page: int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 100_000 ? p : 1,
        PageSize: int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 100) : 20);

    public static string ToUrl(string path, AnnouncementQuery q)
    {
        var values = new Dictionary<string, string?>
        {
            ["township"] = q.TownshipCode,
            ["village"] = q.VillageCode,
            ["kind"] = q.Kind?.ToString(),
            ["stage"] = q.Stage?.ToString(),
            ["status"] = q.Status?.ToString(),
            ["year"] = q.Year?.ToString(CultureInfo.InvariantCulture),
            ["q"] = q.HeadName,
            ["page"] = q.Page > 1 ? q.Page.ToString(CultureInfo.InvariantCulture) : null,
        };
        return QueryHelpers.AddQueryString(path, values.Where(v => v.Value is not null)!);
    }

    private static string? RegionCode(string? code) =>
        code is { Length: 12 } && code.All(char.IsAsciiDigit) ? code : null;
}
