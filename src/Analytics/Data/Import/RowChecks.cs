using System.Globalization;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Import;

/// <summary>
/// One row-level check. <see cref="Sql"/> is a condition over the table's columns that is true when the row violates
/// it; checks without SQL (keys, references, household conflicts) are run as their own statements.
/// </summary>
internal sealed record RowCheck(int Index, string Table, string Column, ImportRule Rule, string? Sql, string Zh, string En, bool Personal);

/// <summary>The row rules of data contract 1.0, section 3 (ranges, code lists, cross-column rules).</summary>
internal sealed class RowChecks
{
    private readonly List<RowCheck> _checks = [];

    public RowChecks(ExportManifest manifest, IReadOnlyList<ExportTable> tables)
    {
        var first = manifest.FirstYear.ToString(CultureInfo.InvariantCulture);
        var last = manifest.LastYear.ToString(CultureInfo.InvariantCulture);
        foreach (var table in tables)
        {
            foreach (var column in table.Contract.Columns.Where(c => !c.Nullable))
            {
                Add(table.Contract.Name, column.Name, ImportRules.NullValue, $"{Q(column.Name)} IS NULL",
                    $"必填列 {column.Name} 为空", $"required column {column.Name} is NULL");
            }

            foreach (var column in table.ColumnsToCheck)
            {
                if (column.Type == "DATE")
                {
                    Add(table.Contract.Name, column.Name, ImportRules.DateHasTime, $"CAST({Q(column.Name)} AS TIME) <> TIME '00:00:00'",
                        $"日期列 {column.Name} 的时间戳不在零点", $"timestamp in date column {column.Name} is not at midnight");
                }
                else
                {
                    Add(table.Contract.Name, column.Name, ImportRules.TypeOverflow, $"TRY_CAST({Q(column.Name)} AS {column.Type}) IS NULL AND {Q(column.Name)} IS NOT NULL",
                        $"列 {column.Name} 的值超出 {column.Type} 的范围", $"value of {column.Name} does not fit {column.Type}");
                }
            }
        }

        const string C = TableNames.Counties;
        Add(C, "county_code", ImportRules.UnknownCode, "county_code NOT IN (SELECT code FROM ref_counties)", "县代码不在山西省117个县级单位名单中", "county code is not one of Shanxi's 117 county-level units");
        Add(C, "county_name", ImportRules.Inconsistent, "county_name <> (SELECT name FROM ref_counties r WHERE r.code = county_code)", "县名与代码不符", "county name does not match its code");
        Add(C, "prefecture_code", ImportRules.Inconsistent, "prefecture_code <> county_code // 100 * 100", "设区市代码应为县代码的前4位加00", "prefecture code must be the county code's first 4 digits + 00");
        Code(C, "former_poverty_status");
        Code(C, "county_class");
        Code(C, "class_source");
        Add(C, "poverty_exit_year", ImportRules.Inconsistent,
            "CASE WHEN former_poverty_status = 0 THEN poverty_exit_year IS NOT NULL ELSE poverty_exit_year IS NULL OR poverty_exit_year NOT BETWEEN 2017 AND 2019 END",
            "摘帽年度应在 2017–2019 之间(非贫困县应为空)", "exit year must be 2017–2019 (NULL for a county that was never poor)");
        Min(C, "rural_population", 1);
        Min(C, "poverty_alleviated_population", 0);
        Min(C, "village_count", 0);

        const string L = TableNames.MonitoringLines;
        Between(L, "year", first, last);
        Min(L, "monitoring_line", 0);
        Min(L, "national_poverty_line", 0);
        Add(L, "simulation_line", ImportRules.OutOfRange, "simulation_line <= 0", "测算用收入线应大于 0", "simulation line must be above 0");

        const string V = TableNames.Villages;
        Add(V, "village_code", ImportRules.Inconsistent, "village_code // 1000000 <> county_code", "村代码前6位应等于所属县代码", "the village code's first 6 digits must equal its county code");
        Add(V, "township_code", ImportRules.Inconsistent, "township_code <> village_code // 1000", "乡镇代码应为村代码前9位", "township code must be the village code's first 9 digits");
        Add(V, "village_name", ImportRules.OutOfRange, "trim(village_name) = ''", "村名为空白", "village name is blank");

        const string VY = TableNames.VillageYears;
        Between(VY, "year", first, last);
        Min(VY, "collective_income", 0);

        const string I = TableNames.CountyIndicators;
        Between(I, "year", first, last);
        Add(I, "rural_income_per_capita", ImportRules.OutOfRange, "rural_income_per_capita <= 0", "农村居民人均可支配收入应大于 0", "rural income per capita must be above 0");
        foreach (var column in new[] { "rural_wage_income", "rural_business_income", "rural_property_income", "rural_transfer_income" })
        {
            Min(I, column, 0);
        }

        Add(I, "rural_income_per_capita", ImportRules.Inconsistent,
            "abs(rural_income_per_capita - (rural_wage_income + rural_business_income + rural_property_income + rural_transfer_income)) > 0.05",
            "人均可支配收入不等于四项收入之和(容差 0.05)", "income per capita is not the sum of its four components (±0.05)");
        Add(I, "poverty_alleviated_income_per_capita", ImportRules.OutOfRange, "poverty_alleviated_income_per_capita <= 0", "脱贫人口人均纯收入应大于 0", "poverty-alleviated income per capita must be above 0");
        foreach (var column in new[]
        {
            "poverty_alleviated_labour_employed", "public_welfare_posts", "assistance_workshops", "workshop_employed", "linkage_funds",
            "linkage_funds_industry", "projects_stored", "projects_started", "village_collective_income", "weak_villages", "problems_found",
            "problems_rectified", "dropout_students_found", "dropout_students_returned", "medical_insurance_target", "medical_insured",
            "unsafe_houses_found", "unsafe_houses_fixed", "water_dangers_found", "water_dangers_fixed", "relocated_people", "relocated_labour_employed",
        })
        {
            Min(I, column, 0);
        }

        AtMost(I, "linkage_funds_industry", "linkage_funds");
        AtMost(I, "projects_started", "projects_stored");
        AtMost(I, "problems_rectified", "problems_found");
        AtMost(I, "dropout_students_returned", "dropout_students_found");
        AtMost(I, "medical_insured", "medical_insurance_target");
        AtMost(I, "unsafe_houses_fixed", "unsafe_houses_found");
        AtMost(I, "water_dangers_fixed", "water_dangers_found");
        AtMost(I, "relocated_labour_employed", "relocated_people");
        Code(I, "disaster_level");

        const string H = TableNames.Households;
        Code(H, "household_type");
        Add(H, "poverty_exit_year", ImportRules.Inconsistent,
            "CASE household_type WHEN 1 THEN poverty_exit_year IS NULL OR poverty_exit_year NOT BETWEEN 2014 AND 2020 WHEN 2 THEN poverty_exit_year IS NOT NULL END",
            "脱贫户的脱贫年度应在 2014–2020 之间,一般农户应为空", "exit year must be 2014–2020 for a poverty-alleviated household and NULL otherwise");
        Add(H, "head_id_number", ImportRules.Inconsistent, "length(head_id_number) <> 18 OR left(head_id_number, 6) <> CAST(county_code AS VARCHAR)",
            "身份证号应为18位且前6位等于县代码", "ID number must have 18 characters, the first 6 equal to the county code", personal: true);
        Add(H, "head_phone", ImportRules.OutOfRange, "NOT regexp_full_match(head_phone, '[0-9]{11}')", "联系电话应为11位数字", "phone number must be 11 digits", personal: true);
        Code(H, "head_sex");
        Between(H, "head_birth_year", "1920", "2010");
        Between(H, "household_size", "1", "15");
        foreach (var column in new[] { "labour_count", "elderly_count", "student_count", "chronic_ill_count", "disabled_count" })
        {
            Add(H, column, ImportRules.OutOfRange, $"{column} < 0 OR {column} > household_size",
                $"{column} 应在 0 到家庭人口数之间", $"{column} must be between 0 and household_size");
        }

        Add(H, "sample_weight", ImportRules.OutOfRange, "sample_weight <= 0", "样本权数应大于 0", "sample weight must be above 0");

        const string Y = TableNames.HouseholdYears;
        Between(Y, "year", first, last);
        Code(Y, "poverty_status");
        foreach (var column in new[] { "per_capita_net_income", "per_capita_wage_income", "per_capita_business_income", "per_capita_property_income", "per_capita_transfer_income", "unavoidable_expense", "labour_in_work" })
        {
            Min(Y, column, 0);
        }

        Add(Y, "per_capita_net_income", ImportRules.Inconsistent,
            "abs(per_capita_net_income - (per_capita_wage_income + per_capita_business_income + per_capita_property_income + per_capita_transfer_income)) > 0.05",
            "人均纯收入不等于四项收入之和(容差 0.05)", "net income per capita is not the sum of its four components (±0.05)");
        Mask(Y, "risk_cause_mask");
        Code(Y, "primary_risk_cause");
        Code(Y, "monitoring_status");
        Code(Y, "monitored_category");
        Add(Y, "identified_date", ImportRules.OutOfRange, "identified_date < DATE '2020-01-01' OR identified_date > make_date(CAST(year AS BIGINT), 12, 31)",
            "识别日期应在 2020-01-01 至当年年底之间", "identification date must be between 2020-01-01 and the end of the row's year");
        Add(Y, "newly_identified", ImportRules.Inconsistent, "newly_identified AND (identified_date IS NULL OR year(identified_date) <> year)",
            "本年新识别的农户,识别日期应在当年", "a household newly identified this year must have its identification date in this year");
        Add(Y, "risk_eliminated_date", ImportRules.OutOfRange, "risk_eliminated_date < DATE '2014-01-01' OR risk_eliminated_date > make_date(CAST(year AS BIGINT), 12, 31)",
            "风险消除日期应在 2014-01-01 至当年年底之间", "risk-elimination date must be between 2014-01-01 and the end of the row's year");
        Add(Y, "risk_eliminated_date", ImportRules.Inconsistent, "monitoring_status = 2 AND (risk_eliminated_date IS NULL OR risk_eliminated_date < identified_date + INTERVAL 6 MONTH)",
            "风险已消除的农户,消除日期应不早于识别日期后6个月", "a household cleared of risk must have its elimination date at least 6 months after identification");
        Mask(Y, "assistance_mask");

        const string S = TableNames.MonitoringSnapshots;
        Between(S, "year", first, last);
        Between(S, "month", "1", "12");
        Add(S, "snapshot_date", ImportRules.Inconsistent, "snapshot_date <> last_day(make_date(CAST(year AS BIGINT), CAST(month AS BIGINT), 1))",
            "快照日期应为该年月的月末", "snapshot date must be the last day of its year and month");
        Code(S, "monitored_category");
        Code(S, "snapshot_status");
        Min(S, "months_monitored", 1);
        Code(S, "primary_risk_cause");
        Mask(S, "risk_cause_mask");
        Mask(S, "assistance_mask");
        Min(S, "per_capita_income_12m", 0);

        DuplicateKey = DataContract.Tables.ToDictionary(t => t.Name, t => Add(t.Name, string.Join(',', t.Key), ImportRules.DuplicateKey, null,
            $"主键({string.Join(", ", t.Key)})重复:共用该主键的各行均被隔离", $"duplicate key ({string.Join(", ", t.Key)}): every row sharing it is quarantined"));
        References =
        [
            Reference(V, "county_code", C, "county_code", "县"),
            Reference(VY, "village_code", V, "village_code", "村"),
            Reference(I, "county_code", C, "county_code", "县"),
            Reference(H, "county_code", C, "county_code", "县"),
            Reference(H, "village_code", V, "village_code", "村"),
            Reference(Y, "household_id", H, "household_id", "农户"),
            Reference(S, "household_id", H, "household_id", "农户"),
        ];
        VillageIncomeTotal = Add(I, "village_collective_income", ImportRules.Inconsistent, null,
            "村集体经济收入合计不等于该县当年各村之和(village_years)", "village collective income is not the sum of the county's villages that year (village_years)");
        LabourInWork = Add(Y, "labour_in_work", ImportRules.Inconsistent, null,
            "务工就业劳动力多于该户劳动力人数(households.labour_count)", "labour in work exceeds the household's labour count (households.labour_count)");
        // Section 3.8's spell rule. The value of each problem names the month(s) where the sequence breaks.
        var firstMonth = $"{first}-01";
        SnapshotNotIdentified = Add(S, "snapshot_status", ImportRules.SnapshotSequence, null,
            $"监测周期不是以“本月新识别”(状态1)开始:该户此前没有快照,却在所示月份以监测中或风险消除出现(只有数据首月 {firstMonth} 可以如此);整个周期一并隔离",
            $"the spell does not begin with status 1 (newly identified): the household has no earlier snapshot yet appears with status 2 or 3 in the month given (allowed only in the export's first month, {firstMonth}); the whole spell is quarantined");
        SnapshotAfterElimination = Add(S, "snapshot_status", ImportRules.SnapshotSequence, null,
            "该户在所示月份已风险消除(状态3),其后的快照却不是以重新识别(状态1)开始;这些快照所在的周期一并隔离",
            "the household's risk was eliminated (status 3) in the month given, yet its later snapshots do not begin with a new identification (status 1); their spell is quarantined");
        SnapshotReidentified = Add(S, "snapshot_status", ImportRules.SnapshotSequence, null,
            "仍在监测中的农户在所示月份又被“本月新识别”(状态1):此前的监测周期没有以风险消除(状态3)结束,该周期一并隔离",
            "the household is newly identified (status 1) again in the month given while still monitored: its earlier spell did not end with risk elimination (status 3) and is quarantined");
        SnapshotGap = Add(S, "year,month", ImportRules.SnapshotSequence, null,
            "监测周期中缺少月度快照:所示两个月份之间该户没有快照,风险也未消除;缺口两侧的周期一并隔离",
            "the spell misses monthly snapshots: the household has none between the two months given and its risk was not eliminated; the spells on both sides of the gap are quarantined");
        SnapshotBrokenOff = Add(S, "year,month", ImportRules.SnapshotSequence, null,
            "监测周期中断:所示月份之后该户再无快照,但风险未消除,而导出数据中有更晚月份的快照;该周期一并隔离",
            "the spell breaks off: the household has no snapshot after the month given although its risk was not eliminated and the export has snapshots of later months; the spell is quarantined");
        SnapshotNeighbourQuarantined = Add(S, "year,month", ImportRules.ParentQuarantined, null,
            "同一监测周期中所示月份的快照已因其他问题被隔离;为使月度序列保持连贯,该周期其余快照一并隔离",
            "the snapshot of the month given, in the same spell, was quarantined for another problem; the rest of the spell is quarantined with it so the monthly series stays continuous");
        SnapshotInBrokenSpell = Add(S, "year,month", ImportRules.SnapshotSequence, null,
            "该快照所在的监测周期在所示月份处不连贯(原因见该周期断点处的记录),整个周期一并隔离",
            "this snapshot's spell breaks at the month(s) given (the reason is reported on the row at the break); the whole spell is quarantined");
        CountyConflict = new[] { H, Y, S }.ToDictionary(t => t, t => Add(t, "county_code", ImportRules.HouseholdCountyConflict, null,
            "该农户的记录分属不同县(户表、年度表、月度快照的县代码或所在村的县不一致),该户全部记录一并隔离",
            "this household's rows name different counties (household, yearly rows, snapshots or its village disagree); all its rows are quarantined together"));
    }

