using Portal.Features.Objections;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Objections;

// On Unix the attachments are the portal user's alone: folders 0700, files 0600, even where a folder was left open.
public sealed class AttachmentStorageTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder folder = new("attachment-modes");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => folder.Dispose();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Save_InANewFolder_CreatesItPrivateAndTheFilePrivate()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var root = Path.Combine(folder.Path, "new", "attachments");

        var stored = await new AttachmentStorage(root).SaveAsync(ObjectionTestKit.Png, AttachmentKind.Png, null, Ct);

        Assert.Equal(Private, File.GetUnixFileMode(root));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(root, stored.StoredName)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Start_WithFoldersLeftOpen_ClosesThemAll()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var root = Path.Combine(folder.Path, "attachments");
        var sub = Path.Combine(root, "2026", "11");
        Directory.CreateDirectory(sub);
        const UnixFileMode open = Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        foreach (var d in new[] { root, Path.Combine(root, "2026"), sub }) File.SetUnixFileMode(d, open);

        _ = new AttachmentStorage(root);

        Assert.All(new[] { root, Path.Combine(root, "2026"), sub }, d => Assert.Equal(Private, File.GetUnixFileMode(d)));
    }
}
