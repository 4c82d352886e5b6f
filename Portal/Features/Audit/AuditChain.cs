using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Portal.Features.Audit;

public sealed record AuditEvent
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public string? Actor { get; init; }
    public string? Subject { get; init; }
    public string Data { get; init; } = "{}";
    public DateTime CreatedUtc { get; init; }
    public string PreviousHash { get; init; } = AuditChain.Genesis;
    public string Hash { get; init; } = "";
}

public sealed record ChainReport(long Length, string HeadHash, long? FirstBadId)
{
    public bool IsIntact => FirstBadId is null;
}

// Hash = SHA-256(previous hash ‖ canonical event). Changing, removing or reordering any past event breaks every
// hash after it, so verification names the first row that no longer fits. Pure.
public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private static readonly JsonWriterOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string CanonicalForm(AuditEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Canonical))
        {
            json.WriteStartObject();
            json.WriteString("kind", e.Kind);
            json.WriteString("actor", e.Actor);
            json.WriteString("subject", e.Subject);
            json.WriteString("data", e.Data);
            json.WriteString("at", Timestamp(e.CreatedUtc));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string HashOf(string previousHash, AuditEvent e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(previousHash + CanonicalForm(e))));

    // Times are kept to the millisecond so that both databases give back exactly what was hashed.
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    public static ChainReport Verify(IEnumerable<AuditEvent> events)
    {
        var previous = Genesis;
        long length = 0;
        foreach (var e in events)
        {
            length++;
            if (e.PreviousHash != previous || e.Hash != HashOf(previous, e)) return new ChainReport(length, previous, e.Id);
            previous = e.Hash;
        }
        return new ChainReport(length, previous, null);
    }

    private static string Timestamp(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