    public IReadOnlyList<RowCheck> All => _checks;

    public IReadOnlyDictionary<string, RowCheck> DuplicateKey { get; }

    public IReadOnlyList<ReferenceCheck> References { get; }

    public IReadOnlyDictionary<string, RowCheck> CountyConflict { get; }

    /// <summary>A county-year's <c>village_collective_income</c> that is not the sum of its villages' (contract, county_indicators).</summary>
    public RowCheck VillageIncomeTotal { get; }

    /// <summary>A household-year's <c>labour_in_work</c> above its household's <c>labour_count</c> (contract, household_years).</summary>
    public RowCheck LabourInWork { get; }

    /// <summary>The first snapshot of a spell opening with status 2 or 3 without any earlier snapshot (outside the export's first month).</summary>
    public RowCheck SnapshotNotIdentified { get; }

    /// <summary>The first snapshot of a spell that follows a status 3 (risk eliminated) without opening with status 1.</summary>
    public RowCheck SnapshotAfterElimination { get; }

    /// <summary>The last snapshot of a spell followed in the next month by a new identification (status 1) instead of an elimination.</summary>
    public RowCheck SnapshotReidentified { get; }

    /// <summary>The snapshots on either side of missing months inside a spell.</summary>
    public RowCheck SnapshotGap { get; }

