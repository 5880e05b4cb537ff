using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// Plausible entered scores for the demo: each county has a hidden quality; self-assessments are generous and close
/// together, the cross-evaluation and the third party score lower and spread with the quality; bonus points are rare,
/// and about one county in a hundred has falsified data found by a covert visit. Scores are in half points, as
/// evaluators give them. The same seed gives the same entries.
/// </summary>
public static class DemoEntries
{
    /// <summary>The user the demo entries are attributed to.</summary>
    public const string Author = "演示数据 / demo";

    private const ulong EntryStream = 0x5A3D_0002;

    /// <summary>Entries for every entered base, bonus and veto item of every county (field-check items excepted: they
    /// come from field results).</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="counties">The counties with their class.</param>
    /// <param name="seed">Seed.</param>
    public static IReadOnlyList<AssessmentEntry> Create(AssessmentScheme scheme, IReadOnlyDictionary<int, CountyInfo> counties, long seed)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(counties);
        var entries = new List<AssessmentEntry>();
        var at = new DateTimeOffset(scheme.Year + 1, 1, 15, 0, 0, 0, TimeSpan.Zero);
        foreach (var county in counties.Values.OrderBy(c => c.Code))
        {
            var card = scheme.ScorecardFor(county.CountyClass);
            var rng = SimRandom.ForStream(seed, EntryStream, county.Code);
            var quality = rng.Normal();
            AssessmentEntry Entry(string id, EntrySource source, double value) => new()
            {
                Id = StableId(seed, county.Code, id, source),
                Year = scheme.Year, CountyCode = county.Code, IndicatorId = id, Source = source, Value = value, EnteredBy = Author, EnteredAt = at,
            };

            foreach (var indicator in card.Indicators.Where(i => i.Kpi is null && i.Rule is EnteredPointsRule))
            {
                foreach (var source in indicator.Sources)
                {
                    var share = source switch
                    {
                        EntrySource.Self => 0.93 + 0.02 * quality + 0.02 * rng.Normal(),
                        EntrySource.Cross => 0.84 + 0.06 * quality + 0.05 * rng.Normal(),
                        _ => 0.82 + 0.06 * quality + 0.06 * rng.Normal(),
                    };
                    entries.Add(Entry(indicator.Id, source, HalfPoints(indicator.Points * Math.Clamp(share, 0.4, 1))));
                }
            }

            foreach (var bonus in card.Bonus.Where(b => b.Kpi is null && b.Rule is EnteredPointsRule))
            {
                var earned = rng.Chance(0.25 + 0.1 * Math.Max(0, quality)) ? Math.Min(bonus.Points, 1 + rng.Next((int)bonus.Points)) : 0;
                entries.Add(Entry(bonus.Id, bonus.Sources[0], earned));
            }

            foreach (var veto in card.Vetoes.Where(v => v.Kpi is null && v.Unit == "flag"))
            {
                entries.Add(Entry(veto.Id, veto.Sources[0], rng.Chance(0.01) ? 1 : 0));
            }
        }

        return entries;
    }

    // The same seed gives the same ids (HashCode is randomised per process, so it cannot serve).
    private static Guid StableId(long seed, int county, string indicator, EntrySource source) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{seed}|{county}|{indicator}|{source}"))[..16]);

    private static double HalfPoints(double value) => Math.Round(value * 2, MidpointRounding.AwayFromZero) / 2;
}
