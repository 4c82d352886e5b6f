using System.ComponentModel.DataAnnotations;
using Portal.Infrastructure.Security;

namespace Portal.Features.Objections;

public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    [Required]
    public string Path { get; set; } = "App_Data/attachments";
}

// OriginalName: the sender's name for the file (AttachmentSniffer.OriginalName), for staff only; null for older files.
public sealed record StoredAttachment(string StoredName, string ContentType, long SizeBytes, string? OriginalName = null);

// Attachment files on disk under names the server makes up; the person's file name is never used for the file (it is
// kept, cleaned, in the database for staff to recognise the file by). On Unix only the
// portal's own account may open the folder (0700) and the files (0600); a folder left more open is closed at start.
public sealed class AttachmentStorage
{
    private readonly string root;

    public AttachmentStorage(string root)
    {
        this.root = PrivateFiles.Folder(root);
        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)) PrivateFiles.Folder(folder);
    }

    // Attachments:Path, under the content root when relative.
    public AttachmentStorage(Microsoft.Extensions.Options.IOptions<AttachmentOptions> options, IHostEnvironment environment)
        : this(System.IO.Path.GetFullPath(options.Value.Path, environment.ContentRootPath))
    {
    }

    // Bytes already cleaned by AttachmentSanitizer: nothing of the upload itself is written.
    public async Task<StoredAttachment> SaveAsync(byte[] bytes, AttachmentKind kind, string? originalName, CancellationToken ct)
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
        return new StoredAttachment(name, AttachmentSniffer.ContentType(kind), bytes.Length, AttachmentSniffer.OriginalName(originalName));
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
