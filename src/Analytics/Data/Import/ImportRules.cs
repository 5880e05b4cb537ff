namespace RevivalAnalytics.Data.Import;

/// <summary>A validation rule: id, what it does to the batch, and its bilingual title.</summary>
/// <param name="Id">Stable id used in reports and tests.</param>
/// <param name="Severity">Reject, quarantine or warn.</param>
/// <param name="TitleZh">Short Chinese title.</param>
/// <param name="TitleEn">Short English title.</param>
public sealed record ImportRule(string Id, ProblemSeverity Severity, string TitleZh, string TitleEn);

/// <summary>The rules the importer checks (docs/data-contract.md, section 7, and docs/import.md).</summary>
public static class ImportRules
{
    /// <summary><c>_manifest.json</c> is missing or not valid JSON.</summary>
    public static readonly ImportRule ManifestMissing = new("manifest_missing", ProblemSeverity.Reject, "清单文件缺失或无法解析", "manifest missing or unreadable");

    /// <summary>The manifest's contract version is not 1.x, or its years or table counts are invalid.</summary>
    public static readonly ImportRule ManifestInvalid = new("manifest_invalid", ProblemSeverity.Reject, "清单内容无效", "manifest invalid");

    /// <summary>A contract table has no folder or no Parquet file.</summary>
    public static readonly ImportRule TableMissing = new("table_missing", ProblemSeverity.Reject, "缺少数据表", "table missing");

    /// <summary>A file of zero bytes.</summary>
    public static readonly ImportRule FileEmpty = new("file_empty", ProblemSeverity.Reject, "文件为空", "empty file");

    /// <summary>A file without the Parquet magic bytes at both ends.</summary>
    public static readonly ImportRule NotParquet = new("not_parquet", ProblemSeverity.Reject, "不是 Parquet 文件", "not a Parquet file");

    /// <summary>A Parquet file DuckDB cannot read (truncated, corrupt footer or pages).</summary>
    public static readonly ImportRule FileUnreadable = new("file_unreadable", ProblemSeverity.Reject, "Parquet 文件损坏或无法读取", "corrupt or unreadable Parquet file");

    /// <summary>A contract column is missing from a file.</summary>
    public static readonly ImportRule ColumnMissing = new("column_missing", ProblemSeverity.Reject, "缺少必需列", "required column missing");

    /// <summary>A contract column is missing and an unknown column stands in its place (same position or same name in another case).</summary>
    public static readonly ImportRule ColumnRenamed = new("column_renamed", ProblemSeverity.Reject, "列被改名", "column renamed");

    /// <summary>A column's type is neither the contract type nor a safe widening of it.</summary>
    public static readonly ImportRule ColumnType = new("column_type", ProblemSeverity.Reject, "列类型不符", "wrong column type");

    /// <summary>A column the contract does not know; reported and not imported.</summary>
    public static readonly ImportRule ColumnExtra = new("column_extra", ProblemSeverity.Warning, "多余列(未导入)", "extra column (not imported)");

    /// <summary>A Hive partition value (<c>year=</c>, <c>month=</c>) that is not an integer or disagrees with the file's column.</summary>
    public static readonly ImportRule PartitionValue = new("partition_value", ProblemSeverity.Reject, "分区路径值无效或与列值不符", "bad partition path value");

    /// <summary>A table's row count differs from the manifest.</summary>
    public static readonly ImportRule RowCountMismatch = new("row_count_mismatch", ProblemSeverity.Reject, "行数与清单不符", "row count differs from manifest");

    /// <summary>A reference table (counties, monitoring_lines, villages' keys) is broken: the batch cannot be trusted.</summary>
    public static readonly ImportRule ReferenceTable = new("reference_table_broken", ProblemSeverity.Reject, "基础参照表有误", "reference table broken");

