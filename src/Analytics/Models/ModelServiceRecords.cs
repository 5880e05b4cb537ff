namespace RevivalAnalytics.Models;

/// <summary>Whether a model kind is being served, and if not, why.</summary>
/// <param name="Kind"><c>risk</c> or <c>income</c>.</param>
/// <param name="Available">True when the model loaded and scored the data.</param>
/// <param name="ModelId">The loaded model's id.</param>
/// <param name="CreatedUtc">When the loaded model was trained.</param>
/// <param name="TrainedOnThisData">True when the model's data fingerprint equals the served data's (false: trained on another data version; still served).</param>
/// <param name="ErrorKind">What went wrong: why the model is not available, or (still available) why a newer model or data version could not replace it.</param>
/// <param name="Error">Bilingual message (Chinese first) for <paramref name="ErrorKind"/>.</param>
public sealed record ModelStatus(string Kind, bool Available, string? ModelId, DateTimeOffset? CreatedUtc, bool TrainedOnThisData, ModelErrorKind? ErrorKind, string? Error)
{
    /// <summary>The data the figures were computed from (<see cref="ModelDataSource.Fingerprint"/>; for the data store it
    /// starts with the version id, e.g. <c>v0002-1a2b3c4d</c>); null when not available.</summary>
    public string? DataFingerprint { get; init; }
}

/// <summary>A household's risk with the factors that raise it most.</summary>
/// <param name="Score">The calibrated score.</param>
/// <param name="TopFactors">Up to three factors, largest SHAP contribution first.</param>
public sealed record HouseholdRisk(HouseholdRiskScore Score, IReadOnlyList<RiskFactor> TopFactors);

/// <summary>One county class compared on predicted risk and income growth.</summary>
/// <param name="CountyClass">1 先行示范县, 2 整体推进县, 3 重点帮扶县.</param>
/// <param name="Risk">Expected returning households with range; null without a risk model.</param>
/// <param name="Distribution">Households per risk band; null without a risk model.</param>
/// <param name="Counties">Counties of the class with a forecast.</param>
/// <param name="MeanForecastGrowth">Mean forecast income growth of the class's counties for the first forecast year (NaN without an income model).</param>
/// <param name="MeanForecastIncome">Mean forecast income (yuan) for the first forecast year (NaN without an income model).</param>
public sealed record ClassComparison(int CountyClass, ExpectedReturns? Risk, RiskDistribution? Distribution, int Counties, double MeanForecastGrowth, double MeanForecastIncome);
