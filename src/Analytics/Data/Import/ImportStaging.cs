using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Import;

/// <summary>Rows and problems of one table after validation.</summary>
internal sealed record TableOutcome(string Table, long Rows, long Published, long Quarantined);

/// <summary>
/// Row-level validation in a scratch DuckDB database: every file is loaded as it is (with its file id and row
/// number), the contract's rules run as SQL over the loaded tables, and the accepted rows and the quarantine are
/// written as Parquet. Validation order follows references, so a child is checked against its parent's accepted rows.
/// </summary>
internal sealed class ImportStaging(DuckDBConnection connection, ExportInspection inspection)
{
    private const int MaxListedProblems = 1000;

    private readonly ExportManifest _manifest = inspection.Manifest!;
    private readonly List<ExportFile> _files = inspection.Tables.SelectMany(t => t.Files).ToList();
    private RowChecks? _checks;

    private RowChecks Checks => _checks ??= new RowChecks(_manifest, inspection.Tables);

    public List<ImportProblem> Problems { get; } = [];

    public Dictionary<string, long> ProblemCounts { get; } = new(StringComparer.Ordinal);

    public long TotalProblems { get; private set; }

    public List<TableOutcome> Outcomes { get; } = [];

    public bool Rejected => Problems.Any(p => p.Severity == ProblemSeverity.Reject);

    public void Load(ExportTable table, Action<string> report)
    {
        report(table.Contract.Name);
        var contract = table.Contract;
        var columns = contract.Columns.Select(c => $"{Ident(c.Name)} {StagingType(table, c)}");
        connection.Execute($"CREATE TABLE {Raw(contract.Name)} (_file INTEGER, _row BIGINT, {string.Join(", ", columns)})");
        foreach (var file in table.Files)
        {
            var fileId = _files.IndexOf(file);
            var select = contract.Columns.Select(c => file.ColumnTypes.ContainsKey(c.Name)
                ? Ident(c.Name)
                : file.PartitionValues.TryGetValue(c.Name, out var value) ? value.ToString(CultureInfo.InvariantCulture) : "NULL");
            try
            {
                connection.Execute(
                    $"INSERT INTO {Raw(contract.Name)} SELECT {fileId}, file_row_number, {string.Join(", ", select)} FROM read_parquet(?, file_row_number = true, hive_partitioning = false)",
                    file.FullPath);
            }
            catch (DuckDBException error)
            {
                Problems.Add(ExportInspector.Problem(ImportRules.FileUnreadable, contract.Name, file.RelativePath, null,
                    $"读取数据页失败(文件损坏或类型无法转换):{FirstLine(error.Message)}", $"reading the data pages failed (corrupt file or unconvertible value): {FirstLine(error.Message)}"));
                continue;
            }

            foreach (var (name, value) in file.PartitionValues)
            {
                if (!file.ColumnTypes.ContainsKey(name))
                {
                    continue;
                }

                var mismatch = connection.QueryColumns(
                    $"SELECT min(_row) AS r, count(*) AS n FROM {Raw(contract.Name)} WHERE _file = ? AND {Ident(name)} IS DISTINCT FROM ?", fileId, value);
                if (mismatch.GetInt64s("n")[0] > 0)
                {
                    Problems.Add(new ImportProblem(ImportRules.PartitionValue.Id, ProblemSeverity.Reject, contract.Name, file.RelativePath, mismatch.GetInt64s("r")[0], name,
                        value.ToString(CultureInfo.InvariantCulture),
                        $"文件中的 {name} 与分区路径 {name}={value} 不一致({mismatch.GetInt64s("n")[0]} 行)",
                        $"{name} in the file disagrees with the partition path {name}={value} ({mismatch.GetInt64s("n")[0]} rows)"));
                }
            }
        }
    }

