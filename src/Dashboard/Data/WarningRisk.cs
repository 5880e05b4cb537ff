using RevivalAnalytics.Models;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Puts the risk model's output on the early-warning lists (page, API, CSV): a household's probability and top factors,
/// a county's expected returns, all from the request's <see cref="AnalyticsSnapshot"/>, whose early-warning service ranks
/// <c>sort=risk</c> by the same scores in SQL before paging: the list and its risk figures are of one data version. A
/// model problem never breaks a list: the risk fields stay null and the page says why.
/// </summary>
internal sealed partial class WarningRisk(AnalyticsSnapshot snapshot, ILogger<WarningRisk> logger)
{
    private readonly ModelService _models = snapshot.Models;

    /// <summary>The risk model's state (its bilingual error when not available, or why a refresh was not taken).</summary>
    public ModelStatus Status => snapshot.RiskStatus;

    /// <summary>The year whose end the scores describe (they are for the 12 months after it); null without scores.</summary>
    public int? CutoffYear => _models.HouseholdScores() is { Count: > 0 } scores ? scores[0].CutoffYear : null;

    /// <summary>What the API reports about the risk fields: <c>available</c> or <c>unavailable</c> (no usable model).</summary>
    public string ApiStatus => Status.Available ? "available" : "unavailable";

    /// <summary>Why the risk fields are null (bilingual, Chinese first); null when they are filled.</summary>
    public string? Message => Status.Available ? null : Status.Error;

    public WarningPage<HouseholdWarning> Annotate(WarningPage<HouseholdWarning> page) => page with { Rows = Annotate(page.Rows) };

    public WarningPage<CountyWarning> Annotate(WarningPage<CountyWarning> page) =>
        page with { Rows = [.. page.Rows.Select(r => _models.CountyRisk(r.CountyCode) is { } expected ? r with { ExpectedReturns = expected } : r)] };

    /// <summary>Probability and top factors of these rows only (the factors are SHAP values computed on demand).</summary>
    public IReadOnlyList<HouseholdWarning> Annotate(IReadOnlyList<HouseholdWarning> rows)
    {
        if (!Status.Available || rows.Count == 0)
        {
            return rows;
        }

        var risks = new Dictionary<long, HouseholdRisk>();
        try
        {
            foreach (var risk in _models.Households(rows.Select(r => r.HouseholdId)))
            {
                risks[risk.Score.HouseholdId] = risk;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A page must still render if explaining its households fails; the probabilities stay off this page.
            LogExplainFailed(logger, e);
            return rows;
        }

        return [.. rows.Select(r => risks.TryGetValue(r.HouseholdId, out var risk)
            ? r with { RiskProbability = risk.Score.Probability, RiskFactors = risk.TopFactors }
            : r)];
    }

    /// <summary>The API's answer: the page with the state of its risk fields.</summary>
    public WarningList<T> ToList<T>(WarningPage<T> page) =>
        new(page.Rows, page.Total, page.Page, page.PageSize, page.Sort, page.Descending, ApiStatus, Message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not explain risk scores for the early-warning list")]
    private static partial void LogExplainFailed(ILogger logger, Exception error);
}

/// <summary>A page of an early-warning list as the API returns it.</summary>
/// <param name="Rows">The rows of the page.</param>
/// <param name="Total">Rows in the whole list.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">Rows per page.</param>
/// <param name="Sort">The sort column applied.</param>
/// <param name="Descending">Whether sorted descending.</param>
/// <param name="RiskStatus"><c>available</c> or <c>unavailable</c> (no usable risk model; the risk fields are null).</param>
/// <param name="RiskMessage">Why the risk fields are null (bilingual, Chinese first); null when they are filled.</param>
public sealed record WarningList<T>(IReadOnlyList<T> Rows, long Total, int Page, int PageSize, string Sort, bool Descending, string RiskStatus, string? RiskMessage);
