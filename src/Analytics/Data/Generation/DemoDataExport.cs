using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Generation;

/// <summary>Row and file counts of one table of a written export.</summary>
/// <param name="Table">Table (folder) name.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Files">Parquet files written.</param>
public readonly record struct ExportedTable(string Table, long Rows, int Files);

/// <summary>
/// Writes a generated dataset as an export in the layout of docs/data-contract.md: one folder per table,
/// Parquet (zstd) files, <c>year=</c> / <c>month=</c> partitions for household years and monthly snapshots,
/// and <c>_manifest.json</c>. The export is assembled in a temporary sibling folder and moved into place at
/// the end, so a crash never leaves a half-written export under the target name.
/// </summary>
public static class DemoDataExport
{
    /// <summary>Version of docs/data-contract.md that the writer follows.</summary>
    public const string ContractVersion = DataContract.Version;

    // Household-year rows held in DuckDB before they are copied out; bounds memory and keeps files large.
    private const long HouseholdYearFlushRows = 4_000_000;
    private const long SnapshotFlushRows = 4_000_000;
    private const long HouseholdFlushRows = 2_000_000;

    /// <summary>Generates the dataset for <paramref name="options"/> and writes it to <paramref name="outputDirectory"/>.</summary>
    /// <param name="outputDirectory">Target folder; must not exist or be empty unless <paramref name="overwrite"/> is set.</param>
    /// <param name="options">Generator options (households, years, seed, batching).</param>
    /// <param name="overwrite">Replace an existing non-empty folder.</param>
    /// <param name="progress">Receives progress after each household batch.</param>
    /// <param name="cancellationToken">Stops between batches; nothing is left under the target name.</param>
    /// <returns>Rows and files written per table.</returns>
    /// <exception cref="IOException">The target exists and is not empty, and <paramref name="overwrite"/> is false.</exception>
    public static IReadOnlyList<ExportedTable> Write(
        string outputDirectory,
        GeneratorOptions options,
        bool overwrite = false,
        IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        var target = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !overwrite)
        {
            throw new IOException($"输出目录 {target} 已存在且非空(可使用 --force 覆盖)。Output folder {target} exists and is not empty (use --force to replace it).");
        }

