using System.Diagnostics;

namespace Portal.Tests.TestInfrastructure;

// Runs the built portal as its own process, as an operator would.
public static class PortalProcess
{
    public static string PortalDll
    {
        get
        {
            var testBin = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory); // .../Portal.Tests/bin/<Configuration>/net10.0
            var configuration = new DirectoryInfo(testBin).Parent!.Name;
            var root = new DirectoryInfo(testBin);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "EnyangPortal.slnx"))) root = root.Parent;
            var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("EnyangPortal.slnx not found above " + testBin),
                "Portal", "bin", configuration, "net10.0", "Portal.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Portal project first.", dll);
        }
    }

    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunToEndAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment,
        IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(PortalDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The portal did not exit within {timeout}. Output so far: {await output}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
