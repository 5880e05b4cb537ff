using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A dimension's score in two years, matched by the dimension's id.</summary>
/// <param name="Id">The dimension id.</param>
/// <param name="NameZh">Its name this year (Chinese).</param>
/// <param name="NameEn">Its name this year (English).</param>
/// <param name="Current">This year's score.</param>
/// <param name="Previous">Last year's score; null when last year's scorecard had no such dimension.</param>
public sealed record DimensionChange(string Id, string NameZh, string NameEn, double Current, double? Previous)
{
    /// <summary>This year's score minus last year's (4 decimals); null without last year's.</summary>
    public double? Change => Previous is { } p ? Math.Round(Current - p, 4) : null;
}

/// <summary>A county's published result beside the previous year's.</summary>
/// <param name="Current">This year's published result.</param>
/// <param name="Previous">The previous year's published result.</param>
public sealed record CountyYearOnYear(CountyAssessment Current, CountyAssessment Previous)
{
    /// <summary>This year's score minus last year's (4 decimals, as scores are kept).</summary>
    public double ScoreChange => Math.Round(Current.Score - Previous.Score, 4);

    /// <summary>Places moved up within the class (last year's rank minus this year's: positive is better); null when
    /// the county changed class, as ranks of two classes do not compare.</summary>
    public int? RankChange => Current.CountyClass == Previous.CountyClass ? Previous.RankInClass - Current.RankInClass : null;

    /// <summary>This year's dimensions with last year's score of the same dimension id.</summary>
    public IReadOnlyList<DimensionChange> Dimensions =>
        [.. Current.Dimensions.Select(d => new DimensionChange(d.Id, d.NameZh, d.NameEn, d.Score, Previous.Dimensions.FirstOrDefault(p => p.Id == d.Id)?.Score))];
}

/// <summary>Year on year: each county published in both years, this year's result beside last year's. Ranks are the
/// published ranks of each year (within the class, among the counties published that year).</summary>
public static class AssessmentYearOnYear
{
    /// <summary>Pairs the counties published in both years.</summary>
    /// <param name="current">This year's published results.</param>
    /// <param name="previous">The previous year's published results, or null.</param>
    /// <returns>One per county published in both years, by code; empty without a previous year.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="current"/> is null.</exception>
    public static IReadOnlyDictionary<int, CountyYearOnYear> Compare(PublishedYear current, PublishedYear? previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return new Dictionary<int, CountyYearOnYear>();
        }

        var before = previous.Result.Counties.ToDictionary(c => c.CountyCode);
        return current.Result.Counties
            .Where(c => before.ContainsKey(c.CountyCode))
            .ToDictionary(c => c.CountyCode, c => new CountyYearOnYear(c, before[c.CountyCode]));
    }
}