    public void Validate(Action<string> report)
    {
        connection.Execute("CREATE TABLE problems (tbl VARCHAR, file INTEGER, row BIGINT, chk INTEGER, value VARCHAR)");
        connection.Execute("CREATE TABLE ref_counties (code INTEGER, name VARCHAR)");
        var counties = ReferenceCounties.All;
        connection.AppendColumns("ref_counties", counties.Count, counties.Select(c => c.Code).ToArray(), counties.Select(c => (string?)c.Name).ToArray());

        foreach (var table in DataContract.Tables)
        {
            report(table.Name);
            RunRowChecks(table.Name);
            RunDuplicateKey(table);
            foreach (var reference in Checks.References.Where(r => r.Table == table.Name))
            {
                RunReference(reference);
            }

            if (table.Name == TableNames.Households)
            {
                RunCountyConflicts();
            }
            else if (table.Name == TableNames.HouseholdYears)
            {
                RunLabourInWork();
            }
            else if (table.Name == TableNames.CountyIndicators)
            {
                RunVillageIncomeTotal();
            }
            else if (table.Name == TableNames.MonitoringSnapshots)
            {
                RunSnapshotSequence();
            }

            if (table.Name == TableNames.Counties)
            {
                CheckCountyCoverage();
            }
            else if (table.Name == TableNames.MonitoringLines)
            {
                CheckYearCoverage();
            }
        }

        Summarize();
    }

    private void RunRowChecks(string table)
    {
        var checks = Checks.ForTable(table).ToList();
        if (checks.Count == 0)
        {
            return;
        }

        // One scan per table: each row yields the list of checks it violates.
        var cases = checks.Select(c => $"CASE WHEN ({c.Sql}) THEN {{'i': {c.Index}, 'v': CAST({Ident(c.Column)} AS VARCHAR)}} END");
        // The WHERE clause keeps the per-row list building to the few bad rows.
        var any = string.Join(" OR ", checks.Select(c => $"({c.Sql})"));
        connection.Execute(
            $"INSERT INTO problems SELECT ?, _file, _row, p.i, p.v FROM (SELECT _file, _row, unnest(list_filter([{string.Join(", ", cases)}], x -> x IS NOT NULL)) AS p FROM {Raw(table)} WHERE {any})",
            table);
    }

    private void RunDuplicateKey(ContractTable table)
    {
        var check = Checks.DuplicateKey[table.Name];
        var key = string.Join(", ", table.Key.Select(Ident));
        var notNull = string.Join(" AND ", table.Key.Select(k => $"{Ident(k)} IS NOT NULL"));
        var value = table.Key.Count == 1 ? $"CAST({Ident(table.Key[0])} AS VARCHAR)" : $"concat_ws(',', {key})";
        connection.Execute(
            $"INSERT INTO problems SELECT ?, _file, _row, {check.Index}, {value} FROM {Raw(table.Name)} " +
            $"SEMI JOIN (SELECT {key} FROM {Raw(table.Name)} WHERE {notNull} GROUP BY ALL HAVING count(*) > 1) USING ({key})",
            table.Name);
    }

    private void RunReference(ReferenceCheck reference)
    {
        var child = Raw(reference.Table);
        var parent = Raw(reference.Parent);
        var column = Ident(reference.Column);
        var parentColumn = Ident(reference.ParentColumn);
        connection.Execute(
            $"INSERT INTO problems SELECT ?, c._file, c._row, {reference.Unknown.Index}, CAST(c.{column} AS VARCHAR) FROM {child} c " +
            $"WHERE c.{column} IS NOT NULL AND c.{column} NOT IN (SELECT {parentColumn} FROM {parent} WHERE {parentColumn} IS NOT NULL)",
            reference.Table);
        connection.Execute(
            $"INSERT INTO problems SELECT ?, c._file, c._row, {reference.Quarantined.Index}, CAST(c.{column} AS VARCHAR) FROM {child} c " +
            $"WHERE c.{column} IN (SELECT p.{parentColumn} FROM {parent} p SEMI JOIN problems b ON b.tbl = ? AND b.file = p._file AND b.row = p._row) " +
            $"AND c.{column} NOT IN (SELECT p.{parentColumn} FROM {parent} p ANTI JOIN problems b ON b.tbl = ? AND b.file = p._file AND b.row = p._row WHERE p.{parentColumn} IS NOT NULL)",
            reference.Table, reference.Parent, reference.Parent);
    }