    /// <summary>More than 1% of a table's rows would be quarantined: a systemic fault.</summary>
    public static readonly ImportRule TooManyBadRows = new("too_many_bad_rows", ProblemSeverity.Reject, "问题行过多(超过1%)", "too many bad rows (over 1%)");

    /// <summary>NULL in a column the contract declares NOT NULL.</summary>
    public static readonly ImportRule NullValue = new("null_value", ProblemSeverity.Quarantine, "必填列为空", "NULL in a required column");

    /// <summary>A value that does not fit the contract type (e.g. 300 in a TINYINT column written as INT64).</summary>
    public static readonly ImportRule TypeOverflow = new("value_out_of_type", ProblemSeverity.Quarantine, "数值超出列类型范围", "value does not fit the column type");

    /// <summary>A timestamp in a DATE column whose time of day is not midnight.</summary>
    public static readonly ImportRule DateHasTime = new("date_has_time", ProblemSeverity.Quarantine, "日期列含有时刻", "date column holds a time of day");

    /// <summary>Several rows share a key; every one of them is quarantined.</summary>
    public static readonly ImportRule DuplicateKey = new("duplicate_key", ProblemSeverity.Quarantine, "主键重复", "duplicate key");

    /// <summary>A value outside its range (negative income, household size 0, a date out of range ...).</summary>
    public static readonly ImportRule OutOfRange = new("out_of_range", ProblemSeverity.Quarantine, "数值超出范围", "value out of range");

    /// <summary>A value not in its code list, or a bit outside its bitmask's code list.</summary>
    public static readonly ImportRule UnknownCode = new("unknown_code", ProblemSeverity.Quarantine, "代码不在代码表中", "unknown code");

    /// <summary>A reference that does not resolve (unknown county, village, household).</summary>
    public static readonly ImportRule UnknownReference = new("unknown_reference", ProblemSeverity.Quarantine, "引用的记录不存在", "reference does not resolve");

    /// <summary>The referenced row exists but was itself quarantined.</summary>
    public static readonly ImportRule ParentQuarantined = new("parent_quarantined", ProblemSeverity.Quarantine, "所引用的记录已被隔离", "referenced row was quarantined");

    /// <summary>A household's rows name different counties (or its village lies in another county): all its rows are quarantined.</summary>
    public static readonly ImportRule HouseholdCountyConflict = new("household_county_conflict", ProblemSeverity.Quarantine, "同一农户出现在不同县", "household in two counties");

    /// <summary>
    /// A household's monthly monitoring snapshots do not form proper spells (identified, monitored month by month, eliminated):
    /// a month missing, monitored without identification, monitored after elimination. The whole spell is quarantined.
    /// </summary>
    public static readonly ImportRule SnapshotSequence = new("snapshot_sequence", ProblemSeverity.Quarantine, "监测月度快照序列不连贯", "monthly snapshot sequence broken");

    /// <summary>Columns of one row contradict each other (components not summing to the total, fixed &gt; found ...).</summary>
    public static readonly ImportRule Inconsistent = new("inconsistent_values", ProblemSeverity.Quarantine, "同行数据相互矛盾", "values contradict each other");

    /// <summary>Every rule, for documentation and the CLI's legend.</summary>
    public static IReadOnlyList<ImportRule> All { get; } =
    [
        ManifestMissing, ManifestInvalid, TableMissing, FileEmpty, NotParquet, FileUnreadable, ColumnMissing, ColumnRenamed,
        ColumnType, ColumnExtra, PartitionValue, RowCountMismatch, ReferenceTable, TooManyBadRows, NullValue, TypeOverflow,
        DateHasTime, DuplicateKey, OutOfRange, UnknownCode, UnknownReference, ParentQuarantined, HouseholdCountyConflict, SnapshotSequence, Inconsistent,
    ];

    /// <summary>Finds a rule by id.</summary>
    /// <param name="id">The rule id.</param>
    /// <exception cref="KeyNotFoundException">No rule has this id.</exception>
    public static ImportRule Get(string id) => All.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException(id);
}
