namespace Portal.Infrastructure.Security;

// Keys, the database and attachments are readable by the portal's own account alone (files 0600, folders 0700):
// with the keyed-hash key readable, an ID number came back from its stored hash in seconds.
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Creates the folder 0700, or narrows an existing one to 0700.
    public static string Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }
        Directory.CreateDirectory(path, FolderMode);
        if (File.GetUnixFileMode(path) != FolderMode) File.SetUnixFileMode(path, FolderMode);
        return path;
    }

    // Narrows an existing file to 0600; a missing one is left alone.
    public static void Narrow(string file)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(file)) return;
        if (File.GetUnixFileMode(file) != FileMode) File.SetUnixFileMode(file, FileMode);
    }

    // A new file, 0600 from its first byte (never briefly readable by others).
    public static FileStream CreateNew(string path, int bufferSize = 4096, bool useAsync = false)
    {
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = bufferSize,
            Options = useAsync ? FileOptions.Asynchronous : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return new FileStream(path, options);
    }
}
