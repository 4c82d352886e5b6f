using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Infrastructure;

// At Trace, SignalR's hub dispatcher logged every circuit invocation with its arguments: complainants' names and phones,
// new staff passwords, reveal reasons. Whatever the configuration asks for, none of what staff type reaches a log.
public sealed partial class SensitiveLoggingTests
{
    private const string Canary = "CANARY-岳秀珍-13981234567";

    [ProviderAlias("Capture")]
    private sealed class CaptureProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Text)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(CaptureProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue((category, logLevel, formatter(state, exception) + " " + exception));
        }
    }

    private sealed class TraceApp(CaptureProvider capture) : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(capture));
        }
    }

    private static TraceApp Start(CaptureProvider capture)
    {
        var app = new TraceApp(capture) { Households = 50 };
        app.Settings["Logging:LogLevel:Default"] = "Trace";
        app.Settings["Logging:LogLevel:Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher"] = "Trace";
        app.Settings["Logging:Capture:LogLevel:Default"] = "Trace";
        app.Settings["Logging:Capture:LogLevel:Microsoft.AspNetCore.SignalR"] = "Trace";
        app.Settings["Logging:Capture:LogLevel:Microsoft.AspNetCore.Components.Server"] = "Debug";
        // The console would print every Trace line of the run.
        app.Settings["Logging:Console:LogLevel:Default"] = "None";
        return app;
    }

    [Fact]
    public async Task CircuitInvocation_AtTraceEverywhere_NeverLogsItsArguments()
    {
        var ct = TestContext.Current.CancellationToken;
        var capture = new CaptureProvider();
        await using var app = Start(capture);
        app.UseKestrel(0);
        app.StartServer();
        using var http = app.CreateClient();
        using var socket = await BlazorHub.ConnectAsync(http, ct);

        await socket.SendAsync(BlazorHub.Frame(BlazorHub.Invocation(Canary)), WebSocketMessageType.Binary, true, ct);
        await BlazorHub.AssertAliveAsync(socket, ct);

        Assert.Contains(capture.Lines, l => l.Level == LogLevel.Trace);
        Assert.DoesNotContain(capture.Lines, l => l.Text.Contains("CANARY", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Level < LogLevel.Information && l.Category.StartsWith("Microsoft.AspNetCore.SignalR", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignInForm_AtTrace_NeverLogsThePassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var capture = new CaptureProvider();
        await using var app = Start(capture);
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/staff/login", ct);
        await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["Input.UserName"] = "admin",
            ["Input.Password"] = Canary,
        }), ct);

        Assert.Contains(capture.Lines, l => l.Level == LogLevel.Trace);
        Assert.DoesNotContain(capture.Lines, l => l.Text.Contains("CANARY", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
