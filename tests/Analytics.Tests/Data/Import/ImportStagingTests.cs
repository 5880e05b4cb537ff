using RevivalAnalytics.Data.Import;
using RevivalAnalytics.DuckDb;
using Xunit;

namespace RevivalAnalytics.Tests.Data.Import;

/// <summary>Row-level problems: the rows are quarantined with their reasons, the rest is published as a new version.</summary>
public sealed class ImportStagingTests : IDisposable
{
    private readonly ExportWorkspace _workspace = new();
    private readonly (long Households, long HouseholdYears, double Income, string Version) _before;

    public ImportStagingTests()
    {
        _before = _workspace.CurrentAnswers();
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Validate_NullKey_QuarantinesRowAndItsChildren()
    {
        var file = _workspace.FileOf("households");
        var id = HouseholdIdAt(file, 5);
        _workspace.Rewrite(file, "UPDATE t SET household_id = NULL WHERE rowid = 5");

        var report = Import();

        AssertProblem(report, "null_value", file, 5, "household_id");
        Assert.Equal(1, Quarantined(report, "households"));
        Assert.True(Quarantined(report, "household_years") == 3, "the household's 3 years lose their parent");
        Assert.All(report.Problems.Where(p => p.Table == "household_years"), p => Assert.Equal(("unknown_reference", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), (p.Rule, p.Value)));
        AssertPublishedWithout(report, households: 1);
    }

    [Fact]
    public void Validate_DuplicateHouseholdKey_QuarantinesEveryRowSharingIt()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "UPDATE t SET household_id = (SELECT household_id FROM t WHERE rowid = 9) WHERE rowid = 10");

        var report = Import();

