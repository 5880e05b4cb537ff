using System.Text.Json;
using System.Text.Json.Serialization;

namespace RevivalAnalytics.Data.Versions;

/// <summary>A published data version: what was imported, from where, and what was kept aside.</summary>
public sealed record DataVersion
{
    /// <summary>Version id, e.g. <c>v0003</c>; also the folder name under <c>versions/</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>When the version was created (UTC).</summary>
    [JsonPropertyName("created_utc")]
    public required DateTime CreatedUtc { get; init; }

    /// <summary>Contract version of the source export (from its manifest).</summary>
    [JsonPropertyName("contract_version")]
    public required string ContractVersion { get; init; }

    /// <summary>SHA-256 over the export's Parquet files (relative path and content) and manifest years.</summary>
    [JsonPropertyName("source_fingerprint")]
    public required string SourceFingerprint { get; init; }

    /// <summary>The export folder the version was imported from.</summary>
    [JsonPropertyName("source_directory")]
    public required string SourceDirectory { get; init; }

    /// <summary>First and last year of the data.</summary>
    [JsonPropertyName("years")]
    public required int[] Years { get; init; }

    /// <summary>Published rows per table.</summary>
    [JsonPropertyName("rows")]
    public required Dictionary<string, long> Rows { get; init; }

    /// <summary>Quarantined rows per table.</summary>
    [JsonPropertyName("quarantined_rows")]
    public required Dictionary<string, long> QuarantinedRows { get; init; }

    /// <summary>Problems per rule id (warnings included).</summary>
    [JsonPropertyName("problems")]
    public required Dictionary<string, long> Problems { get; init; }

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
