using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Import;

/// <summary>One Parquet file of a table: where it is, its partition values from the path, and its columns' types.</summary>
internal sealed record ExportFile(string FullPath, string RelativePath, IReadOnlyDictionary<string, long> PartitionValues)
{
    public Dictionary<string, string> ColumnTypes { get; } = new(StringComparer.Ordinal);

    public long Rows { get; set; }
}

/// <summary>A table of the export as found on disk.</summary>
internal sealed record ExportTable(ContractTable Contract, IReadOnlyList<ExportFile> Files)
{
    public long Rows => Files.Sum(f => f.Rows);

    /// <summary>Whether any file carries <paramref name="column"/> itself (partition columns may come from the path only).</summary>
    public bool AnyFileHas(string column) => Files.Any(f => f.ColumnTypes.ContainsKey(column));

    /// <summary>Columns whose values must be checked against the contract type (a wider integer, a timestamp for a date).</summary>
    public IEnumerable<ContractColumn> ColumnsToCheck => Contract.Columns.Where(c =>
        Files.Any(f => f.ColumnTypes.TryGetValue(c.Name, out var type) && ContractTypes.Fit(c.Type, type) == TypeFit.CheckValues));
}

/// <summary>What the manifest says.</summary>
internal sealed record ExportManifest(string ContractVersion, int FirstYear, int LastYear, IReadOnlyDictionary<string, long> Rows);

/// <summary>The outcome of looking at an export before reading any value: manifest, files, schemas, row counts.</summary>
internal sealed class ExportInspection
{
    public ExportManifest? Manifest { get; set; }

    public List<ExportTable> Tables { get; } = [];

    public List<ImportProblem> Problems { get; } = [];

    public bool Rejected => Problems.Any(p => p.Severity == ProblemSeverity.Reject);
}

/// <summary>
/// Batch-level checks (docs/data-contract.md section 7, "reject the whole batch" items 1–5): the manifest, that every
/// table has readable Parquet files, each file's schema against the contract, and row counts against the manifest.
/// </summary>
internal static partial class ExportInspector
{
    private static readonly byte[] s_magic = "PAR1"u8.ToArray();

    public static ExportInspection Inspect(string exportDirectory, DuckDBConnection connection)
    {
        var inspection = new ExportInspection();
        inspection.Manifest = ReadManifest(exportDirectory, inspection.Problems);
        foreach (var contract in DataContract.Tables)
        {
            var folder = Path.Combine(exportDirectory, contract.Name);
            var paths = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
                : [];
            if (paths.Count == 0)
            {
                inspection.Problems.Add(Problem(ImportRules.TableMissing, contract.Name, null, null,
                    Directory.Exists(folder) ? $"数据表 {contract.Name} 的目录中没有 .parquet 文件" : $"缺少数据表目录 {contract.Name}/",
                    Directory.Exists(folder) ? $"folder {contract.Name}/ holds no .parquet file" : $"table folder {contract.Name}/ is missing"));
                continue;
            }

            var files = new List<ExportFile>();
            foreach (var path in paths)
            {
                var relative = Path.GetRelativePath(exportDirectory, path).Replace('\\', '/');
                var partitions = PartitionValues(contract, relative, inspection.Problems);
                var file = new ExportFile(path, relative, partitions);
                if (ReadFile(file, contract, connection, inspection.Problems))
                {
                    CheckSchema(file, contract, inspection.Problems);
                }

                files.Add(file);
            }

            inspection.Tables.Add(new ExportTable(contract, files));
        }

        CheckRowCounts(inspection);
        return inspection;
    }

