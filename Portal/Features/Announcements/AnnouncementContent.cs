using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Portal.Features.Households;

namespace Portal.Features.Announcements;

// The canonical form of a published version and its SHA-256, and the difference between two versions.
public static class AnnouncementContent
{
    private static readonly JsonWriterOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // UTF-8 JSON without white space: the announcement's identity and period, then every entry in position
    // order with the fields its procedure publishes online (Procedure.OnlineFields: what anyone can recompute it from, the
    // API carries exactly those) in a fixed order, each as a string or null. Text is hashed as the public reads it, with the
    // ID, mobile and bank card numbers in it masked (FreeTextMask), so that the published copy recomputes the hash.
    public static byte[] CanonicalForm(Announcement a, IEnumerable<AnnouncementEntry> entries, IReadOnlyList<EntryField> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Canonical))
        {
            json.WriteStartObject();
            json.WriteNumber("id", a.Id);
            json.WriteNumber("version", a.Version);
            json.WriteString("kind", a.Kind.ToString());
            json.WriteString("stage", a.Stage.ToString());
            json.WriteString("region", a.RegionCode);
            json.WriteString("title", FreeTextMask.Mask(a.Title));
            json.WriteString("periodStart", a.PeriodStart?.ToString("yyyy-MM-dd"));
            json.WriteString("periodEnd", a.PeriodEnd?.ToString("yyyy-MM-dd"));
            json.WriteStartArray("entries");
            foreach (var entry in entries.OrderBy(e => e.Position))
            {
                json.WriteStartObject();
                json.WriteNumber("position", entry.Position);
                foreach (var field in fields)
                {
                    json.WriteString(JsonNamingPolicy.CamelCase.ConvertName(field.ToString()), FreeTextMask.Mask(AnnouncementFields.Value(entry, field)));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string Hash(Announcement a, IEnumerable<AnnouncementEntry> entries, IReadOnlyList<EntryField> fields) =>
        Convert.ToHexStringLower(SHA256.HashData(CanonicalForm(a, entries, fields)));

    public static string CanonicalText(Announcement a, IEnumerable<AnnouncementEntry> entries, IReadOnlyList<EntryField> fields) =>
        Encoding.UTF8.GetString(CanonicalForm(a, entries, fields));
}

public sealed record FieldChange(EntryField Field, string? Before, string? After);

public sealed record ChangedEntry(AnnouncementEntry Before, AnnouncementEntry After, IReadOnlyList<FieldChange> Changes);

public sealed record VersionDifference(
    IReadOnlyList<AnnouncementEntry> Added,
    IReadOnlyList<AnnouncementEntry> Removed,
    IReadOnlyList<ChangedEntry> Changed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    // Entries are matched by household (or project), so a re-ordered list is not a change.
    public static VersionDifference Between(IReadOnlyList<EntryField> fields, IReadOnlyList<AnnouncementEntry> before, IReadOnlyList<AnnouncementEntry> after)
    {
        var old = before.ToDictionary(e => e.Key);
        var current = after.ToDictionary(e => e.Key);
        var added = after.Where(e => !old.ContainsKey(e.Key)).ToList();
        var removed = before.Where(e => !current.ContainsKey(e.Key)).ToList();
        var changed = new List<ChangedEntry>();
        foreach (var entry in after)
        {
            if (!old.TryGetValue(entry.Key, out var previous)) continue;
            var changes = fields
                .Select(f => new FieldChange(f, AnnouncementFields.Value(previous, f), AnnouncementFields.Value(entry, f)))
                .Where(c => c.Before != c.After)
                .ToList();
            if (changes.Count > 0) changed.Add(new ChangedEntry(previous, entry, changes));
        }
        return new VersionDifference(added, removed, changed);
    }
}