        var generator = new DemoDataGenerator(options);
        var parent = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.writing-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        try
        {
            var written = WriteTo(staging, generator, progress, cancellationToken);
            WriteManifest(staging, options, written);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(staging, target);
            return written;
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    private static List<ExportedTable> WriteTo(string folder, DemoDataGenerator generator, IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        var threads = generator.Options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        using var database = DuckDbDatabase.Open(null, new DuckDbOptions { Threads = threads });
        using var connection = database.Connect();
        var counts = new Dictionary<string, (long Rows, int Files)>(StringComparer.Ordinal);

        progress?.Report(new GenerationProgress("province", 0, generator.Options.Households, 0));
        foreach (var table in generator.GenerateProvinceTables())
        {
            CreateTable(connection, table);
            Append(connection, table);
            Copy(connection, table.Name, Path.Combine(folder, table.Name, "part-00000.parquet"), partitionBy: null, counts, table.RowCount);
            connection.Execute($"DROP TABLE {table.Name}");
        }

        var sink = new BatchSink(connection, folder, counts);
        var truth = new TruthSink(connection, folder);
        generator.ForEachBatch(batch => { sink.Add(batch); truth.Add(batch); }, progress, cancellationToken);
        sink.FlushAll();
        truth.Flush();

        return counts.Select(kv => new ExportedTable(kv.Key, kv.Value.Rows, kv.Value.Files)).OrderBy(t => t.Table, StringComparer.Ordinal).ToList();
    }

    private sealed class BatchSink(DuckDBConnection connection, string folder, Dictionary<string, (long Rows, int Files)> counts)
    {
        private readonly long[] _pending = new long[3];
        private readonly int[] _flushes = new int[3];
        private bool _created;

        public void Add(HouseholdBatch batch)
        {
            ColumnTable[] tables = [batch.HouseholdsTable(), batch.HouseholdYearsTable(), batch.SnapshotsTable()];
            if (!_created)
            {
                foreach (var table in tables)
                {
                    CreateTable(connection, table);
                }

                _created = true;
            }

            for (var t = 0; t < tables.Length; t++)
            {
                Append(connection, tables[t]);
                _pending[t] += tables[t].RowCount;
                if (_pending[t] >= s_flushRows[t])
                {
                    Flush(t);
                }
            }
        }

        public void FlushAll()
        {
            for (var t = 0; t < _pending.Length; t++)
            {
                Flush(t);
            }
        }

        // Each table is copied out on its own threshold, so files stay large (few files per partition)
        // while the rows DuckDB holds in memory stay bounded.
        private void Flush(int t)
        {
            if (!_created || _pending[t] == 0)
            {
                return;
            }

            var name = s_tables[t];
            var part = _flushes[t].ToString("D5", CultureInfo.InvariantCulture);
            if (s_partitions[t] is { } partitionBy)
            {
                Copy(connection, name, Path.Combine(folder, name), partitionBy, counts, _pending[t], part);
            }
            else
            {
                Copy(connection, name, Path.Combine(folder, name, $"part-{part}.parquet"), null, counts, _pending[t]);
            }

            connection.Execute($"DELETE FROM {name}");
            _pending[t] = 0;
            _flushes[t]++;
        }

        private static readonly string[] s_tables = [TableNames.Households, TableNames.HouseholdYears, TableNames.MonitoringSnapshots];
        private static readonly string[]?[] s_partitions = [.. s_tables.Select(t => DataContract.Table(t).PartitionBy is { Count: > 0 } by ? by.ToArray() : null)];
        private static readonly long[] s_flushRows = [HouseholdFlushRows, HouseholdYearFlushRows, SnapshotFlushRows];
    }

    private static void CreateTable(DuckDBConnection connection, ColumnTable table)
    {
        // NOT NULL mirrors the contract, so the writer itself cannot emit a row the importer would quarantine for NULLs.
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\" {c.SqlType}{(c.Nullable ? "" : " NOT NULL")}"));
        connection.Execute($"CREATE TABLE {table.Name} ({columns})");
    }

    private static void Append(DuckDBConnection connection, ColumnTable table)
    {
        if (table.RowCount == 0)
        {
            return;
        }

        connection.AppendColumns(table.Name, table.RowCount, table.Columns.Select(c => c.Values).ToArray());
    }

    private static void Copy(DuckDBConnection connection, string table, string path, string[]? partitionBy, Dictionary<string, (long Rows, int Files)> counts, long rows, string? part = null)
    {
        var filesBefore = CountFiles(path, partitionBy);
        if (partitionBy is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            connection.Execute($"COPY {table} TO {SqlText.Literal(path)} (FORMAT parquet, COMPRESSION zstd)");
        }
        else
        {
            // Partition columns are also written into the files, so each file is self-describing (the contract allows both).
            connection.Execute(
                $"COPY {table} TO {SqlText.Literal(path)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({string.Join(", ", partitionBy)}), " +
                $"WRITE_PARTITION_COLUMNS true, OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'part-{part}-{{i}}')");
        }

        var filesAfter = CountFiles(path, partitionBy);
        var previous = counts.GetValueOrDefault(table);
        counts[table] = (previous.Rows + rows, previous.Files + filesAfter - filesBefore);
    }

    private static int CountFiles(string path, string[]? partitionBy)
    {
        var folder = partitionBy is null ? Path.GetDirectoryName(path)! : path;
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Count() : 0;
    }

    private static void WriteManifest(string folder, GeneratorOptions options, IReadOnlyList<ExportedTable> tables)
    {
        using var stream = File.Create(Path.Combine(folder, DataContract.ManifestFile));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("contract_version", ContractVersion);
        json.WriteString("producer", "revival generate");
        json.WriteString("created_utc", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        json.WriteNumber("first_year", options.FirstYear);
        json.WriteNumber("last_year", options.LastYear);
        json.WriteStartObject("generator");
        json.WriteNumber("seed", options.Seed);
        json.WriteNumber("households", options.Households);
        json.WriteEndObject();
        json.WriteStartObject("tables");
        foreach (var table in tables)
        {
            json.WriteStartObject(table.Table);
            json.WriteNumber("rows", table.Rows);
            json.WriteNumber("files", table.Files);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
