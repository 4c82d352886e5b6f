using Portal.Features.Announcements;
using Portal.Tests.TestInfrastructure;
using static Portal.Tests.TestInfrastructure.ObjectionTestKit;
using static Portal.Tests.TestInfrastructure.RenderedText;

namespace Portal.Tests.Features.Review;

// The portal and a discipline inspector, who may read every objection, signed in once.
public sealed class InspectorPortal : IAsyncLifetime
{
    public PortalAppFactory App { get; } = new();

    public HttpClient Inspector { get; private set; } = default!;

    public async ValueTask InitializeAsync() => Inspector = await StaffClient.SignInAsync(App, "inspector");

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

// Issue "bad input", the staff side: every corpus string the rules accept as objection text, filed through the API,
// is shown on the case page (as the server renders it before the circuit starts) as text, with nothing injected.
public sealed class CasePageHostileTextTests(InspectorPortal portal) : IClassFixture<InspectorPortal>
{
    public static TheoryData<string> AcceptedTexts => new(HostileCorpus.All.Where(h => h.Fits.HasFlag(Fits.Text)).Select(h => h.Name));

    [Theory]
    [MemberData(nameof(AcceptedTexts))]
    public async Task CasePage_AcceptedHostileText_IsShownAsTextWithNothingInjected(string name)
    {
        var text = HostileCorpus.Named(name).Value;
        var open = await OpenVillageAsync(portal.App);
        var created = await CreatedAsync(await PostApiAsync(portal.App.CreateClient(), AnonymousBody(open.Id, text)));
        var id = RowByCaseNumber(portal.App.DatabaseFile, created.GetProperty("caseNumber").GetString()!).Id;

        var page = Parse(await portal.Inspector.GetStringAsync($"/staff/objections/{id}", TestContext.Current.CancellationToken));

        AssertNoInjectedMarkup(page);
        var heading = page.QuerySelectorAll("h2").Single(h => h.TextContent == "异议内容");
        AssertShownAsText(heading.NextElementSibling, text);
    }
}