    // A household whose rows name different counties is quarantined with all its rows: no row of it can be trusted.
    private void RunCountyConflicts()
    {
        connection.Execute(
            $"""
            CREATE TEMP TABLE conflicting_households AS
            SELECT h.household_id FROM {Raw(TableNames.Households)} h JOIN {Raw(TableNames.Villages)} v ON v.village_code = h.village_code
            WHERE v.county_code <> h.county_code
            UNION SELECT y.household_id FROM {Raw(TableNames.HouseholdYears)} y JOIN {Raw(TableNames.Households)} h USING (household_id)
            WHERE y.county_code <> h.county_code
            UNION SELECT s.household_id FROM {Raw(TableNames.MonitoringSnapshots)} s JOIN {Raw(TableNames.Households)} h USING (household_id)
            WHERE s.county_code <> h.county_code
            """);
        foreach (var (table, check) in Checks.CountyConflict)
        {
            connection.Execute(
                $"INSERT INTO problems SELECT ?, _file, _row, {check.Index}, CAST(county_code AS VARCHAR) FROM {Raw(table)} WHERE household_id IN (SELECT household_id FROM conflicting_households)",
                table);
        }
    }

    // A rule across two tables: a year's labourers in work cannot outnumber the household's labourers.
    private void RunLabourInWork()
    {
        var check = Checks.LabourInWork;
        connection.Execute(
            $"INSERT INTO problems SELECT ?, y._file, y._row, {check.Index}, CAST(y.labour_in_work AS VARCHAR) FROM {Raw(TableNames.HouseholdYears)} y " +
            $"WHERE EXISTS (SELECT 1 FROM {Raw(TableNames.Households)} h WHERE h.household_id = y.household_id AND y.labour_in_work > h.labour_count)",
            TableNames.HouseholdYears);
    }

    // The county's total must be its villages' sum: a mismatch means the two feeds disagree about the same money.
    private void RunVillageIncomeTotal()
    {
        var check = Checks.VillageIncomeTotal;
        connection.Execute(
            $"""
            INSERT INTO problems
            SELECT ?, i._file, i._row, {check.Index}, CAST(i.village_collective_income AS VARCHAR)
            FROM {Raw(TableNames.CountyIndicators)} i
            LEFT JOIN (
                SELECT v.county_code, y.year, sum(y.collective_income) AS total
                FROM {Raw(TableNames.VillageYears)} y JOIN {Raw(TableNames.Villages)} v USING (village_code)
                GROUP BY ALL) s ON s.county_code = i.county_code AND s.year = i.year
            WHERE i.village_collective_income IS NOT NULL AND i.village_collective_income IS DISTINCT FROM s.total
            """,
            TableNames.CountyIndicators);
    }

