namespace Portal.Features.Objections;

public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    public string Path { get; set; } = "App_Data/attachments";
}

public sealed record StoredAttachment(string StoredName, string ContentType, long SizeBytes);

// Attachment files on disk under names the server makes up; the person's file name is never used.
public sealed class AttachmentStorage(string root)
{
    public async Task<StoredAttachment> SaveAsync(IncomingFile file, AttachmentKind kind, CancellationToken ct)
    {
        Directory.CreateDirectory(root);
        var name = Guid.NewGuid().ToString("N") + AttachmentSniffer.Extension(kind);
        var temporary = System.IO.Path.Combine(root, name + ".part");
        await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        await using (var source = file.Open())
        {
            await source.CopyToAsync(target, ct);
            await target.FlushAsync(ct);
            target.Flush(flushToDisk: true);
        }
        File.Move(temporary, System.IO.Path.Combine(root, name));
        return new StoredAttachment(name, AttachmentSniffer.ContentType(kind), file.Length);
    }

    public void Delete(IEnumerable<StoredAttachment> attachments)
    {
        foreach (var a in attachments) File.Delete(System.IO.Path.Combine(root, a.StoredName));
    }

    public Stream? Open(string storedName)
    {
        // Stored names are ours (32 hex digits and an extension); anything else never reaches the file system.
        if (storedName.Length > 40 || storedName.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '.')) return null;
        var path = System.IO.Path.Combine(root, storedName);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }
}
