using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Import;

/// <summary>An export that passed validation, written out in a folder, waiting to be published as a version.</summary>
/// <param name="Directory">The folder holding the accepted tables and the quarantine.</param>
/// <param name="Fingerprint">The batch's content fingerprint.</param>
/// <param name="ContractVersion">The export's contract version (from its manifest).</param>
/// <param name="FirstYear">First year of the data.</param>
/// <param name="LastYear">Last year of the data.</param>
/// <param name="Tables">Rows read, published and quarantined per table.</param>
/// <param name="Problems">Problems listed (batch-level first, then up to 1000 row problems).</param>
/// <param name="ProblemCounts">Problems per rule id, every row counted.</param>
internal sealed record ValidatedBatch(
    string Directory, string Fingerprint, string ContractVersion, int FirstYear, int LastYear,
    IReadOnlyList<TableImportSummary> Tables, IReadOnlyList<ImportProblem> Problems, IReadOnlyDictionary<string, long> ProblemCounts);

/// <summary>
/// The import pipeline (docs/import.md, "Validation"): inspect the export, fingerprint it, load every file into a scratch
/// DuckDB database, run the contract's rules, and write the accepted rows and the quarantine into a folder. Publishing
/// that folder as a version is the data store's business; the pipeline only asks it whether the batch is already one.
/// </summary>
/// <param name="source">The export folder (absolute).</param>
/// <param name="staging">A scratch folder of the import's own: DuckDB spills there, and the output is written below it.</param>
/// <param name="currentVersion">The version current when the import began, for the reports of a batch not published.</param>
/// <param name="progress">Receives a report at each stage and table.</param>
/// <param name="stageReached">Called with the name of each stage reached (tests throw from it to simulate a crash).</param>
internal sealed class ImportPipeline(string source, string staging, string? currentVersion, IProgress<ImportProgress>? progress, Action<string>? stageReached)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private int _step;

    /// <summary>Validates the export. Returns a finished report when the batch is refused or already imported, or else
    /// the validated batch, written to <see cref="ValidatedBatch.Directory"/>.</summary>
    /// <param name="alreadyImported">Given the batch's fingerprint and the problems the inspection found (warnings), the
    /// report for a version that holds the batch already, or null.</param>
    /// <param name="cancellationToken">Stops between stages; nothing is written.</param>
    public (ImportReport? Finished, ValidatedBatch? Batch) Run(Func<string, IReadOnlyList<ImportProblem>, ImportReport?> alreadyImported, CancellationToken cancellationToken)
    {
        // In memory, spilling to the staging folder past the limit: the scratch tables never need to survive the process.
        using var database = DuckDbDatabase.Open(null, new DuckDbOptions
        {
            MemoryLimit = "4GB",
            Settings = new Dictionary<string, string> { ["temp_directory"] = Path.Combine(staging, "spill") },
        });
        using var connection = database.Connect();
        connection.Execute("SET TimeZone = 'UTC'");

        Report("inspect", null, "检查清单、文件与表结构", "checking manifest, files and schemas");
        var inspection = ExportInspector.Inspect(source, connection);
        stageReached?.Invoke("inspected");
        if (inspection.Rejected)
        {
            return (Rejected(inspection.Problems, null, []), null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Report("fingerprint", null, "计算批次指纹", "fingerprinting the batch");
        var fingerprint = Fingerprint(source, inspection);
        if (alreadyImported(fingerprint, inspection.Problems) is { } unchanged)
        {
            return (unchanged, null);
        }

        var work = new ImportStaging(connection, inspection);
        foreach (var table in inspection.Tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            work.Load(table, name => Report("load", name, $"读取 {name}", $"loading {name}"));
        }

        var problems = new List<ImportProblem>(inspection.Problems);
        if (work.Rejected)
        {
            problems.AddRange(work.Problems);
            return (Rejected(problems, fingerprint, []), null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        work.Validate(name => Report("validate", name, $"校验 {name}", $"validating {name}"));
        stageReached?.Invoke("validated");
        problems.AddRange(work.Problems);
        var counts = new Dictionary<string, long>(work.ProblemCounts, StringComparer.Ordinal);
        foreach (var problem in inspection.Problems)
        {
            counts[problem.Rule] = counts.GetValueOrDefault(problem.Rule) + 1;
        }

        var summaries = work.Outcomes.Select(o => new TableImportSummary(o.Table, o.Rows, o.Published, o.Quarantined)).ToList();
        if (problems.Any(p => p.Severity == ProblemSeverity.Reject))
        {
            return (Rejected(problems, fingerprint, summaries, counts), null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var build = Path.Combine(staging, "version");
        Directory.CreateDirectory(build);
        work.Write(build, name => Report("write", name, $"写出 {name}", $"writing {name}"));
        stageReached?.Invoke("written");

        cancellationToken.ThrowIfCancellationRequested();
        Report("publish", null, "发布新版本", "publishing the new version");
        var manifest = inspection.Manifest!;
        return (null, new ValidatedBatch(build, fingerprint, manifest.ContractVersion, manifest.FirstYear, manifest.LastYear, summaries, problems, counts));
    }

    /// <summary>Wall-clock time since the pipeline was created.</summary>
    public TimeSpan Elapsed => _watch.Elapsed;

    // Inspect, fingerprint, load and validate and write per table, publish.
    private void Report(string stage, string? table, string zh, string en) =>
        progress?.Report(new ImportProgress(stage, _step++, 3 + (3 * DataContract.Tables.Count) + 1, table, $"{zh} / {en}"));

    private ImportReport Rejected(List<ImportProblem> problems, string? fingerprint, List<TableImportSummary> tables, Dictionary<string, long>? counts = null) => new()
    {
        Outcome = ImportOutcome.Rejected,
        CurrentVersion = currentVersion,
        Fingerprint = fingerprint,
        Problems = problems,
        ProblemCounts = counts ?? problems.GroupBy(p => p.Rule).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal),
        Tables = tables,
        Elapsed = _watch.Elapsed,
    };

    // SHA-256 over the manifest's contract version and years and every Parquet file (relative path and bytes): a
    // regenerated export with the same seed has the same fingerprint (the manifest's creation time is left out).
    private static string Fingerprint(string source, ExportInspection inspection)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var manifest = inspection.Manifest!;
        hash.AppendData(Encoding.UTF8.GetBytes($"{manifest.ContractVersion}\n{manifest.FirstYear}\n{manifest.LastYear}\n"));
        var buffer = new byte[1 << 20];
        foreach (var file in inspection.Tables.SelectMany(t => t.Files).OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.RelativePath + "\n"));
            using var stream = new FileStream(Path.Combine(source, file.RelativePath), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
