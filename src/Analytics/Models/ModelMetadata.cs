using System.Text.Json.Serialization;

namespace RevivalAnalytics.Models;

/// <summary>
/// What a stored model is and how it was made: written as <c>metadata.json</c> beside ML.NET's model zip in
/// <c>DATA_DIR/models/&lt;id&gt;/</c>.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>The metadata layout version this code writes and reads: 2 (ML.NET). Version 1 models were trained by the former XGBoost engine and are refused.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Layout version of this file.</summary>
    [JsonPropertyName("format_version")]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Model id, also the folder name: <c>&lt;kind&gt;-&lt;yyyyMMddTHHmmssZ&gt;-&lt;data fingerprint&gt;</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary><c>risk</c> (household return-to-poverty risk) or <c>income</c> (county income growth).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>When the model was trained (UTC).</summary>
    [JsonPropertyName("created_utc")]
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Fingerprint of the data trained on (<see cref="ModelDataSource.Fingerprint"/>).</summary>
    [JsonPropertyName("data_fingerprint")]
    public required string DataFingerprint { get; init; }

    /// <summary>
    /// The data store version trained on (<c>v0003</c> from a fingerprint <c>v0003-1a2b3c4d</c>, see
    /// <see cref="ModelDataSource.FromDataStore"/>), or null for a model trained on an export folder.
    /// </summary>
    [JsonIgnore]
    public string? DataVersionId => System.Text.RegularExpressions.Regex.Match(DataFingerprint, "^(v[0-9]{4,})-") is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>First year of the data trained on.</summary>
    [JsonPropertyName("data_first_year")]
    public required int DataFirstYear { get; init; }

    /// <summary>Last year of the data trained on.</summary>
    [JsonPropertyName("data_last_year")]
    public required int DataLastYear { get; init; }

    /// <summary>Feature names in the model's column order.</summary>
    [JsonPropertyName("features")]
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Training parameters by name.</summary>
    [JsonPropertyName("parameters")]
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>Random seed of training.</summary>
    [JsonPropertyName("seed")]
    public required int Seed { get; init; }

    /// <summary>Headline metrics on held-out data (e.g. <c>test_roc_auc</c>, <c>mape_h1</c>).</summary>
    [JsonPropertyName("metrics")]
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>ML.NET's model zip inside the model folder, or null for a model that has none (the income model is no learner).</summary>
    [JsonPropertyName("model_file")]
    public string? ModelFile { get; init; }

    /// <summary>SHA-256 of <see cref="ModelFile"/> (lower-case hex), checked on load.</summary>
    [JsonPropertyName("model_sha256")]
    public string ModelSha256 { get; init; } = "";

    /// <summary>Risk model only: the Platt calibration ML.NET fitted (also inside the zip; here for reading).</summary>
    [JsonPropertyName("calibration")]
    public PlattCalibration? Calibration { get; init; }

    /// <summary>Risk model only: per tree, the training weight that reached each leaf (TreeSHAP needs it; ML.NET does not keep it).</summary>
    [JsonPropertyName("tree_covers")]
    public IReadOnlyList<double[]>? TreeCovers { get; init; }

    /// <summary>Risk model only: the held-out evaluation.</summary>
    [JsonPropertyName("risk_evaluation")]
    public RiskEvaluation? RiskEvaluation { get; init; }

    /// <summary>Risk model only: the rolling-origin backtest of expected returning households per county, and the coverage of their ranges.</summary>
    [JsonPropertyName("returns_backtest")]
    public ReturnsBacktest? ReturnsBacktest { get; init; }

    /// <summary>Income model only: the rolling-origin backtest and the interval widths it gave.</summary>
    [JsonPropertyName("income_backtest")]
    public IncomeBacktest? IncomeBacktest { get; init; }
}
