using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Portal.Tests.Features;

// Links to staff pages are built by the pages themselves (Page.Url(...)), so a route cannot drift from its links.
public sealed class StaffPageUrlTests
{
    private static readonly Type[] StaffPages = typeof(Portal.Features.Review.Staff.Workbench).Assembly.GetTypes()
        .Where(t => t.Namespace is { } ns && ns.StartsWith("Portal.Features.", StringComparison.Ordinal) && ns.EndsWith(".Staff", StringComparison.Ordinal))
        .Where(t => t.GetCustomAttributes<RouteAttribute>().Any())
        .ToArray();

    private static readonly string[] Routes = StaffPages.SelectMany(t => t.GetCustomAttributes<RouteAttribute>()).Select(r => r.Template).ToArray();

    private static IEnumerable<(MethodInfo Method, string Url)> UrlsOf(Type page) =>
        page.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "Url" && m.ReturnType == typeof(string))
            .Select(m => (m, (string)m.Invoke(null, m.GetParameters().Select(Sample).ToArray())!));

    private static object Sample(ParameterInfo p) => p.ParameterType == typeof(long) ? 42L : "511903100201";

    private static bool Matches(string template, string url)
    {
        var matcher = new TemplateMatcher(TemplateParser.Parse(template.TrimStart('/')), new RouteValueDictionary());
        var values = new RouteValueDictionary();
        return matcher.TryMatch(url, values) && values.Values.All(v => v?.ToString() is "42" or "511903100201");
    }

    [Fact]
    public void Url_EveryStaffPage_BuildsAPathItsOwnRouteMatches()
    {
        Assert.True(StaffPages.Length >= 13, $"{StaffPages.Length} staff pages found");
        var without = StaffPages
            .Where(page => !UrlsOf(page).Any(u => page.GetCustomAttributes<RouteAttribute>().Any(r => Matches(r.Template, u.Url))))
            .Select(page => page.Name)
            .ToList();

        Assert.Empty(without);
    }

    [Fact]
    public void Url_EveryBuilder_LeadsToAStaffPage()
    {
        var stray = StaffPages.SelectMany(UrlsOf).Where(u => !Routes.Any(r => Matches(r, u.Url))).Select(u => $"{u.Method.DeclaringType!.Name}: {u.Url}").ToList();

        Assert.Empty(stray);
    }
}
