using RevivalAnalytics.Data.Import;
using RevivalAnalytics.DuckDb;
using Xunit;

namespace RevivalAnalytics.Tests.Data.Import;

/// <summary>Batch-level problems: the import is refused and the previous version keeps answering.</summary>
public sealed class ExportInspectorTests : IDisposable
{
    private readonly ExportWorkspace _workspace = new();
    private readonly (long Households, long HouseholdYears, double Income, string Version) _before;

    public ExportInspectorTests()
    {
        _before = _workspace.CurrentAnswers();
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Inspect_ManifestMissing_RejectsWithManifestMissing()
    {
        File.Delete(_workspace.PathOf("_manifest.json"));

        var problem = AssertRejected("manifest_missing");

        Assert.Equal("_manifest.json", problem.File);
    }

    [Fact]
    public void Inspect_ContractVersionTwo_RejectsWithManifestInvalid()
    {
        _workspace.EditManifest(m => m["contract_version"] = "2.0");

        var problem = AssertRejected("manifest_invalid");

        Assert.Equal("contract_version", problem.Column);
        Assert.Equal("2.0", problem.Value);
    }

    [Fact]
    public void Inspect_TableFolderMissing_RejectsWithTableMissing()
    {
        Directory.Delete(_workspace.PathOf("monitoring_lines"), recursive: true);

        var problem = AssertRejected("table_missing");

        Assert.Equal("monitoring_lines", problem.Table);
    }

    [Fact]
    public void Inspect_EmptyFile_RejectsWithFileEmpty()
    {
        var file = _workspace.FileOf("households");
        File.WriteAllBytes(_workspace.PathOf(file), []);

        var problem = AssertRejected("file_empty");

        Assert.Equal(file, problem.File);
    }

    [Fact]
    public void Inspect_CsvNamedParquet_RejectsWithNotParquet()
    {
        var file = _workspace.FileOf("counties");
        File.WriteAllText(_workspace.PathOf(file), "county_code,county_name\n140105,小店区\n");

        var problem = AssertRejected("not_parquet");

        Assert.Equal(file, problem.File);
        Assert.Equal("counties", problem.Table);
    }

    [Fact]
    public void Inspect_TruncatedFile_RejectsWithNotParquet()
    {
        var file = _workspace.FileOf("households");
        var bytes = File.ReadAllBytes(_workspace.PathOf(file));
        File.WriteAllBytes(_workspace.PathOf(file), bytes[..(bytes.Length / 2)]);

        var problem = AssertRejected("not_parquet");

        Assert.Equal(file, problem.File);
    }

    [Fact]
    public void Inspect_CorruptPagesWithIntactMarkers_RejectsWithFileUnreadable()
    {
        var file = _workspace.FileOf("households");
        var bytes = File.ReadAllBytes(_workspace.PathOf(file));
        Array.Fill(bytes, (byte)0xFF, 4, bytes.Length / 2);
        File.WriteAllBytes(_workspace.PathOf(file), bytes);

        var problem = AssertRejected("file_unreadable");

        Assert.Equal(file, problem.File);
    }

    [Fact]
    public void Inspect_ColumnDropped_RejectsWithColumnMissing()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "ALTER TABLE t DROP COLUMN sample_weight");

        var problem = AssertRejected("column_missing");

