using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Data;

/// <summary>
/// Whether the request's model figures were computed on the data version its pages show, decided once per request.
/// The views follow a new data version within seconds (<see cref="DataVersionWatcher"/>) while the models re-score it in
/// the background (<see cref="ModelRefresher"/>); in between, household ids may be reused and county histories revised,
/// so the previous version's probabilities, factors, expected returns and forecasts must not be put beside the new
/// version's rows. Every model figure on a page or in a list checks <see cref="Matches"/> and shows "—" with
/// <see cref="Hint"/> when it is false.
/// </summary>
internal sealed class ModelDataMatch
{
    /// <summary>Status value of the early-warning API while the figures are for another data version.</summary>
    public const string UpdatingStatus = "updating";

    /// <summary>The hint in Chinese.</summary>
    public const string HintZh = "正在按新数据版本更新风险评分，完成后自动显示";

    /// <summary>The hint in English.</summary>
    public const string HintEn = "updating risk scores for the new data version; they appear when done";

    public ModelDataMatch(ModelSnapshot snapshot, KpiService kpis)
    {
        PagesVersion = kpis.DataVersion;
        ModelsVersion = snapshot.DataVersion;
        // An export folder has no versions: the views and the models read the same fixed files.
        Matches = ModelsVersion is null || ModelsVersion == PagesVersion;
    }

    /// <summary>True when the model figures belong to the rows the request shows.</summary>
    public bool Matches { get; }

    /// <summary>The data version the request's pages show.</summary>
    public string PagesVersion { get; }

    /// <summary>The data version the model figures were computed on (null for an export folder).</summary>
    public string? ModelsVersion { get; }

    /// <summary>The bilingual hint, Chinese first (the API's <c>riskMessage</c>).</summary>
    public static string Hint => $"{HintZh} / {HintEn}";
}