    private static ExportManifest? ReadManifest(string exportDirectory, List<ImportProblem> problems)
    {
        var path = Path.Combine(exportDirectory, "_manifest.json");
        if (!File.Exists(path))
        {
            problems.Add(Problem(ImportRules.ManifestMissing, null, "_manifest.json", null, "导出目录中没有 _manifest.json", "the export has no _manifest.json"));
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var version = root.GetProperty("contract_version").GetString() ?? "";
            var major = version.Split('.')[0];
            if (major != DataContract.MajorVersion.ToString(CultureInfo.InvariantCulture))
            {
                problems.Add(Problem(ImportRules.ManifestInvalid, null, "_manifest.json", "contract_version",
                    $"数据契约版本 {version} 不受支持(本程序读取 1.x)", $"contract version {version} is not supported (this importer reads 1.x)", version));
                return null;
            }

            var first = root.GetProperty("first_year").GetInt32();
            var last = root.GetProperty("last_year").GetInt32();
            if (first < 2014 || last > 2100 || first > last)
            {
                problems.Add(Problem(ImportRules.ManifestInvalid, null, "_manifest.json", "first_year",
                    $"年份范围 {first}-{last} 无效", $"year range {first}-{last} is invalid", $"{first}-{last}"));
                return null;
            }

            var rows = new Dictionary<string, long>(StringComparer.Ordinal);
            if (root.TryGetProperty("tables", out var tables))
            {
                foreach (var table in tables.EnumerateObject())
                {
                    if (table.Value.TryGetProperty("rows", out var count))
                    {
                        rows[table.Name] = count.GetInt64();
                    }
                }
            }

            return new ExportManifest(version, first, last, rows);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            problems.Add(Problem(ImportRules.ManifestMissing, null, "_manifest.json", null,
                $"_manifest.json 无法解析:{error.Message}", $"_manifest.json cannot be read: {error.Message}"));
            return null;
        }
    }