    /// <summary>The last snapshot of a spell that stops before the export's last month without an elimination.</summary>
    public RowCheck SnapshotBrokenOff { get; }

    /// <summary>The snapshot next to a month of its spell that was quarantined for another problem (cascaded, like a child of a quarantined parent).</summary>
    public RowCheck SnapshotNeighbourQuarantined { get; }

    /// <summary>The other snapshots of a broken spell: quarantined with it, though not wrong in themselves.</summary>
    public RowCheck SnapshotInBrokenSpell { get; }

    /// <summary>Checks that quarantine a row only because another row was quarantined; they do not count towards the 1% limit.</summary>
    public IEnumerable<RowCheck> Cascaded => References.Select(r => r.Quarantined).Append(SnapshotNeighbourQuarantined).Append(SnapshotInBrokenSpell);

    public IEnumerable<RowCheck> ForTable(string table) => _checks.Where(c => c.Table == table && c.Sql is not null);

    private ReferenceCheck Reference(string table, string column, string parent, string parentColumn, string noun) => new(
        Add(table, column, ImportRules.UnknownReference, null, $"{column} 在 {parent} 中不存在(未知的{noun})", $"{column} is not found in {parent}"),
        Add(table, column, ImportRules.ParentQuarantined, null, $"{column} 所指的 {parent} 记录已被隔离", $"the {parent} row that {column} refers to was quarantined"),
        parent, parentColumn);

