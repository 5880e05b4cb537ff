using System.Text.Json;
using System.Text.Json.Serialization;

namespace RevivalAnalytics.Models;

/// <summary>Scores of one county class on the test year.</summary>
/// <param name="CountyClass">1 先行示范县, 2 整体推进县, 3 重点帮扶县.</param>
/// <param name="Scores">The class's scores.</param>
public sealed record ClassScores(int CountyClass, BinaryScores Scores);

/// <summary>
/// The risk model's time-correct evaluation: trained on cutoffs <see cref="TrainFirstCutoff"/>–<see cref="TrainLastCutoff"/>,
/// calibrated on <see cref="CalibrationCutoff"/>, scored on <see cref="TestCutoff"/> (labels from the year after each cutoff).
/// </summary>
/// <param name="TrainFirstCutoff">First training cutoff year.</param>
/// <param name="TrainLastCutoff">Last training cutoff year.</param>
/// <param name="CalibrationCutoff">Cutoff year of the calibration rows.</param>
/// <param name="TestCutoff">Cutoff year of the test rows.</param>
/// <param name="Test">Calibrated scores on the test year.</param>
/// <param name="TestUncalibrated">LightGbm's own probabilities on the test year (for the gain of calibration).</param>
/// <param name="ByClass">Calibrated test scores per county class.</param>
/// <param name="Reliability">Reliability table of the calibrated test probabilities (ten bins of equal size).</param>
/// <param name="TopFactors">Features by permutation importance on the test year, largest first.</param>
public sealed record RiskEvaluation(
    int TrainFirstCutoff,
    int TrainLastCutoff,
    int CalibrationCutoff,
    int TestCutoff,
    BinaryScores Test,
    BinaryScores TestUncalibrated,
    IReadOnlyList<ClassScores> ByClass,
    IReadOnlyList<ReliabilityBin> Reliability,
    IReadOnlyList<FeatureImportance> TopFactors);

/// <summary>A feature's permutation importance: how much the test year's ROC-AUC falls when its values are shuffled.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Chinese">Plain Chinese name.</param>
/// <param name="English">Plain English name.</param>
/// <param name="AucDecrease">Fall of the ROC-AUC (ML.NET's <c>PermutationFeatureImportance</c>); ≤ 0 means the model does not rely on it.</param>
public sealed record FeatureImportance(string Feature, string Chinese, string English, double AucDecrease);

/// <summary>One reason a household's risk is higher than average: a feature, its value and its SHAP contribution.</summary>
/// <param name="Feature">Feature name.</param>
/// <param name="Chinese">Plain Chinese name, e.g. 收入高于监测线的幅度.</param>
/// <param name="English">Plain English name.</param>
/// <param name="Value">The household's value of the feature (NaN when missing).</param>
/// <param name="Contribution">SHAP contribution to the calibrated log-odds (positive raises the risk); a household's contributions add up to its log-odds less the average's.</param>
public sealed record RiskFactor(string Feature, string Chinese, string English, [property: JsonConverter(typeof(NaNAsNullJsonConverter))] double Value, double Contribution);

/// <summary>A household's calibrated probability of returning to poverty in the year after the cutoff.</summary>
/// <param name="HouseholdId">Household id (no personal data).</param>
/// <param name="CountyCode">County code.</param>
/// <param name="CountyClass">County class code.</param>
/// <param name="CutoffYear">The year whose end the features describe.</param>
/// <param name="Probability">Calibrated probability of falling under the monitoring line or being identified in the next 12 months.</param>
/// <param name="SampleWeight">Households of the province the sample household stands for.</param>
/// <param name="RawScore">The trees' score (ML.NET's <c>Score</c>), from which the probability is calibrated.</param>
public readonly record struct HouseholdRiskScore(long HouseholdId, int CountyCode, int CountyClass, int CutoffYear, double Probability, double SampleWeight, double RawScore);

/// <summary>Progress of a long model operation.</summary>
/// <param name="Stage">Bilingual stage name.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
public readonly record struct ModelProgress(string Stage, int Step, int Steps);

/// <summary>The Platt map from the trees' score s to the probability 1 / (1 + exp(<paramref name="Slope"/>·s + <paramref name="Offset"/>)), fitted by ML.NET on the calibration year.</summary>
/// <param name="Slope">Slope (negative: a higher score is a higher risk).</param>
/// <param name="Offset">Offset.</param>
public sealed record PlattCalibration(double Slope, double Offset);

/// <summary>Writes NaN (a missing feature value) as JSON null: plain JSON has no NaN, and the HTTP API must not fail on one.</summary>
internal sealed class NaNAsNullJsonConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>
/// Expected number of households returning to poverty in a group, with a 90% range that holds the year-to-year
/// variation of shared shocks (a county's disaster, a class's or the province's bad year) as the backtest's past years
/// showed it, not only the households' own chance (docs/models.md, section 2a). Weighted figures scale each
/// household by its sample weight to the province's households.
/// </summary>
/// <param name="Key">County code, county class code, or 0 for the province.</param>
/// <param name="Households">Sample households scored.</param>
/// <param name="MeanProbability">Mean calibrated probability.</param>
/// <param name="ExpectedCount">Expected returning sample households: Σp, times <see cref="Correction"/>.</param>
/// <param name="Lower">Lower end of the 90% range.</param>
/// <param name="Upper">Upper end of the 90% range.</param>
/// <param name="WeightedExpected">Expected returning households in the province (sample-weighted).</param>
/// <param name="WeightedLower">Lower end of the weighted 90% range.</param>
/// <param name="WeightedUpper">Upper end of the weighted 90% range.</param>
public sealed record ExpectedReturns(
    int Key,
    int Households,
    double MeanProbability,
    double ExpectedCount,
    double Lower,
    double Upper,
    double WeightedExpected,
    double WeightedLower,
    double WeightedUpper)
{
    /// <summary>What the 90% range includes, in one sentence (Chinese).</summary>
    public const string RangeNoteChinese = "90% 区间不仅包含各户自身的偶然性,还包含过去几年回测中看到的整县、整类、全省共同冲击(如灾害、外出务工不景气)带来的年际波动。";

    /// <summary>What the 90% range includes, in one sentence (English).</summary>
    public const string RangeNoteEnglish = "The 90% range holds not only each household's own chance but also the year-to-year swings of shocks that hit a whole county, class or the province at once (a disaster, a bad year for migrant work), as past years showed them in the backtest.";

    /// <summary>The factor applied to Σp because past years showed the class (or the province) systematically off; 1 when none.</summary>
    public double Correction { get; init; } = 1;

    /// <summary>What the 90% range includes, Chinese then English (the API carries it with every row).</summary>
    public string RangeNote => RangeNoteChinese + " " + RangeNoteEnglish;
}

/// <summary>How a group's households spread over risk bands.</summary>
/// <param name="Key">County code, or county class code.</param>
/// <param name="BandUpperBounds">Upper bounds of the bands (the last is 1).</param>
/// <param name="Counts">Sample households per band.</param>
public sealed record RiskDistribution(int Key, IReadOnlyList<double> BandUpperBounds, IReadOnlyList<int> Counts);