        AssertProblem(report, "duplicate_key", file, 9, "household_id");
        AssertProblem(report, "duplicate_key", file, 10, "household_id");
        Assert.Equal(2, Quarantined(report, "households"));
        Assert.Contains(report.Problems, p => p.Table == "household_years" && p.Rule == "parent_quarantined");
        AssertPublishedWithout(report, households: 2);
    }

    [Fact]
    public void Validate_NegativeIncome_QuarantinesTheRow()
    {
        var file = _workspace.FileOf("household_years/year=2022");
        _workspace.Rewrite(file, "UPDATE t SET per_capita_net_income = -5 WHERE rowid = 3");

        var report = Import();

        var problem = AssertProblem(report, "out_of_range", file, 3, "per_capita_net_income");
        Assert.Equal("-5.0", problem.Value);
        Assert.Equal(1, Quarantined(report, "household_years"));
        AssertQuarantineView("household_years", file, 3, "out_of_range");
    }

    [Fact]
    public void Validate_HouseholdSizeZero_QuarantinesTheRow()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "UPDATE t SET household_size = 0, labour_count = 0, elderly_count = 0, student_count = 0, chronic_ill_count = 0, disabled_count = 0 WHERE rowid = 20");

        var report = Import();

        var problem = AssertProblem(report, "out_of_range", file, 20, "household_size");
        Assert.Equal("0", problem.Value);
        Assert.Equal(1, Quarantined(report, "households"));
    }

    [Fact]
    public void Validate_IdentifiedDateAfterItsYear_QuarantinesTheRow()
    {
        var file = _workspace.FileOf("household_years/year=2023");
        var row = FirstRow(file, "identified_date IS NOT NULL");
        _workspace.Rewrite(file, $"UPDATE t SET identified_date = DATE '2030-01-01' WHERE rowid = {row}");

        var report = Import();

        var problem = AssertProblem(report, "out_of_range", file, row, "identified_date");
        Assert.Equal("2030-01-01", problem.Value);
    }

    [Fact]
    public void Validate_UnknownCountyInHouseholds_QuarantinesWithUnknownReference()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "UPDATE t SET county_code = 149999 WHERE rowid = 2");

        var report = Import();

        var problem = AssertProblem(report, "unknown_reference", file, 2, "county_code");
        Assert.Equal("149999", problem.Value);
    }

    [Fact]
    public void Validate_HouseholdInTwoCounties_QuarantinesAllItsRows()
    {
        var households = _workspace.FileOf("households");
        var id = HouseholdIdAt(households, 0);
        var file = _workspace.FileOf("household_years/year=2022");
        _workspace.Rewrite(file, $"UPDATE t SET county_code = CASE WHEN county_code = 140105 THEN 140106 ELSE 140105 END WHERE household_id = {id}");

        var report = Import();

        AssertProblem(report, "household_county_conflict", file, RowOf(file, id), "county_code");
        AssertProblem(report, "household_county_conflict", households, 0, "county_code");
        Assert.Equal(1, Quarantined(report, "households"));
        Assert.Equal(3, Quarantined(report, "household_years"));
    }

    [Fact]
    public void Validate_UnknownHouseholdInYears_QuarantinesWithUnknownReference()
    {
        var file = _workspace.FileOf("household_years/year=2021");
        _workspace.Rewrite(file, "UPDATE t SET household_id = 99999999 WHERE rowid = 8");

        var report = Import();

        var problem = AssertProblem(report, "unknown_reference", file, 8, "household_id");
        Assert.Equal("99999999", problem.Value);
    }

    [Fact]
    public void Validate_UnknownHouseholdType_QuarantinesWithUnknownCode()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "UPDATE t SET household_type = 7 WHERE rowid = 12");

        var report = Import();

        Assert.Equal("7", AssertProblem(report, "unknown_code", file, 12, "household_type").Value);
    }

    [Fact]
    public void Validate_UnknownMaskBit_QuarantinesWithUnknownCode()
    {
        var file = _workspace.FileOf("household_years/year=2021");
        _workspace.Rewrite(file, "UPDATE t SET risk_cause_mask = 4096 WHERE rowid = 1");

        var report = Import();

        Assert.Equal("4096", AssertProblem(report, "unknown_code", file, 1, "risk_cause_mask").Value);
    }

    [Fact]
    public void Validate_RectifiedMoreThanFound_QuarantinesWithInconsistentValues()
    {
        var file = _workspace.FileOf("county_indicators");
        var row = FirstRow(file, "problems_found IS NOT NULL");
        _workspace.Rewrite(file, $"UPDATE t SET problems_rectified = problems_found + 1 WHERE rowid = {row}");

        var report = Import();

        AssertProblem(report, "inconsistent_values", file, row, "problems_rectified");
    }

    [Fact]
    public void Validate_MoreLabourInWorkThanTheHouseholdHas_QuarantinesWithInconsistentValues()
    {
        var file = _workspace.FileOf("household_years/year=2021");
        var row = FirstRow(file, "labour_in_work < 100");
        _workspace.Rewrite(file, $"UPDATE t SET labour_in_work = 100 WHERE rowid = {row}");

        var report = Import();

        var problem = AssertProblem(report, "inconsistent_values", file, row, "labour_in_work");
        Assert.Equal("100", problem.Value);
        Assert.Contains("households.labour_count", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CountyVillageIncomeNotTheVillagesSum_QuarantinesWithInconsistentValues()
    {
        var file = _workspace.FileOf("county_indicators");
        var row = FirstRow(file, "village_collective_income IS NOT NULL");
        _workspace.Rewrite(file, $"UPDATE t SET village_collective_income = village_collective_income + 1 WHERE rowid = {row}");

        var report = Import();

        var problem = AssertProblem(report, "inconsistent_values", file, row, "village_collective_income");
        Assert.Contains("village_years", problem.MessageEn, StringComparison.Ordinal);
        Assert.Equal(1, report.Problems.Count(p => p.Column == "village_collective_income"));
    }

    [Fact]
    public void Validate_WiderIntegerThatDoesNotFit_QuarantinesWithValueOutOfType()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file,
            "ALTER TABLE t ALTER household_size TYPE BIGINT",
            "UPDATE t SET household_size = 300 WHERE rowid = 4");

        var report = Import();

        Assert.Equal("300", AssertProblem(report, "value_out_of_type", file, 4, "household_size").Value);
    }

    [Fact]
    public void Validate_TimestampWithTimeInDateColumn_QuarantinesWithDateHasTime()
    {
        var file = _workspace.FileOf("household_years/year=2023");
        var row = FirstRow(file, "identified_date IS NOT NULL");
        _workspace.Rewrite(file,
            "ALTER TABLE t ALTER identified_date TYPE TIMESTAMP",
            $"UPDATE t SET identified_date = identified_date + INTERVAL 13 HOUR WHERE rowid = {row}");

        var report = Import();

        AssertProblem(report, "date_has_time", file, row, "identified_date");
        Assert.Equal(1, Quarantined(report, "household_years"));
    }

    [Fact]
    public void Validate_BadPhoneNumber_ReportsWithoutRepeatingPersonalData()
    {
        var file = _workspace.FileOf("households");
        _workspace.Rewrite(file, "UPDATE t SET head_phone = '13912345' WHERE rowid = 6");

        var report = Import();

        var problem = AssertProblem(report, "out_of_range", file, 6, "head_phone");
        Assert.Null(problem.Value);
        Assert.DoesNotContain("13912345", problem.Message, StringComparison.Ordinal);
        var stored = _workspace.Connection.QueryColumns(
            "SELECT count(*) AS n FROM read_parquet(?) WHERE column_name = 'head_phone' AND value IS NULL",
            Path.Combine(_workspace.Store.VersionDirectory(report.VersionId!), "quarantine", "problems.parquet")).GetInt64s("n")[0];
        Assert.Equal(1, stored);
    }

    private ImportReport Import()
    {
        var report = _workspace.Store.Import(_workspace.Export, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(report.Outcome == ImportOutcome.Published, string.Join("; ", report.Problems.Select(p => p.Rule + " " + p.Message)));
        Assert.Equal("v0002", report.VersionId);
        Assert.Equal("v0002", _workspace.Store.CurrentVersion);
        return report;
    }

    private static ImportProblem AssertProblem(ImportReport report, string rule, string file, long row, string column)
    {
        var problem = report.Problems.FirstOrDefault(p => p.Rule == rule && p.File == file && p.Row == row && p.Column == column);
        Assert.True(problem is not null, $"expected {rule} at {file} row {row} column {column}; got: {string.Join("; ", report.Problems.Select(p => p.Rule + " " + p.Location))}");
        Assert.Equal(ProblemSeverity.Quarantine, problem.Severity);
        Assert.True(report.ProblemCounts[rule] >= 1);
        return problem;
    }

    private static long Quarantined(ImportReport report, string table) => report.Tables.Single(t => t.Table == table).Quarantined;

    private void AssertPublishedWithout(ImportReport report, int households)
    {
        var after = _workspace.CurrentAnswers();
        Assert.Equal(_before.Households - households, after.Households);
        Assert.Equal(report.Tables.Single(t => t.Table == "household_years").Published, after.HouseholdYears);

        // The previous version is still there, whole: rolling back returns the old answers.
        _workspace.Store.Rollback(_before.Version);
        Assert.Equal(_before, _workspace.CurrentAnswers());
    }

    private void AssertQuarantineView(string table, string file, long row, string rule)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        _workspace.Store.CreateViews(connection);
        var rules = connection.QueryColumns($"SELECT array_to_string(_rules, ',') AS r FROM quarantine_{table} WHERE _source_file = ? AND _source_row = ?", file, row).GetStrings("r");
        Assert.Contains(rule, Assert.Single(rules)!.Split(','));
    }

    private long HouseholdIdAt(string file, long row) =>
        _workspace.Connection.QueryColumns("SELECT household_id FROM read_parquet(?, file_row_number = true) WHERE file_row_number = ?", _workspace.PathOf(file), row).GetInt64s("household_id")[0];

    private long FirstRow(string file, string condition) =>
        _workspace.Connection.QueryColumns($"SELECT min(file_row_number) AS r FROM read_parquet(?, file_row_number = true) WHERE {condition}", _workspace.PathOf(file)).GetInt64s("r")[0];

    private long RowOf(string file, long householdId) => FirstRow(file, $"household_id = {householdId}");
}