    // A rule across the months of one household (contract 3.8): its snapshots form spells that start with status 1
    // (or with 2/3 in the export's first month, the spell having begun before it), continue month by month with 2 and
    // end with 3 or in the export's last month. The first month is January of the manifest's first year: the export
    // declares that its data begins there. The last month is the latest month with any snapshot, not December of the
    // last year: a monthly feed made in June ends in June, and its open spells are not broken.
    // It runs last, over the rows no other rule quarantined, and quarantines every row of a broken spell: dropping only
    // the rows at the break would leave the rest of the spell as a spell without identification or without end, and
    // the monthly counts would still miscount it. The household's other spells are whole and stay published. Only the
    // rows at the break count towards the 1% limit; the rest of the spell is quarantined because of them, like a child
    // row with its parent. Months are numbered year * 12 + month - 1.
    private void RunSnapshotSequence()
    {
        var snapshots = Raw(TableNames.MonitoringSnapshots);
        var firstMonth = _manifest.FirstYear * 12;
        string Accepted(string where) =>
            $"SELECT s._file, s._row, s.household_id, s.year * 12 + s.month - 1 AS m, s.snapshot_status AS st FROM {snapshots} s " +
            $"ANTI JOIN (SELECT file, row FROM problems WHERE tbl = $1) b ON b.file = s._file AND b.row = s._row {where}";
        const string Steps = "SELECT *, lag(m) OVER w AS pm, lag(st) OVER w AS ps, lead(m) OVER w AS nm, lead(st) OVER w AS ns FROM accepted WINDOW w AS (PARTITION BY household_id ORDER BY m)";

        // One pass finds the rows where a spell opens or closes wrongly; sound data has none, and then nothing else runs.
        connection.Execute(
            $"""
            CREATE TEMP TABLE snapshot_breaks AS
            WITH accepted AS ({Accepted("")}), steps AS ({Steps})
            SELECT *, st <> 1 AND m <> {firstMonth} AND (pm IS NULL OR ps = 3 OR pm <> m - 1) AS bad_start,
                st <> 3 AND m <> (SELECT max(m) FROM accepted) AND (nm IS NULL OR ns = 1 OR nm <> m + 1) AS bad_end
            FROM steps WHERE bad_start OR bad_end
            """,
            TableNames.MonitoringSnapshots);
        if (connection.QueryColumns("SELECT count(*) AS n FROM snapshot_breaks").GetInt64s("n")[0] > 0)
        {
            QuarantineBrokenSpells(snapshots, Accepted("WHERE s.household_id IN (SELECT household_id FROM snapshot_breaks)"), Steps);
        }

        connection.Execute("DROP TABLE snapshot_breaks");
    }

    // Reports each break on its row, the month on the other side as the value, and quarantines the rest of its spell.
    private void QuarantineBrokenSpells(string snapshots, string accepted, string steps)
    {
        // The households' snapshots cut into spells: a new spell at the first row, a status 1, after a 3 or a missing month.
        connection.Execute(
            $"""
            CREATE TEMP TABLE snapshot_spells AS
            WITH accepted AS ({accepted}), steps AS ({steps})
            SELECT _file, _row, household_id,
                count(*) FILTER (pm IS NULL OR st = 1 OR ps = 3 OR pm <> m - 1) OVER (PARTITION BY household_id ORDER BY m ROWS UNBOUNDED PRECEDING) AS spell
            FROM steps
            """,
            TableNames.MonitoringSnapshots);

        // A break next to a month the feed has but another rule quarantined is that row's consequence, not a second fault.
        string Quarantined(int offset) =>
            $"EXISTS (SELECT 1 FROM {snapshots} q WHERE q.household_id = x.household_id AND q.month BETWEEN 1 AND 12 AND q.year * 12 + q.month - 1 = x.m + ({offset}))";
        static string At(string m) => $"printf('%04d-%02d', ({m}) // 12, ({m}) % 12 + 1)";
        var checks = Checks;
        connection.Execute(
            $"""
            CREATE TEMP TABLE snapshot_reasons AS
            SELECT x._file, x._row, x.household_id, p.spell,
                CASE WHEN pm IS DISTINCT FROM m - 1 AND {Quarantined(-1)} THEN {checks.SnapshotNeighbourQuarantined.Index}
                     WHEN pm IS NULL THEN {checks.SnapshotNotIdentified.Index}
                     WHEN ps = 3 THEN {checks.SnapshotAfterElimination.Index}
                     ELSE {checks.SnapshotGap.Index} END AS chk,
                CASE WHEN pm IS DISTINCT FROM m - 1 AND {Quarantined(-1)} THEN {At("m - 1")}
                     WHEN pm IS NULL OR ps = 3 THEN {At("coalesce(pm, m)")}
                     ELSE {At("pm")} || '..' || {At("m")} END AS value
            FROM snapshot_breaks x JOIN snapshot_spells p USING (_file, _row) WHERE bad_start
            UNION ALL
            SELECT x._file, x._row, x.household_id, p.spell,
                CASE WHEN nm IS DISTINCT FROM m + 1 AND {Quarantined(1)} THEN {checks.SnapshotNeighbourQuarantined.Index}
                     WHEN nm IS NULL THEN {checks.SnapshotBrokenOff.Index}
                     WHEN nm = m + 1 THEN {checks.SnapshotReidentified.Index}
                     ELSE {checks.SnapshotGap.Index} END,
                CASE WHEN nm IS DISTINCT FROM m + 1 AND {Quarantined(1)} THEN {At("m + 1")}
                     WHEN nm IS NULL OR nm = m + 1 THEN {At("coalesce(nm, m)")}
                     ELSE {At("m")} || '..' || {At("nm")} END
            FROM snapshot_breaks x JOIN snapshot_spells p USING (_file, _row) WHERE bad_end
            """);
        connection.Execute("INSERT INTO problems SELECT $1, _file, _row, chk, value FROM snapshot_reasons", TableNames.MonitoringSnapshots);
        connection.Execute(
            $"INSERT INTO problems SELECT $1, s._file, s._row, {checks.SnapshotInBrokenSpell.Index}, r.value " +
            "FROM snapshot_spells s JOIN snapshot_reasons r USING (household_id, spell) WHERE s._file <> r._file OR s._row <> r._row",
            TableNames.MonitoringSnapshots);
        connection.Execute("DROP TABLE snapshot_reasons");
        connection.Execute("DROP TABLE snapshot_spells");
    }

