namespace RevivalAnalytics.Data.Import;

/// <summary>What a problem does to the import (docs/data-contract.md, section 7).</summary>
public enum ProblemSeverity
{
    /// <summary>Reported only; the batch is imported (e.g. an extra column that is skipped).</summary>
    Warning = 0,

    /// <summary>The row is kept aside in the version's quarantine with its reasons; the other rows are published.</summary>
    Quarantine = 1,

    /// <summary>The whole batch is refused; the previous version stays current.</summary>
    Reject = 2,
}

/// <summary>One problem found in an export.</summary>
/// <param name="Rule">Rule id (see <see cref="ImportRules"/>), e.g. <c>null_value</c>.</param>
/// <param name="Severity">Whether the problem rejects the batch, quarantines the row, or only warns.</param>
/// <param name="Table">Contract table, or null for the export as a whole (manifest).</param>
/// <param name="File">File path relative to the export folder, or null.</param>
/// <param name="Row">0-based row number within <paramref name="File"/>, or null for file- or table-level problems.</param>
/// <param name="Column">Column name (several joined by commas for a composite key), or null.</param>
/// <param name="Value">The offending value as text; null for personal data, which is never repeated in reports.</param>
/// <param name="MessageZh">What is wrong, in Chinese.</param>
/// <param name="MessageEn">What is wrong, in English.</param>
public sealed record ImportProblem(
    string Rule,
    ProblemSeverity Severity,
    string? Table,
    string? File,
    long? Row,
    string? Column,
    string? Value,
    string MessageZh,
    string MessageEn)
{
    /// <summary>True when the row is quarantined only because another row was (rule <c>parent_quarantined</c>, or the rest
    /// of a broken monitoring spell): the reason is on that other row, which reports list first.</summary>
    public bool KnockOn { get; init; }

    /// <summary>The bilingual message, Chinese first, with the location.</summary>
    public string Message => $"{Location}: {MessageZh} / {MessageEn}";

    /// <summary>File, row and column as one readable string.</summary>
    public string Location => string.Join(' ', new[]
    {
        File ?? Table ?? "_manifest.json",
        Row is { } r ? $"row {r}" : null,
        Column is null ? null : $"column {Column}",
    }.Where(s => s is not null));
}

/// <summary>Progress of an import, reported at each stage and table.</summary>
/// <param name="Stage">Stage id: inspect, fingerprint, load, validate, write, publish.</param>
/// <param name="Step">Steps done so far.</param>
/// <param name="Steps">Steps in total (an estimate until the export has been inspected).</param>
/// <param name="Table">Table being worked on, if any.</param>
/// <param name="Description">Bilingual description of the step.</param>
public readonly record struct ImportProgress(string Stage, int Step, int Steps, string? Table, string Description);