    // The codes (and a mask's bits) come from the column's code list in the contract.
    private void Code(string table, string column)
    {
        var codes = CodeListOf(table, column).Values.Select(v => v.Code).ToList();
        var (low, high) = (codes.Min(), codes.Max());
        Add(table, column, ImportRules.UnknownCode, $"{Q(column)} NOT IN ({string.Join(", ", codes)})",
            $"{column} 的代码不在代码表 {low}–{high} 中", $"{column} is not a code of its list ({low}–{high})");
    }

    private void Mask(string table, string column) => Add(table, column, ImportRules.UnknownCode, $"({Q(column)} & {~CodeListOf(table, column).AllowedMask}) <> 0",
        $"{column} 含有代码表以外的位", $"{column} sets a bit outside its code list");

    private static CodeList CodeListOf(string table, string column) =>
        DataContract.Table(table).Column(column)?.CodeList is { } name
            ? DataContract.CodeLists[name]
            : throw new InvalidOperationException($"契约中 {table}.{column} 没有代码表 / {table}.{column} has no code list in the contract");

    private void Min(string table, string column, int min) => Add(table, column, ImportRules.OutOfRange, $"{Q(column)} < {min}",
        min == 0 ? $"{column} 不能为负数" : $"{column} 应不小于 {min}", min == 0 ? $"{column} must not be negative" : $"{column} must be at least {min}");

    private void Between(string table, string column, string low, string high) => Add(table, column, ImportRules.OutOfRange, $"{Q(column)} NOT BETWEEN {low} AND {high}",
        $"{column} 应在 {low} 到 {high} 之间", $"{column} must be between {low} and {high}");

    private void AtMost(string table, string column, string bound) => Add(table, column, ImportRules.Inconsistent, $"{Q(column)} > {Q(bound)}",
        $"{column} 不能大于 {bound}", $"{column} must not exceed {bound}");

    private RowCheck Add(string table, string column, ImportRule rule, string? sql, string zh, string en, bool personal = false)
    {
        var check = new RowCheck(_checks.Count, table, column, rule, sql, zh, en, personal || DataContract.Table(table).Column(column)?.IsPersonal == true);
        _checks.Add(check);
        return check;
    }

    private static string Q(string column) => SqlText.Identifier(column);
}

/// <summary>A reference between tables: unknown values, and values whose parent row was quarantined.</summary>
internal sealed record ReferenceCheck(RowCheck Unknown, RowCheck Quarantined, string Parent, string ParentColumn)
{
    public string Table => Unknown.Table;

    public string Column => Unknown.Column;
}