    private void CheckCountyCoverage()
    {
        var missing = connection.QueryColumns(
            $"SELECT code FROM ref_counties WHERE code NOT IN (SELECT county_code FROM {Raw(TableNames.Counties)} WHERE county_code IS NOT NULL) ORDER BY code")
            .GetInt64s("code");
        if (missing.Length > 0)
        {
            var list = string.Join(", ", missing.Take(20));
            Problems.Add(ExportInspector.Problem(ImportRules.ReferenceTable, TableNames.Counties, null, "county_code",
                $"县表缺少 {missing.Length} 个县级单位:{list}", $"counties lacks {missing.Length} county-level units: {list}", list));
        }
    }

    private void CheckYearCoverage()
    {
        var missing = connection.QueryColumns(
            $"SELECT y FROM range(?, ? + 1) t(y) WHERE y NOT IN (SELECT year FROM {Raw(TableNames.MonitoringLines)} WHERE year IS NOT NULL) ORDER BY y",
            (long)_manifest.FirstYear, (long)_manifest.LastYear).GetInt64s("y");
        if (missing.Length > 0)
        {
            var list = string.Join(", ", missing);
            Problems.Add(ExportInspector.Problem(ImportRules.ReferenceTable, TableNames.MonitoringLines, null, "year",
                $"监测收入线表缺少年度:{list}", $"monitoring_lines lacks the years {list}", list));
        }
    }

