using NetArchTest.Rules;

namespace Portal.Tests.Infrastructure;

// The feature folders form a layered graph: Regions ← Accounts ← Households ← Announcements ← Objections ← Review
// ← Statistics, Assistance above Households and Announcements, Audit low, Demo on top; Infrastructure knows no
// feature. Razor pages compile to classes in their folder's namespace, so a page that injects another feature's
// store makes an edge too.
public sealed class ArchitectureTests
{
    public static readonly string[] Features =
        ["Accounts", "Announcements", "Assistance", "Audit", "Demo", "Households", "Objections", "Regions", "Reports", "Retention", "Review", "Statistics"];

    private static readonly Types Portal = Types.InAssembly(typeof(Program).Assembly);

    [Fact]
    public void Infrastructure_DependsOnNoFeature()
    {
        var offenders = Portal.That().ResideInNamespace("Portal.Infrastructure")
            .And().HaveDependencyOnAny(Features.Select(Namespace).ToArray())
            .GetTypes().Select(TopLevelName).Distinct().Order().ToList();

        Assert.True(offenders.Count == 0,
            "Portal.Infrastructure must not depend on Portal.Features.*; these types do:\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public void FeatureFolders_HaveNoDependencyCycle()
    {
        var graph = FeatureGraph();
        var cycles = Cycles(graph);

        Assert.True(cycles.Count == 0, "Feature folders depend on each other in a cycle:\n" + Describe(cycles, graph));
    }

    [Fact]
    public void CycleSearch_FindsLongCyclesAndNamesTheirEdges()
    {
        var edge = (IReadOnlyList<string>)["T"];
        var graph = new Dictionary<(string From, string To), IReadOnlyList<string>>
        {
            [("A", "B")] = edge, [("B", "C")] = edge, [("C", "A")] = edge, [("C", "D")] = edge, [("E", "F")] = edge, [("F", "E")] = edge,
        };

        var cycles = Cycles(graph);

        Assert.Equal(["A → B → C → A", "E → F → E"], cycles.Select(c => string.Join(" → ", c.Append(c[0]))).Order());
        Assert.Contains("B → C: T", Describe(cycles, graph));
    }

    [Fact]
    public void FeatureGraph_SeesKnownEdges()
    {
        var graph = FeatureGraph();

        // Pages count: the review pages render objections; every feature that writes the audit trail uses Audit.
        Assert.Contains(("Review", "Objections"), graph.Keys);
        Assert.Contains(("Households", "Regions"), graph.Keys);
        Assert.Contains(("Demo", "Accounts"), graph.Keys);
    }

    // Edge (A, B) with the top-level types of A that use something in B.
    public static Dictionary<(string From, string To), IReadOnlyList<string>> FeatureGraph()
    {
        var graph = new Dictionary<(string, string), IReadOnlyList<string>>();
        foreach (var from in Features)
        {
            foreach (var to in Features.Where(f => f != from))
            {
                var users = Portal.That().ResideInNamespace(Namespace(from)).And().HaveDependencyOn(Namespace(to))
                    .GetTypes().Select(TopLevelName).Distinct().Order().ToList();
                if (users.Count > 0) graph[(from, to)] = users;
            }
        }
        return graph;
    }

    // Every elementary cycle, each listed once, starting at its alphabetically first folder.
    public static List<List<string>> Cycles(IReadOnlyDictionary<(string From, string To), IReadOnlyList<string>> graph)
    {
        var nodes = graph.Keys.SelectMany(k => new[] { k.From, k.To }).Distinct().Order(StringComparer.Ordinal).ToList();
        var cycles = new List<List<string>>();
        foreach (var start in nodes)
        {
            var path = new List<string> { start };
            Walk(start);

            void Walk(string at)
            {
                foreach (var next in nodes.Where(n => graph.ContainsKey((at, n))))
                {
                    if (next == start) cycles.Add([.. path]);
                    else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next))
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
        }
        return cycles;
    }

    private const int CyclesShown = 40;

    private static string Describe(List<List<string>> cycles, IReadOnlyDictionary<(string From, string To), IReadOnlyList<string>> graph) =>
        string.Join("\n", cycles.Take(CyclesShown).Select(c =>
            "  " + string.Join(" → ", c.Append(c[0])) + "\n" +
            string.Join("\n", c.Select((from, i) => (from, to: c[(i + 1) % c.Count]))
                .Select(e => $"      {e.from} → {e.to}: {string.Join(", ", graph[e])}"))))
        + (cycles.Count > CyclesShown ? $"\n  … and {cycles.Count - CyclesShown} more" : "");

    private static string Namespace(string feature) => $"Portal.Features.{feature}";

    private static string TopLevelName(Type type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type.FullName!.Replace("Portal.Features.", "").Replace("Portal.", "");
    }
}