        Assert.Equal((file, "sample_weight"), (problem.File, problem.Column));
    }

    [Fact]
    public void Inspect_ColumnRenamed_RejectsWithColumnRenamed()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "ALTER TABLE t RENAME COLUMN household_size TO hh_size");

        var problem = AssertRejected("column_renamed");

        Assert.Equal((file, "household_size", "hh_size"), (problem.File, problem.Column, problem.Value));
    }

    [Fact]
    public void Inspect_IncomeAsText_RejectsWithColumnType()
    {
        var file = _workspace.FileOf("household_years/year=2022");
        _workspace.Rewrite(file, "ALTER TABLE t ALTER per_capita_net_income TYPE VARCHAR");

        var problem = AssertRejected("column_type");

        Assert.Equal((file, "per_capita_net_income", "VARCHAR"), (problem.File, problem.Column, problem.Value));
    }

    [Fact]
    public void Inspect_KeyAsDouble_RejectsWithColumnType()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "ALTER TABLE t ALTER household_id TYPE DOUBLE");

        var problem = AssertRejected("column_type");

        Assert.Equal((file, "household_id", "DOUBLE"), (problem.File, problem.Column, problem.Value));
    }

    [Fact]
    public void Inspect_RowLostFromFile_RejectsWithRowCountMismatch()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "DELETE FROM t WHERE rowid = 7");
        _workspace.EditManifest(m => m["tables"]!["households"]!["rows"] = 300);

        var problem = AssertRejected("row_count_mismatch");

        Assert.Equal(("households", "299"), (problem.Table, problem.Value));
    }

    [Fact]
    public void Inspect_PartitionColumnDisagreesWithPath_RejectsWithPartitionValue()
    {
        var file = _workspace.FileOf("household_years/year=2022");
        _workspace.Rewrite(file, "UPDATE t SET year = 2021 WHERE rowid = 4");

        var problem = AssertRejected("partition_value");

        Assert.Equal((file, 4L, "year"), (problem.File, problem.Row, problem.Column));
    }

    [Fact]
    public void Inspect_PartitionPathNotInteger_RejectsWithPartitionValue()
    {
        Directory.Move(_workspace.PathOf("household_years/year=2022"), _workspace.PathOf("household_years/year=2022a"));

        var problem = AssertRejected("partition_value");

        Assert.Equal(("household_years", "year", "2022a"), (problem.Table, problem.Column, problem.Value));
    }

    [Fact]
    public void Validate_UnknownCountyCode_RejectsBecauseCountiesIsAReferenceTable()
    {
        var file = _workspace.FileOf("counties");
        _workspace.Rewrite(file, "UPDATE t SET county_code = 149999 WHERE rowid = 3");

        var problem = AssertRejected("unknown_code");

        Assert.Equal((file, 3L, "county_code", "149999"), (problem.File, problem.Row, problem.Column, problem.Value));
        Assert.Contains(LastReport!.Problems, p => p.Rule == "reference_table_broken" && p.Table == "counties" && p.Column == "county_code");
    }

    [Fact]
    public void Validate_DuplicateVillageCode_Rejects()
    {
        var file = _workspace.FileOf("villages");
        _workspace.Rewrite(file, "UPDATE t SET village_code = (SELECT village_code FROM t WHERE rowid = 0), village_name = 'x' WHERE rowid = 1");

        var problem = AssertRejected("duplicate_key");

        Assert.Equal((file, 0L, "village_code"), (problem.File, problem.Row, problem.Column));
        Assert.Contains(LastReport!.Problems, p => p.Rule == "duplicate_key" && p.Row == 1 && p.Severity == ProblemSeverity.Reject);
    }

    [Fact]
    public void Validate_MonitoringLineYearMissing_RejectsWithReferenceTableBroken()
    {
        var file = _workspace.FileOf("monitoring_lines");
        _workspace.Rewrite(file, "DELETE FROM t WHERE year = 2022");

        var problem = AssertRejected("reference_table_broken");

        Assert.Equal(("monitoring_lines", "year", "2022"), (problem.Table, problem.Column, problem.Value));
    }

    [Fact]
    public void Validate_OverOnePercentBadRows_RejectsWithTooManyBadRows()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "UPDATE t SET household_size = 0 WHERE rowid < 10");

        var problem = AssertRejected("too_many_bad_rows");

        Assert.Equal(("households", "10"), (problem.Table, problem.Value));
        Assert.Equal(10, LastReport!.Tables.Single(t => t.Table == "households").Quarantined);
    }

    [Fact]
    public void Inspect_ExtraColumn_WarnsAndPublishesWithoutIt()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "ALTER TABLE t ADD COLUMN remark VARCHAR DEFAULT 'n/a'");

        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ImportOutcome.Published, report.Outcome);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(("column_extra", ProblemSeverity.Warning, file, "remark"), (problem.Rule, problem.Severity, problem.File, problem.Column));
        var columns = _workspace.Connection.QueryColumns("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(?))", _workspace.Store.CurrentTablePath("households"))
            .GetStrings("column_name");
        Assert.DoesNotContain("remark", columns);
    }

    private ImportReport? LastReport { get; set; }

    private ImportProblem AssertRejected(string rule)
    {
        LastReport = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ImportOutcome.Rejected, LastReport.Outcome);
        Assert.Null(LastReport.VersionId);
        var problem = LastReport.Problems.FirstOrDefault(p => p.Rule == rule);
        Assert.True(problem is not null, $"expected {rule}, got: {string.Join("; ", LastReport.Problems.Select(p => p.Rule + " " + p.Message))}");
        Assert.Equal(ProblemSeverity.Reject, LastReport.Problems.Max(p => p.Severity));
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageZh));
        Assert.False(string.IsNullOrWhiteSpace(problem.MessageEn));

        // The previous version is still current and answers the same queries.
        Assert.Equal(_before, _workspace.CurrentAnswers());
        Assert.Single(_workspace.Store.Versions());
        Assert.Empty(Directory.EnumerateDirectories(_workspace.Data, ".staging-*"));
        return problem;
    }
}
