using Portal.Infrastructure.Security;

namespace Portal.Features.Objections;

public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    public string Path { get; set; } = "App_Data/attachments";
}

public sealed record StoredAttachment(string StoredName, string ContentType, long SizeBytes);

// Attachment files on disk under names the server makes up; the person's file name is never used. On Unix only the
// portal's own account may open the folder (0700) and the files (0600); a folder left more open is closed at start.
public sealed class AttachmentStorage
{
    private readonly string root;

    public AttachmentStorage(string root)
    {
        this.root = PrivateFiles.Folder(root);
        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)) PrivateFiles.Folder(folder);
    }

    // Bytes already cleaned by AttachmentSanitizer: nothing of the upload itself is written.
    public async Task<StoredAttachment> SaveAsync(byte[] bytes, AttachmentKind kind, CancellationToken ct)
    {
        PrivateFiles.Folder(root);
        var name = Guid.NewGuid().ToString("N") + AttachmentSniffer.Extension(kind);
        var temporary = System.IO.Path.Combine(root, name + ".part");
        await using (var target = PrivateFiles.CreateNew(temporary, 81920, useAsync: true))
        {
            await target.WriteAsync(bytes, ct);
            await target.FlushAsync(ct);
            target.Flush(flushToDisk: true);
        }
        File.Move(temporary, System.IO.Path.Combine(root, name));
        return new StoredAttachment(name, AttachmentSniffer.ContentType(kind), bytes.Length);
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