    private void Summarize()
    {
        var counts = connection.QueryColumns("SELECT chk, count(*) AS n FROM problems GROUP BY chk ORDER BY chk");
        var checkIds = counts.GetInt64s("chk");
        var checkCounts = counts.GetInt64s("n");
        for (var i = 0; i < checkIds.Length; i++)
        {
            var check = Checks.All[(int)checkIds[i]];
            ProblemCounts[check.Rule.Id] = ProblemCounts.GetValueOrDefault(check.Rule.Id) + checkCounts[i];
            TotalProblems += checkCounts[i];
        }

        // Problems in reference tables, and duplicate villages, cannot be quarantined: other tables hang on them.
        var listed = connection.QueryColumns($"SELECT tbl, file, row, chk, value FROM problems ORDER BY {ReasonsFirst("chk")}, tbl, file, row, chk LIMIT {MaxListedProblems}");
        var tables = listed.GetStrings("tbl");
        var files = listed.GetInt64s("file");
        var rows = listed.GetInt64s("row");
        var chks = listed.GetInt64s("chk");
        var values = listed.GetStrings("value");
        for (var i = 0; i < listed.RowCount; i++)
        {
            var check = Checks.All[(int)chks[i]];
            var value = check.Personal ? null : values[i];
            var suffix = value is null ? "" : $"(值 {value})";
            Problems.Add(new ImportProblem(check.Rule.Id, SeverityOf(check), tables[i], _files[(int)files[i]].RelativePath, rows[i], check.Column, value,
                check.Zh + suffix, check.En + (value is null ? "" : $" (value {value})"))
            {
                KnockOn = Checks.Cascaded.Contains(check),
            });
        }

        foreach (var table in DataContract.Tables)
        {
            var total = connection.QueryColumns($"SELECT count(*) AS n FROM {Raw(table.Name)}").GetInt64s("n")[0];
            var bad = connection.QueryColumns("SELECT count(*) AS n FROM (SELECT DISTINCT file, row FROM problems WHERE tbl = ?)", table.Name).GetInt64s("n")[0];
            Outcomes.Add(new TableOutcome(table.Name, total, total - bad, bad));
            if (bad > 0 && IsReferenceTable(table.Name, connection))
            {
                Problems.Add(ExportInspector.Problem(ImportRules.ReferenceTable, table.Name, null, null,
                    $"基础参照表 {table.Name} 有 {bad} 行问题,其他表依赖它,不能隔离后继续", $"reference table {table.Name} has {bad} bad rows; other tables depend on it, so they cannot be quarantined",
                    bad.ToString(CultureInfo.InvariantCulture)));
            }
            else if (total > 0 && DirectlyBad(table.Name) * 100 > total)
            {
                Problems.Add(ExportInspector.Problem(ImportRules.TooManyBadRows, table.Name, null, null,
                    $"数据表 {table.Name} 有 {bad}/{total} 行有问题,超过 1%:可能是系统性错误", $"table {table.Name} has {bad} of {total} rows with problems, over 1%: a systemic fault",
                    bad.ToString(CultureInfo.InvariantCulture)));
            }
        }

        foreach (var problem in Problems.Where(p => p.Row is null))
        {
            ProblemCounts[problem.Rule] = ProblemCounts.GetValueOrDefault(problem.Rule) + 1;
            TotalProblems++;
        }
    }

    // Listings put the rows that carry a reason before the rows quarantined with them (a household's yearly rows sort
    // before its household row by table name, a spell's earlier months before the month at the break), so a reader
    // meets the cause first; file and row order hold within each group.
    private string ReasonsFirst(string checkColumn) =>
        $"{checkColumn} IN ({string.Join(", ", Checks.Cascaded.Select(c => c.Index))})";

    // Rows quarantined only because their parent was are the parent's problem, not a sign that this table is broken.
    private long DirectlyBad(string table)
    {
        var cascaded = string.Join(", ", Checks.Cascaded.Select(c => c.Index));
        return connection.QueryColumns($"SELECT count(*) AS n FROM (SELECT DISTINCT file, row FROM problems WHERE tbl = ? AND chk NOT IN ({cascaded}))", table).GetInt64s("n")[0];
    }

    private bool IsReferenceTable(string table, DuckDBConnection db) =>
        table is TableNames.Counties or TableNames.MonitoringLines
        || (table == TableNames.Villages && db.QueryColumns("SELECT count(*) AS n FROM problems WHERE tbl = ? AND chk = ?", table, Checks.DuplicateKey[table].Index).GetInt64s("n")[0] > 0);

