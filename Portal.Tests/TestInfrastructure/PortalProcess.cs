using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

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
        using var process = Process.Start(StartInfo(workingDirectory, environment, arguments))!;
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

    // The portal serving on a loopback port of its own choosing until it is killed or disposed. Picking a free port here
    // and handing it over would race with every other process on the machine taking ephemeral ports meanwhile.
    public static RunningPortal Start(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var listening = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            [$"Logging__LogLevel__{RunningPortal.LifetimeCategory}"] = "Information",
        };
        return new RunningPortal(Process.Start(StartInfo(workingDirectory, listening, []))!);
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(PortalDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Required outside Development; a test that names the key (even as empty) decides for itself.
        start.Environment["Portal__PublicBaseUrl"] = PortalAppFactory.PublicBaseUrl;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }
}

// A portal process that keeps running. Its output is read as it comes, so the child never blocks on a full pipe, and
// its address is taken from the line the host logs once Kestrel is bound.
public sealed partial class RunningPortal : IAsyncDisposable
{
    public const string LifetimeCategory = "Microsoft.Hosting.Lifetime";

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RunningPortal(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address => listening.Task.IsCompletedSuccessfully
        ? listening.Task.Result
        : throw new InvalidOperationException("The portal is not listening yet: wait until it is healthy.");

    public string Output
    {
        get
        {
            lock (output) return output.ToString();
        }
    }

    // Waits for the address, then polls /healthz until it answers 200; fails with the portal's output if the process
    // exits or the time runs out.
    public async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"The portal exited with code {process.ExitCode} before it was healthy. Output:\n{Output}");
            if (listening.Task.IsCompletedSuccessfully)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(Address, "/healthz"), ct);
                    if (response.StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException)
                {
                    // Bound, but not answering yet.
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Answering, but busy starting.
                }
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"The portal was not healthy within {timeout}. Output:\n{Output}");
    }

    // Process.Kill is SIGKILL on Linux: no shutdown, no disposal, no flushing; the process stops between two instructions.
    public async Task KillAsync()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
        if (!listening.Task.IsCompleted && ListeningOn().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
