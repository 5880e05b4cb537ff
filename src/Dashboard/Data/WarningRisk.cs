using RevivalAnalytics.Metrics;
using RevivalAnalytics.Models;
using RevivalAnalytics.Xgboost;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Puts the risk model's output on the early-warning lists (page, API, CSV): a household's probability and top factors,
/// a county's expected returns, all from the request's <see cref="ModelSnapshot"/>, whose early-warning service ranks
/// <c>sort=risk</c> by the same scores in SQL before paging. A model problem never breaks a list: the risk fields stay
/// null and the page says why.
/// </summary>
internal sealed partial class WarningRisk(ModelSnapshot snapshot, ILogger<WarningRisk> logger)
{
    private readonly ModelService _models = snapshot.Models;

    /// <summary>The risk model's state (its bilingual error when not available, or why a refresh was not taken).</summary>
    public ModelStatus Status => snapshot.RiskStatus;

    /// <summary>The year whose end the scores describe (they are for the 12 months after it); null without scores.</summary>
    public int? CutoffYear => snapshot.CutoffYear;

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
        catch (XgboostException e)
        {
            LogExplainFailed(logger, e);
            return rows;
        }

        return [.. rows.Select(r => risks.TryGetValue(r.HouseholdId, out var risk)
            ? r with { RiskProbability = risk.Score.Probability, RiskFactors = risk.TopFactors }
            : r)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not explain risk scores for the early-warning list")]
    private static partial void LogExplainFailed(ILogger logger, Exception error);
}
