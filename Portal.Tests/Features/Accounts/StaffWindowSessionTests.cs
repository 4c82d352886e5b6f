using Microsoft.Extensions.Time.Testing;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Accounts;

// An open staff window is a Blazor circuit that outlives the request that opened it: its session is checked before
// every event it sends. Real Kestrel, the SignalR protocol blazor.web.js speaks, the real case page.
public sealed class StaffWindowSessionTests : IAsyncLifetime
{
    private readonly PortalAppFactory app = new() { FakeClock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
    private HttpClient http = default!;
    private long caseId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        app.UseKestrel(0);
        app.StartServer();
        using var plain = app.CreateClient();
        http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = plain.BaseAddress };
        caseId = await StaffCases.SubmitAsync(app, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    private static async Task WriteNoteAsync(BlazorCircuit window, string note)
    {
        // The case page draws its actions once the case has loaded.
        await window.WaitUntilAsync(() => window.TryHandlerFor("Note", "textarea", "oninput") is not null, Ct);
        await window.DispatchAsync(window.HandlerFor("Note", "textarea", "oninput"), "input", new { value = note }, Ct);
        await window.DispatchAsync(window.HandlerFor("Note", "button", "onclick"), "click", new { detail = 1 }, Ct);
    }

    private Task<bool> SavedAsync(string note) =>
        StaffCases.TimelineTextsAsync(app, caseId, Ct).ContinueWith(t => t.Result.Any(text => text.Contains(note)), Ct);

    [Fact]
    public async Task OpenWindow_AfterThirtyIdleMinutes_DoesNotRunTheNextActionAndTurnsToTheSignIn()
    {
        var cookie = await StaffClient.CookieAsync(http, StaffCases.Reviewer, Ct);
        await using var window = await BlazorCircuit.OpenAsync(http, cookie, $"/staff/objections/{caseId}", Ct);
        await WriteNoteAsync(window, "窗口仍在使用时的备注");
        await WaitForAsync(() => SavedAsync("窗口仍在使用时的备注"));

        app.FakeClock!.Advance(TimeSpan.FromMinutes(31));
        await WriteNoteAsync(window, "闲置三十一分钟后的备注");

        await window.WaitUntilAsync(() => window.JsCalls.Any(c => c.Arguments.Contains("/staff/login")), Ct);
        Assert.Contains(window.JsCalls, c => c.Arguments.Contains($"/staff/login?ReturnUrl=%2Fstaff%2Fobjections%2F{caseId}"));
        await Task.Delay(500, Ct);
        Assert.False(await SavedAsync("闲置三十一分钟后的备注"));
    }

    [Fact]
    public async Task OpenWindow_OfADeactivatedAccount_DoesNotRunTheNextAction()
    {
        var cookie = await StaffClient.CookieAsync(http, StaffCases.Reviewer, Ct);
        await using var window = await BlazorCircuit.OpenAsync(http, cookie, $"/staff/objections/{caseId}", Ct);

        await StaffCases.DeactivateAsync(app, StaffCases.Reviewer, Ct);
        await WriteNoteAsync(window, "停用之后的备注");

        await window.WaitUntilAsync(() => window.JsCalls.Any(c => c.Arguments.Contains("/staff/login")), Ct);
        await Task.Delay(500, Ct);
        Assert.False(await SavedAsync("停用之后的备注"));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++) await Task.Delay(100, Ct);
        Assert.True(await condition());
    }
}