    private ProblemSeverity SeverityOf(RowCheck check) =>
        check.Table is TableNames.Counties or TableNames.MonitoringLines
        || (check.Table == TableNames.Villages && check.Rule == ImportRules.DuplicateKey)
            ? ProblemSeverity.Reject
            : check.Rule.Severity;

    /// <summary>Writes the accepted rows of every table and the quarantine (rows with their reasons, and the problem list).</summary>
    public void Write(string versionDirectory, Action<string> report)
    {
        var quarantine = Path.Combine(versionDirectory, "quarantine");
        Directory.CreateDirectory(quarantine);
        connection.Execute("CREATE TABLE files (file INTEGER, path VARCHAR)");
        connection.AppendColumns("files", _files.Count, Enumerable.Range(0, _files.Count).ToArray(), _files.Select(f => (string?)f.RelativePath).ToArray());

        connection.Execute("CREATE TABLE checks (chk INTEGER, rule VARCHAR, col VARCHAR, personal BOOLEAN, message_zh VARCHAR, message_en VARCHAR)");
        var all = Checks.All;
        connection.AppendColumns("checks", all.Count, all.Select(c => c.Index).ToArray(), all.Select(c => (string?)c.Rule.Id).ToArray(), all.Select(c => (string?)c.Column).ToArray(),
            all.Select(c => c.Personal).ToArray(), all.Select(c => (string?)c.Zh).ToArray(), all.Select(c => (string?)c.En).ToArray());

        foreach (var table in DataContract.Tables)
        {
            report(table.Name);
            var columns = string.Join(", ", table.Columns.Select(c => $"CAST(r.{Ident(c.Name)} AS {c.Type}) AS {Ident(c.Name)}"));
            // Numbered parameters: DuckDB numbers a bare ? after TO before the ? inside the query.
            connection.Execute(
                $"COPY (SELECT {columns} FROM {Raw(table.Name)} r ANTI JOIN (SELECT file, row FROM problems WHERE tbl = $1) b ON b.file = r._file AND b.row = r._row) " +
                "TO $2 (FORMAT parquet, COMPRESSION zstd)",
                table.Name, Path.Combine(versionDirectory, table.Name + ".parquet"));
            connection.Execute(
                $"COPY (SELECT f.path AS _source_file, r._row AS _source_row, b.rules AS _rules, r.* EXCLUDE (_file, _row) FROM {Raw(table.Name)} r " +
                "JOIN (SELECT file, row, list_distinct(list(c.rule ORDER BY c.rule)) AS rules FROM problems p JOIN checks c USING (chk) WHERE p.tbl = $1 GROUP BY ALL) b " +
                "ON b.file = r._file AND b.row = r._row JOIN files f ON f.file = r._file ORDER BY r._file, r._row) TO $2 (FORMAT parquet, COMPRESSION zstd)",
                table.Name, Path.Combine(quarantine, table.Name + ".parquet"));
        }

        connection.Execute(
            "COPY (SELECT p.tbl AS table_name, f.path AS file, p.row, c.col AS column_name, c.rule, CASE WHEN c.personal THEN NULL ELSE p.value END AS value, " +
            $"c.message_zh, c.message_en FROM problems p JOIN checks c USING (chk) JOIN files f USING (file) ORDER BY {ReasonsFirst("p.chk")}, p.tbl, p.file, p.row, p.chk) TO ? (FORMAT parquet, COMPRESSION zstd)",
            Path.Combine(quarantine, "problems.parquet"));
    }

    private static string StagingType(ExportTable table, ContractColumn column)
    {
        var types = table.Files.Select(f => f.ColumnTypes.GetValueOrDefault(column.Name)).OfType<string>().ToList();
        if (!types.Any(t => ContractTypes.Fit(column.Type, t) == TypeFit.CheckValues))
        {
            return column.Type;
        }

        return column.Type == "DATE" ? "TIMESTAMP" : "HUGEINT";
    }

    internal static string Raw(string table) => "raw_" + table;

    private static string Ident(string name) => SqlText.Identifier(name);

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
