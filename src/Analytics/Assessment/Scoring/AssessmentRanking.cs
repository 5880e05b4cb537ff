namespace RevivalAnalytics.Assessment;

/// <summary>Ranks counties within their class: competition ranking (1, 2, 2, 4) by score, a county with a veto after
/// every county without one. Used by the scorer, and again over a subset (the counties published so far).</summary>
public static class AssessmentRanking
{
    /// <summary>The counties with <see cref="CountyAssessment.RankInClass"/> and <see cref="CountyAssessment.ClassSize"/>
    /// set among those given, class by class.</summary>
    /// <param name="counties">Scored counties.</param>
    /// <returns>The same counties, by class then rank.</returns>
    public static IReadOnlyList<CountyAssessment> Rank(IEnumerable<CountyAssessment> counties)
    {
        ArgumentNullException.ThrowIfNull(counties);
        var ranked = new List<CountyAssessment>();
        foreach (var group in counties.GroupBy(c => c.CountyClass).OrderBy(g => g.Key))
        {
            var ordered = group.OrderBy(c => c.Vetoed).ThenByDescending(c => c.Score).ThenBy(c => c.CountyCode).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var rank = i > 0 && ordered[i].Vetoed == ordered[i - 1].Vetoed && ordered[i].Score == ordered[i - 1].Score
                    ? ranked[^1].RankInClass
                    : i + 1;
                ranked.Add(ordered[i] with { RankInClass = rank, ClassSize = ordered.Count });
            }
        }

        return ranked;
    }
}
