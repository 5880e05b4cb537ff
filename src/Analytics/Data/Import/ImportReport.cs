namespace RevivalAnalytics.Data.Import;

/// <summary>How an import ended.</summary>
public enum ImportOutcome
{
    /// <summary>A new version was published and is now current.</summary>
    Published,

    /// <summary>The same batch (same fingerprint) is already a version; nothing changed.</summary>
    Unchanged,

    /// <summary>The batch was refused; the previous version stays current.</summary>
    Rejected,
}

/// <summary>What an import did and every problem it found.</summary>
public sealed class ImportReport
{
    /// <summary>Published, unchanged or rejected.</summary>
    public required ImportOutcome Outcome { get; init; }

    /// <summary>The new version (published), the existing version with the same content (unchanged), or null (rejected).</summary>
    public string? VersionId { get; init; }

    /// <summary>The version current after the import (unchanged after a rejection).</summary>
    public string? CurrentVersion { get; init; }

    /// <summary>Content fingerprint of the export, or null if the export could not be read.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>Problems in file/row order: batch-level first, then up to 1000 row problems (the full list is in the version's quarantine).</summary>
    public required IReadOnlyList<ImportProblem> Problems { get; init; }

    /// <summary>Problems per rule id, counting every row problem, not only the listed ones.</summary>
    public required IReadOnlyDictionary<string, long> ProblemCounts { get; init; }

    /// <summary>Rows read, published and quarantined per table (empty if the batch was refused before reading rows).</summary>
    public required IReadOnlyList<TableImportSummary> Tables { get; init; }

    /// <summary>Wall-clock time of the import.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>A one-line bilingual summary.</summary>
    public string Summary => Outcome switch
    {
        ImportOutcome.Published => $"已发布数据版本 {VersionId} / published version {VersionId}",
        ImportOutcome.Unchanged => VersionId == CurrentVersion
            ? $"该批次已导入为当前版本 {VersionId},未做任何改动 / this batch is already the current version {VersionId}; nothing changed"
            : $"该批次已导入为版本 {VersionId}(当前为 {CurrentVersion}),未做任何改动;如需切换请回滚 / this batch is already version {VersionId} (current is {CurrentVersion}); nothing changed, use rollback to switch",
        _ => $"批次被拒绝,当前版本仍为 {CurrentVersion ?? "(无)"} / batch rejected; current version stays {CurrentVersion ?? "(none)"}",
    };
}

/// <summary>Rows of one table in an import.</summary>
/// <param name="Table">Contract table.</param>
/// <param name="Rows">Rows read from the export.</param>
/// <param name="Published">Rows accepted.</param>
/// <param name="Quarantined">Rows kept aside with their reasons.</param>
public readonly record struct TableImportSummary(string Table, long Rows, long Published, long Quarantined);
