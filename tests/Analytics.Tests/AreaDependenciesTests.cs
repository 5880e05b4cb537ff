namespace RevivalAnalytics.Tests;

/// <summary>
/// Data flows one way (README, "Layout"): contract → import → data version → models, metrics and SQL → reports.
/// These tests read the Analytics assembly's IL, so a reference added anywhere, in a signature or a method body, counts.
/// </summary>
public sealed class AreaDependenciesTests
{
    // Each area may refer only to areas of a lower rank: areas of one rank are siblings and never refer to each other.
    private static readonly Dictionary<string, int> s_ranks = new(StringComparer.Ordinal)
    {
        ["Shared"] = 0,          // helpers every area may use: keyed random streams, CSV
        ["Data"] = 1,            // the data contract
        ["DuckDb"] = 1,          // helpers over DuckDB.NET
        ["Xgboost"] = 1,
        ["Data.Generation"] = 2, // writes exports: a source beside the chain, nothing downstream reads it
        ["Data.Import"] = 2,
        ["Data.Scope"] = 2,
        ["Data.Versions"] = 3,
        ["Models"] = 4,          // models, metrics and SQL each read a data version and know nothing of each other
        ["Metrics"] = 4,
        ["Queries"] = 4,
        ["Charts"] = 5,
        ["Assessment"] = 5,      // over the metric layer
        ["Warnings"] = 5,        // where the metric layer's flags meet the risk model's scores
        ["Entry"] = 6,           // AnalyticsContext: creates and wires the areas, one snapshot per data version
    };

    [Fact]
    public void Edges_AnalyticsAssembly_FoundBetweenKnownAreas()
    {
        var edges = AreaDependencies.Edges;

        // The reading works: the importer's data store reads import, and the contract's own users are seen.
        Assert.Contains(("Data.Versions", "Data.Import"), edges.Keys);
        Assert.Contains(("Data.Import", "Data"), edges.Keys);
        Assert.All(edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct(), area => Assert.True(s_ranks.ContainsKey(area), $"area {area} has no rank"));
        foreach (var ((from, to), example) in edges.OrderBy(e => e.Key.From).ThenBy(e => e.Key.To))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{from} → {to}: {example}");
        }
    }

    [Fact]
    public void FindCycle_GraphWithCycle_ReturnsItsAreas()
    {
        var next = new Dictionary<string, List<string>> { ["Metrics"] = ["Queries", "Data"], ["Queries"] = ["Metrics"], ["Data"] = [] };

        Assert.Equal(["Metrics", "Queries", "Metrics"], FindCycle(next));
        Assert.Null(FindCycle(new Dictionary<string, List<string>> { ["Queries"] = ["Data"], ["Data"] = [] }));
    }

    [Fact]
    public void Edges_AnalyticsAssembly_NoCycleBetweenAreas()
    {
        var next = AreaDependencies.Edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var cycle = FindCycle(next);

        Assert.True(cycle is null, cycle is null ? null : "dependency cycle: " + string.Join(" → ", cycle) + "\n"
            + string.Join("\n", cycle.Zip(cycle.Skip(1)).Select(e => AreaDependencies.Edges[(e.First, e.Second)])));
    }

    [Fact]
    public void Edges_AnalyticsAssembly_EveryAreaRefersOnlyDownstream()
    {
        var upstream = AreaDependencies.Edges
            .Where(e => s_ranks.GetValueOrDefault(e.Key.From, int.MaxValue) <= s_ranks.GetValueOrDefault(e.Key.To, int.MaxValue))
            .Select(e => $"{e.Key.From} → {e.Key.To}: {e.Value}")
            .ToList();

        Assert.True(upstream.Count == 0, string.Join("\n", upstream));
    }

    [Fact]
    public void AreaOf_Namespaces_ContractEachDataNamespaceAndFirstSegment()
    {
        Assert.Equal("Shared", AreaDependencies.AreaOf("RevivalAnalytics"));
        Assert.Equal("Data", AreaDependencies.AreaOf("RevivalAnalytics.Data"));
        Assert.Equal("Data.Import", AreaDependencies.AreaOf("RevivalAnalytics.Data.Import"));
        Assert.Equal("Models", AreaDependencies.AreaOf("RevivalAnalytics.Models.Trees"));
        Assert.Equal(string.Empty, AreaDependencies.AreaOf("System.Linq"));
        Assert.Equal("Entry", AreaDependencies.AreaOf("RevivalAnalytics", nameof(AnalyticsContext)));
        Assert.Equal("Shared", AreaDependencies.AreaOf("RevivalAnalytics", "Csv"));
    }

    // Depth-first search; returns the areas of the first cycle found, the first area repeated at the end.
    private static List<string>? FindCycle(Dictionary<string, List<string>> next)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        List<string>? Visit(string area)
        {
            state[area] = 1;
            path.Add(area);
            foreach (var to in next.GetValueOrDefault(area) ?? [])
            {
                if (state.GetValueOrDefault(to) == 1)
                {
                    return [.. path.Skip(path.IndexOf(to)), to];
                }

                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[area] = 2;
            return null;
        }

        return next.Keys.Order(StringComparer.Ordinal).Select(a => state.GetValueOrDefault(a) == 0 ? Visit(a) : null).FirstOrDefault(c => c is not null);
    }
}
