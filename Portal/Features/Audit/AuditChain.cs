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

// Length and HeadHash are what was read and found to fit. FirstBadId names the first event that does not fit; Missing
// says that the head row (AuditHead) counts events that are not there, or a different last one: the newest were removed.
public sealed record ChainReport(long Length, string HeadHash, long? FirstBadId)
{
    public bool Missing { get; init; }

    public bool IsIntact => FirstBadId is null && !Missing;
}

// What GET /api/v1/audit/verify found: the chain up to the head, of which Checked events were new since the last
// verification and checked by this request; and the last full re-verification of every event, if one has completed.
public sealed record ChainCheck(ChainReport Chain, long Checked, DateTime? LastFullCheckUtc, ChainReport? LastFullCheck)
{
    public bool IsIntact => Chain.IsIntact && LastFullCheck?.IsIntact != false;
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

    public static ChainReport Verify(IEnumerable<AuditEvent> events) => Verify(events, 0, Genesis);

    // From a point already verified: `length` events ending in `previous`.
    public static ChainReport Verify(IEnumerable<AuditEvent> events, long length, string previous)
    {
        foreach (var e in events)
        {
            if (!Fits(previous, e)) return new ChainReport(length + 1, previous, e.Id);
            length++;
            previous = e.Hash;
        }
        return new ChainReport(length, previous, null);
    }

    // Whether the event chains onto the hash before it and its own hash is that of its canonical form.
    public static bool Fits(string previous, AuditEvent e) => e.PreviousHash == previous && e.Hash == HashOf(previous, e);

    // The chain read so far against the head row: the same length and the same last hash, or the newest are missing.
    public static ChainReport AgainstHead(ChainReport read, long headLength, string headHash) =>
        read.IsIntact && (read.Length != headLength || read.HeadHash != headHash) ? read with { Missing = true } : read;

    private static string Timestamp(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