    private static Dictionary<string, long> PartitionValues(ContractTable contract, string relative, List<ImportProblem> problems)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in PartitionSegment().Matches(relative))
        {
            var name = match.Groups[1].Value;
            if (!contract.PartitionBy.Contains(name))
            {
                continue;
            }

            if (long.TryParse(match.Groups[2].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                values[name] = value;
            }
            else
            {
                problems.Add(Problem(ImportRules.PartitionValue, contract.Name, relative, name,
                    $"分区路径 {name}={match.Groups[2].Value} 不是整数", $"partition path {name}={match.Groups[2].Value} is not an integer", match.Groups[2].Value));
            }
        }

        return values;
    }

    private static bool ReadFile(ExportFile file, ContractTable contract, DuckDBConnection connection, List<ImportProblem> problems)
    {
        var info = new FileInfo(file.FullPath);
        if (info.Length == 0)
        {
            problems.Add(Problem(ImportRules.FileEmpty, contract.Name, file.RelativePath, null, "文件大小为 0 字节", "the file has 0 bytes"));
            return false;
        }

        if (!HasMagic(file.FullPath, info.Length))
        {
            problems.Add(Problem(ImportRules.NotParquet, contract.Name, file.RelativePath, null,
                "文件首尾没有 Parquet 标记 PAR1(不是 Parquet 文件,或已被截断)", "the file does not start and end with the Parquet marker PAR1 (not Parquet, or truncated)"));
            return false;
        }

        try
        {
            var columns = connection.QueryColumns("DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)", file.FullPath);
            var names = columns.GetStrings("column_name");
            var types = columns.GetStrings("column_type");
            for (var i = 0; i < names.Length; i++)
            {
                file.ColumnTypes[names[i]!] = types[i]!;
            }

            file.Rows = connection.QueryColumns("SELECT num_rows FROM parquet_file_metadata(?)", file.FullPath).GetInt64s("num_rows")[0];

            return true;
        }
        catch (DuckDBException error)
        {
            problems.Add(Problem(ImportRules.FileUnreadable, contract.Name, file.RelativePath, null,
                $"DuckDB 无法读取该 Parquet 文件的元数据:{FirstLine(error.Message)}", $"DuckDB cannot read this Parquet file's metadata: {FirstLine(error.Message)}"));
            return false;
        }
    }

    private static bool HasMagic(string path, long length)
    {
        if (length < 12)
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        stream.ReadExactly(head);
        stream.Seek(-4, SeekOrigin.End);
        stream.ReadExactly(tail);
        return head.SequenceEqual(s_magic) && tail.SequenceEqual(s_magic);
    }

    private static void CheckSchema(ExportFile file, ContractTable contract, List<ImportProblem> problems)
    {
        var fileColumns = file.ColumnTypes.Keys.ToList();
        var extras = fileColumns.Where(c => contract.Column(c) is null).ToList();
        var renamedTo = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in contract.Columns)
        {
            if (file.ColumnTypes.TryGetValue(column.Name, out var type))
            {
                if (ContractTypes.Fit(column.Type, type) == TypeFit.Incompatible)
                {
                    problems.Add(Problem(ImportRules.ColumnType, contract.Name, file.RelativePath, column.Name,
                        $"列 {column.Name} 的类型为 {type},契约要求 {column.Type}(或可安全扩展为它的类型)",
                        $"column {column.Name} is {type}; the contract requires {column.Type} or a type that widens safely to it", type));
                }

                continue;
            }

            if (contract.PartitionBy.Contains(column.Name) && file.PartitionValues.ContainsKey(column.Name))
            {
                continue;
            }

            var stand = extras.FirstOrDefault(e => string.Equals(e, column.Name, StringComparison.OrdinalIgnoreCase))
                ?? (contract.Ordinal(column.Name) is var ordinal && ordinal < fileColumns.Count && extras.Contains(fileColumns[ordinal]) ? fileColumns[ordinal] : null);
            if (stand is not null && renamedTo.Add(stand))
            {
                problems.Add(Problem(ImportRules.ColumnRenamed, contract.Name, file.RelativePath, column.Name,
                    $"缺少列 {column.Name},同一位置出现未知列 {stand}:列似乎被改名", $"column {column.Name} is missing and unknown column {stand} stands in its place: renamed?", stand));
            }
            else
            {
                problems.Add(Problem(ImportRules.ColumnMissing, contract.Name, file.RelativePath, column.Name,
                    $"缺少契约规定的列 {column.Name}", $"required column {column.Name} is missing"));
            }
        }

        foreach (var extra in extras.Where(e => !renamedTo.Contains(e)))
        {
            problems.Add(Problem(ImportRules.ColumnExtra, contract.Name, file.RelativePath, extra,
                $"列 {extra} 不在数据契约中,未导入", $"column {extra} is not in the contract and is not imported"));
        }
    }

    private static void CheckRowCounts(ExportInspection inspection)
    {
        if (inspection.Manifest is not { } manifest || inspection.Rejected)
        {
            return;
        }

        foreach (var table in inspection.Tables)
        {
            if (!manifest.Rows.TryGetValue(table.Contract.Name, out var expected))
            {
                inspection.Problems.Add(Problem(ImportRules.ManifestInvalid, table.Contract.Name, "_manifest.json", "tables",
                    $"清单未给出数据表 {table.Contract.Name} 的行数", $"the manifest gives no row count for table {table.Contract.Name}"));
            }
            else if (expected != table.Rows)
            {
                inspection.Problems.Add(Problem(ImportRules.RowCountMismatch, table.Contract.Name, null, null,
                    $"数据表 {table.Contract.Name} 有 {table.Rows} 行,清单记载 {expected} 行(文件丢失或被截断?)",
                    $"table {table.Contract.Name} has {table.Rows} rows; the manifest says {expected} (a file lost or cut short?)",
                    table.Rows.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    internal static ImportProblem Problem(ImportRule rule, string? table, string? file, string? column, string zh, string en, string? value = null) =>
        new(rule.Id, rule.Severity, table, file, null, column, value, zh, en);

    [GeneratedRegex(@"(?:^|/)([A-Za-z_]+)=([^/]*)(?=/)")]
    private static partial Regex PartitionSegment();
}
