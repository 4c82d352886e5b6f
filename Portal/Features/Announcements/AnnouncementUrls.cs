namespace Portal.Features.Announcements;

public static class AnnouncementUrls
{
    public static string Detail(long id) => $"/announcements/{id}";

    public static string Notice(long id) => $"/announcements/{id}/notice.pdf";

    // The paper notice for staff: every field its procedure prints, names kept after they are off the web.
    public static string StaffNotice(long id) => StaffNotice(id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string StaffNotice(string id) => $"/staff/announcements/{id}/notice.pdf";

    public static string Csv(long id) => $"/api/v1/announcements/{id}/entries.csv";

    public static string NewObjection(long id, long? entryId = null) =>
        entryId is { } e ? $"/announcements/{id}/objections/new?entry={e}" : $"/announcements/{id}/objections/new";
}
