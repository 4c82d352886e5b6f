namespace Portal.Features.Announcements;

public static class AnnouncementUrls
{
    public static string Detail(long id) => $"/announcements/{id}";

    public static string Notice(long id) => $"/announcements/{id}/notice.pdf";

    public static string Csv(long id) => $"/api/v1/announcements/{id}/entries.csv";

    public static string NewObjection(long id, long? entryId = null) =>
        entryId is { } e ? $"/announcements/{id}/objections/new?entry={e}" : $"/announcements/{id}/objections/new";
}
