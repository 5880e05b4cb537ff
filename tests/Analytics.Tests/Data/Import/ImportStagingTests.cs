using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Data.Import;
using RevivalAnalytics.Data.Versions;
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

    [Fact]
    public void Validate_SnapshotMonthMissing_QuarantinesTheSpellOnBothSidesOfTheGap()
    {
        var spell = Spells().First(s => s.Rows >= 5);
        var gap = spell.First + 2;
        var file = SnapshotFile(gap);
        _workspace.Rewrite(file, $"DELETE FROM t WHERE household_id = {spell.Household}");

        var report = Import();

        var before = SnapshotFile(gap - 1);
        var after = SnapshotFile(gap + 1);
        var expected = $"{MonthText(gap - 1)}..{MonthText(gap + 1)}";
        foreach (var (sideFile, side) in new[] { (before, gap - 1), (after, gap + 1) })
        {
            var problem = AssertProblem(report, "snapshot_sequence", sideFile, RowOf(sideFile, spell.Household), "year,month");
            Assert.Equal(expected, problem.Value);
            Assert.Contains("缺少月度快照", problem.MessageZh, StringComparison.Ordinal);
            Assert.Contains($"misses monthly snapshots: the household has none between the two months given and its risk was not eliminated; the spells on both sides of the gap are quarantined (value {expected})", problem.MessageEn, StringComparison.Ordinal);
            Assert.StartsWith(sideFile + " row ", problem.Message, StringComparison.Ordinal);
        }

        Assert.Equal(spell.Rows - 1, Quarantined(report, "monitoring_snapshots"));
        Assert.Equal(spell.Rows - 1, report.Problems.Count(p => p.Rule == "snapshot_sequence" && p.Value == expected));
        AssertQuarantineView("monitoring_snapshots", after, RowOf(after, spell.Household), "snapshot_sequence");
    }

    [Fact]
    public void Validate_MonitoredWithoutIdentification_QuarantinesTheWholeSpell()
    {
        var spell = Spells().First(s => s.First > FirstMonth && s.Rows >= 3);
        var file = SnapshotFile(spell.First);
        _workspace.Rewrite(file, $"UPDATE t SET snapshot_status = 2 WHERE household_id = {spell.Household}");

        var report = Import();

        var problem = AssertProblem(report, "snapshot_sequence", file, RowOf(file, spell.Household), "snapshot_status");
        Assert.Equal(MonthText(spell.First), problem.Value);
        Assert.Contains("本月新识别", problem.MessageZh, StringComparison.Ordinal);
        Assert.Contains("does not begin with status 1 (newly identified)", problem.MessageEn, StringComparison.Ordinal);
        Assert.Contains("2021-01", problem.MessageEn, StringComparison.Ordinal);
        var last = SnapshotFile(spell.Last);
        var withIt = AssertProblem(report, "snapshot_sequence", last, RowOf(last, spell.Household), "year,month");
        Assert.Equal(MonthText(spell.First), withIt.Value);
        Assert.Contains("spell breaks at the month(s) given", withIt.MessageEn, StringComparison.Ordinal);
        Assert.Equal(spell.Rows, Quarantined(report, "monitoring_snapshots"));
    }

    [Fact]
    public void Validate_SnapshotAfterElimination_QuarantinesTheLaterRowsOnly()
    {
        var spell = Spells().Last(s => s.LastStatus == 3 && s.Last < LastMonth);
        var row = AddSnapshot(spell.Household, spell.Last + 1, status: 2);

        var report = Import();

        var file = SnapshotFile(spell.Last + 1);
        var problem = AssertProblem(report, "snapshot_sequence", file, row, "snapshot_status");
        Assert.Equal(MonthText(spell.Last), problem.Value);
        Assert.Contains("风险消除(状态3)", problem.MessageZh, StringComparison.Ordinal);
        Assert.Contains("eliminated (status 3) in the month given", problem.MessageEn, StringComparison.Ordinal);
        Assert.Equal(1, Quarantined(report, "monitoring_snapshots"));
    }

    [Fact]
    public void Validate_ReidentifiedAfterElimination_PublishesBothSpells()
    {
        var spell = Spells().Last(s => s.LastStatus == 3 && s.Last <= LastMonth - 2);
        AddSnapshot(spell.Household, spell.Last + 2, status: 1);
        for (var month = spell.Last + 3; month <= LastMonth; month++)
        {
            AddSnapshot(spell.Household, month, status: 2);
        }

        var report = Import();

        Assert.Empty(report.Problems);
        var snapshots = report.Tables.Single(t => t.Table == "monitoring_snapshots");
        Assert.Equal((snapshots.Rows, 0L), (snapshots.Published, snapshots.Quarantined));
        Assert.Equal(2, Spells(_workspace.PathOf("monitoring_snapshots")).Count(s => s.Household == spell.Household));
    }

    [Fact]
    public void Validate_SpellUnderwayInTheExportsFirstMonth_IsPublished()
    {
        var spell = Spells().First(s => s.First >= FirstMonth + 3);
        AddSnapshot(spell.Household, FirstMonth, status: 2);
        AddSnapshot(spell.Household, FirstMonth + 1, status: 3);

        var report = Import();

        Assert.Empty(report.Problems);
        Assert.Equal(0, Quarantined(report, "monitoring_snapshots"));
    }

    [Fact]
    public void Validate_SpellUnderwayAfterTheExportsFirstMonth_IsQuarantined()
    {
        var spell = Spells().First(s => s.First >= FirstMonth + 3);
        var rows = new[] { AddSnapshot(spell.Household, FirstMonth + 1, status: 2), AddSnapshot(spell.Household, FirstMonth + 2, status: 3) };

        var report = Import();

        Assert.Equal("2021-02", AssertProblem(report, "snapshot_sequence", SnapshotFile(FirstMonth + 1), rows[0], "snapshot_status").Value);
        Assert.Equal("2021-02", AssertProblem(report, "snapshot_sequence", SnapshotFile(FirstMonth + 2), rows[1], "year,month").Value);
        Assert.Equal(2, Quarantined(report, "monitoring_snapshots"));
    }

    [Fact]
    public void Validate_SpellStoppingBeforeTheExportsLastMonth_QuarantinesTheSpell()
    {
        var spell = Spells().First(s => s.Last == LastMonth && s.LastStatus == 2 && s.Rows >= 3);
        _workspace.Rewrite(SnapshotFile(LastMonth), $"DELETE FROM t WHERE household_id = {spell.Household}");

        var report = Import();

        var file = SnapshotFile(LastMonth - 1);
        var problem = AssertProblem(report, "snapshot_sequence", file, RowOf(file, spell.Household), "year,month");
        Assert.Equal(MonthText(LastMonth - 1), problem.Value);
        Assert.Contains("监测周期中断", problem.MessageZh, StringComparison.Ordinal);
        Assert.Contains("breaks off: the household has no snapshot after the month given", problem.MessageEn, StringComparison.Ordinal);
        Assert.Equal(spell.Rows - 1, Quarantined(report, "monitoring_snapshots"));
    }

    [Fact]
    public void Validate_ExportEndingBeforeDecember_PublishesTheOpenSpells()
    {
        // A monthly feed made in November: its last partition is 2023-11, its open spells run to it.
        var open = Spells().Count(s => s.Last == LastMonth && s.LastStatus != 3);
        Assert.True(open > 0, "the shared export must have spells open at its end");
        _workspace.Rewrite(SnapshotFile(LastMonth), "DELETE FROM t");

        var report = Import();

        Assert.Empty(report.Problems);
        Assert.Equal(0, Quarantined(report, "monitoring_snapshots"));
    }

    [Fact]
    public void Validate_IdentifiedAgainWhileMonitored_QuarantinesTheEarlierSpell()
    {
        var spell = Spells().First(s => s.Rows >= 6);
        var again = spell.First + 3;
        _workspace.Rewrite(SnapshotFile(again), $"UPDATE t SET snapshot_status = 1 WHERE household_id = {spell.Household}");

        var report = Import();

        var end = SnapshotFile(again - 1);
        var problem = AssertProblem(report, "snapshot_sequence", end, RowOf(end, spell.Household), "snapshot_status");
        Assert.Equal(MonthText(again), problem.Value);
        Assert.Contains("identified (status 1) again in the month given while still monitored", problem.MessageEn, StringComparison.Ordinal);
        for (var month = spell.First; month < again - 1; month++)
        {
            var file = SnapshotFile(month);
            Assert.Equal(MonthText(again), AssertProblem(report, "snapshot_sequence", file, RowOf(file, spell.Household), "year,month").Value);
        }

        Assert.Equal(3, Quarantined(report, "monitoring_snapshots"));
    }

    [Fact]
    public void Validate_SnapshotQuarantinedForItsValue_QuarantinesItsSpellWithoutCountingItAsBad()
    {
        // The longest spell is over 1% of the snapshots: counted as bad rows, it would reject the batch.
        var spell = Spells().MaxBy(s => s.Rows)!;
        var broken = spell.First + 2;
        var file = SnapshotFile(broken);
        _workspace.Rewrite(file, $"UPDATE t SET per_capita_income_12m = -1 WHERE household_id = {spell.Household}");

        var report = Import();

        AssertProblem(report, "out_of_range", file, RowOf(file, spell.Household), "per_capita_income_12m");
        var neighbour = SnapshotFile(broken + 1);
        Assert.Equal(MonthText(broken), AssertProblem(report, "parent_quarantined", neighbour, RowOf(neighbour, spell.Household), "year,month").Value);
        var snapshots = report.Tables.Single(t => t.Table == "monitoring_snapshots");
        Assert.True(spell.Rows * 100 > snapshots.Rows, "the spell must be over 1% of the snapshots for this test to mean anything");
        Assert.Equal(spell.Rows, snapshots.Quarantined);
        Assert.All(report.Problems.Where(p => p.Rule == "snapshot_sequence"), p => Assert.Equal(MonthText(broken), p.Value));
    }

    [Fact]
    public void Validate_GeneratedSnapshotsWithSeveralSpells_QuarantinesNothing()
    {
        // Longer than the shared export, so that households are identified again after an elimination.
        var root = Path.Combine(Path.GetTempPath(), "revival-spells-" + Guid.NewGuid().ToString("N"));
        try
        {
            var export = Path.Combine(root, "export");
            DemoDataExport.Write(export, new GeneratorOptions { Households = 2000, BatchSize = 1000, FirstYear = 2020, LastYear = 2025, Seed = 5 }, cancellationToken: TestContext.Current.CancellationToken);

            var report = DataStore.Open(Path.Combine(root, "data")).Import(export, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(ImportOutcome.Published, report.Outcome);
            Assert.Empty(report.Problems);
            var spells = Spells(Path.Combine(export, "monitoring_snapshots"));
            Assert.Contains(spells, s => s.Spell == 2);
            Assert.Contains(spells, s => s.LastStatus == 3);
            Assert.Contains(spells, s => s.Last == 2025 * 12 + 11 && s.LastStatus != 3);
            Assert.Equal(spells.Sum(s => s.Rows), report.Tables.Single(t => t.Table == "monitoring_snapshots").Published);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
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

    // Months are numbered year * 12 + month - 1, as the importer does; the shared export covers 2021-01 to 2023-12.
    private const int FirstMonth = 2021 * 12;
    private const int LastMonth = 2023 * 12 + 11;

    private static string MonthText(int month) => $"{month / 12:D4}-{month % 12 + 1:D2}";

    private static string SnapshotFolder(int month) => $"monitoring_snapshots/year={month / 12}/month={month % 12 + 1}";

    private string SnapshotFile(int month) => _workspace.FileOf(SnapshotFolder(month));

    /// <summary>The spells of households with a single spell in the shared export, by household.</summary>
    private List<SnapshotSpell> Spells() => Spells(_workspace.PathOf("monitoring_snapshots")).Where(s => s.Spells == 1).ToList();

    private List<SnapshotSpell> Spells(string folder)
    {
        var spells = _workspace.Connection.QueryColumns(
            """
            WITH s AS (SELECT household_id, year * 12 + month - 1 AS m, snapshot_status AS st FROM read_parquet(?, hive_partitioning = false)),
            numbered AS (SELECT *, count(*) FILTER (st = 1) OVER (PARTITION BY household_id ORDER BY m) AS spell, count(*) FILTER (st = 1) OVER (PARTITION BY household_id) AS spells FROM s)
            SELECT household_id, spell, spells, min(m) AS first, max(m) AS last, arg_max(st, m) AS last_status, count(*) AS n FROM numbered GROUP BY ALL ORDER BY ALL
            """,
            Path.Combine(folder, "**", "*.parquet"));
        var households = spells.GetInt64s("household_id");
        var numbers = spells.GetInt64s("spell");
        var counts = spells.GetInt64s("spells");
        var firsts = spells.GetInt64s("first");
        var lasts = spells.GetInt64s("last");
        var statuses = spells.GetInt64s("last_status");
        var rows = spells.GetInt64s("n");
        return Enumerable.Range(0, spells.RowCount)
            .Select(i => new SnapshotSpell(households[i], (int)numbers[i], (int)counts[i], (int)firsts[i], (int)lasts[i], (int)statuses[i], (int)rows[i]))
            .ToList();
    }

    /// <summary>
    /// Adds a snapshot of the household for a month (a copy of one of its rows with the month, date and status changed),
    /// in the month's file or in a new partition folder, and returns its row number in that file.
    /// </summary>
    private long AddSnapshot(long householdId, int month, int status)
    {
        var source = Path.Combine(_workspace.Export, "monitoring_snapshots", "**", "*.parquet").Replace("'", "''", StringComparison.Ordinal);
        var select = $"SELECT * REPLACE (CAST({month / 12} AS SMALLINT) AS year, CAST({month % 12 + 1} AS TINYINT) AS month, " +
            $"last_day(make_date({month / 12}, {month % 12 + 1}, 1)) AS snapshot_date, CAST({status} AS TINYINT) AS snapshot_status) " +
            $"FROM read_parquet('{source}', hive_partitioning = false) WHERE household_id = {householdId} LIMIT 1";
        var folder = _workspace.PathOf(SnapshotFolder(month));
        if (Directory.Exists(folder))
        {
            var file = SnapshotFile(month);
            var rows = _workspace.Connection.QueryColumns("SELECT count(*) AS n FROM read_parquet(?)", _workspace.PathOf(file)).GetInt64s("n")[0];
            _workspace.Rewrite(file, $"INSERT INTO t BY NAME ({select})");
            return rows;
        }

        Directory.CreateDirectory(folder);
        _workspace.Connection.Execute($"COPY ({select}) TO ? (FORMAT parquet)", Path.Combine(folder, "part-00000.parquet"));
        _workspace.EditManifest(m => m["tables"]!["monitoring_snapshots"]!["rows"] = m["tables"]!["monitoring_snapshots"]!["rows"]!.GetValue<long>() + 1);
        return 0;
    }

    private sealed record SnapshotSpell(long Household, int Spell, int Spells, int First, int Last, int LastStatus, int Rows);
}
