using System.Globalization;
using System.Reflection;

namespace RevivalAnalytics.Data;

/// <summary>One value of a code list: the stored code and its labels.</summary>
/// <param name="Code">Stored integer code (for mask lists, the bit is <c>Code − 1</c>).</param>
/// <param name="Chinese">Chinese label.</param>
/// <param name="English">English label.</param>
public sealed record CodeValue(int Code, string Chinese, string English);

/// <summary>A code list of the data contract.</summary>
/// <param name="Name">Code list name as used in docs/data-contract.md.</param>
/// <param name="Values">The codes in order.</param>
public sealed record CodeList(string Name, IReadOnlyList<CodeValue> Values)
{
    /// <summary>Whether <paramref name="code"/> belongs to the list.</summary>
    /// <param name="code">Code to check.</param>
    public bool Contains(int code) => Values.Any(v => v.Code == code);

    /// <summary>The bits a mask over this list may set.</summary>
    public int AllowedMask => Values.Aggregate(0, (mask, v) => mask | (1 << (v.Code - 1)));

    /// <summary>Chinese label of a code, or null when the code is not in the list.</summary>
    /// <param name="code">Code to label.</param>
    public string? ChineseLabel(int code) => Values.FirstOrDefault(v => v.Code == code)?.Chinese;

    /// <summary>The labels by code, Chinese and English (what pages, reports and the CLI show).</summary>
    public IReadOnlyDictionary<int, (string Zh, string En)> Labels => _labels ??= Values.ToDictionary(v => v.Code, v => (v.Chinese, v.English));

    private IReadOnlyDictionary<int, (string Zh, string En)>? _labels;
}

/// <summary>A column of a contract table.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">DuckDB type name (BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DOUBLE, VARCHAR, DATE).</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="Unit">Unit, or "—".</param>
/// <param name="Chinese">Chinese label.</param>
/// <param name="CodeList">Code list the values (or, for masks, the bits) come from; null when none.</param>
/// <param name="IsMask">The column is a bitmask over <paramref name="CodeList"/>.</param>
/// <param name="IsPersonal">Personal data (name, ID number, phone): never logged, shown masked.</param>
public sealed record ContractColumn(string Name, string Type, bool Nullable, string Unit, string Chinese,
    string? CodeList = null, bool IsMask = false, bool IsPersonal = false);

/// <summary>A table of the data contract: its folder, key, partitions and columns in order.</summary>
/// <param name="Name">Table and folder name.</param>
/// <param name="Chinese">Chinese name.</param>
/// <param name="Key">Columns of the primary key.</param>
/// <param name="PartitionBy">Hive partition columns (folder levels), empty when none.</param>
/// <param name="Columns">Columns in contract order.</param>
public sealed record ContractTable(string Name, string Chinese, IReadOnlyList<string> Key, IReadOnlyList<string> PartitionBy, IReadOnlyList<ContractColumn> Columns)
{
    /// <summary>A column by name, or null.</summary>
    /// <param name="name">Column name.</param>
    public ContractColumn? Column(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The position of a column in contract order, or −1.</summary>
    /// <param name="name">Column name.</param>
    public int Ordinal(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// The provincial data contract (docs/data-contract.md), defined once: tables, columns, types, nullability, keys,
/// partitions, personal-data columns and code lists with their Chinese and English labels (the code lists themselves
/// are the constants of <c>CodeLists.cs</c>). The generator lays out its tables from it, the importer validates with
/// it, the SQL workspace and the metric layer take the personal-data columns and code labels from it, and a test
/// compares it with the document, so none of them can drift apart.
/// </summary>
public static class DataContract
{
    /// <summary>Contract version (major.minor) written to and expected in <c>_manifest.json</c>.</summary>
    public const string Version = "1.0";

    /// <summary>The major version this code reads: an export whose <c>contract_version</c> has another is refused.</summary>
    public const int MajorVersion = 1;

    /// <summary>Name of the manifest file at the root of an export.</summary>
    public const string ManifestFile = "_manifest.json";

    /// <summary>Code lists by name.</summary>
    public static IReadOnlyDictionary<string, CodeList> CodeLists { get; } = BuildCodeLists().ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>Tables in load order (references point to earlier tables); the importer validates them in this order.</summary>
    public static IReadOnlyList<ContractTable> Tables { get; } = BuildTables();

    /// <summary>
    /// The personal-data columns (section 4: name, ID number, phone), by name. They are recognised by name in any
    /// table (a quarantine file holds them too), never logged or repeated in problems, and masked or left out of SQL.
    /// </summary>
    public static IReadOnlyList<string> PersonalDataColumns { get; } =
        Tables.SelectMany(t => t.Columns).Where(c => c.IsPersonal).Select(c => c.Name).Distinct().ToList();

    /// <summary>The Chinese and English labels of a code list, by code.</summary>
    /// <param name="codeList">A code list name (<c>county_class</c>, <c>risk_cause</c> ...).</param>
    /// <exception cref="KeyNotFoundException">No code list has that name.</exception>
    public static IReadOnlyDictionary<int, (string Zh, string En)> Labels(string codeList) =>
        CodeLists.TryGetValue(codeList, out var list)
            ? list.Labels
            : throw new KeyNotFoundException($"数据契约中没有代码表 \"{codeList}\"。The data contract has no code list \"{codeList}\".");

    /// <summary>A table by name.</summary>
    /// <param name="name">Table name.</param>
    /// <exception cref="KeyNotFoundException">No contract table has that name.</exception>
    public static ContractTable Table(string name) =>
        Tables.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException($"数据契约中没有表 \"{name}\"。The data contract has no table \"{name}\".");

    // The code lists are the constant classes of CodeLists.cs: their [CodeList] name, and each constant's value and [Code] labels.
    private static IEnumerable<CodeList> BuildCodeLists() =>
        typeof(DataContract).Assembly.GetTypes()
            .Select(type => (Type: type, List: type.GetCustomAttribute<CodeListAttribute>()))
            .Where(t => t.List is not null)
            .Select(t => new CodeList(t.List!.Name, t.Type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (Value: Convert.ToInt32(f.GetRawConstantValue(), CultureInfo.InvariantCulture), Labels: f.GetCustomAttribute<CodeAttribute>()
                    ?? throw new InvalidOperationException($"代码表 {t.List.Name} 的代码 {f.Name} 没有标签 / code {f.Name} of code list {t.List.Name} has no labels")))
                .OrderBy(c => c.Value)
                .Select(c => new CodeValue(c.Value, c.Labels.Chinese, c.Labels.English))
                .ToArray()))
            .OrderBy(l => l.Name, StringComparer.Ordinal);

    private static ContractTable[] BuildTables()
    {
        static ContractColumn C(string name, string type, bool nullable, string unit, string chinese, string? codes = null) =>
            new(name, type, nullable, unit, chinese, codes);
        static ContractColumn Mask(string name, string chinese, string codes) => new(name, "INTEGER", false, "bitmask", chinese, codes, IsMask: true);
        static ContractColumn Personal(string name, string chinese) => new(name, "VARCHAR", false, "—", chinese, IsPersonal: true);
        const string Yuan = "yuan";
        const string PerPerson = "yuan/person";

        return
        [
            new(TableNames.Counties, "县级单位", ["county_code"], [],
            [
                C("county_code", "INTEGER", false, "—", "县级行政区划代码"),
                C("county_name", "VARCHAR", false, "—", "县(市、区)名称"),
                C("prefecture_code", "INTEGER", false, "—", "设区市代码"),
                C("prefecture_name", "VARCHAR", false, "—", "设区市名称"),
                C("former_poverty_status", "TINYINT", false, "code", "原贫困县类型", "former_poverty_status"),
                C("poverty_exit_year", "SMALLINT", true, "year", "摘帽年度"),
                C("exit_year_inferred", "BOOLEAN", false, "—", "摘帽年度系推断"),
                C("county_class", "TINYINT", false, "code", "县域类别", "county_class"),
                C("class_source", "TINYINT", false, "code", "类别来源", "class_source"),
                C("rural_population", "INTEGER", false, "people", "农村常住人口"),
                C("poverty_alleviated_population", "INTEGER", false, "people", "脱贫人口"),
                C("village_count", "INTEGER", false, "villages", "行政村数"),
            ]),
            new(TableNames.MonitoringLines, "监测范围", ["year"], [],
            [
                C("year", "SMALLINT", false, "year", "年度"),
                C("monitoring_line", "DOUBLE", true, "yuan/person/year", "防止返贫监测收入线"),
                C("national_poverty_line", "DOUBLE", true, "yuan/person/year", "国家扶贫标准(现价)"),
                C("simulation_line", "DOUBLE", false, "yuan/person/year", "测算用收入线"),
            ]),
            new(TableNames.Villages, "行政村", ["village_code"], [],
            [
                C("village_code", "BIGINT", false, "—", "村级代码"),
                C("county_code", "INTEGER", false, "—", "所属县代码"),
                C("township_code", "BIGINT", false, "—", "乡镇代码"),
                C("village_name", "VARCHAR", false, "—", "村名"),
                C("former_poverty_village", "BOOLEAN", false, "—", "原贫困村"),
                C("relocation_site", "BOOLEAN", false, "—", "易地搬迁集中安置点所在村"),
            ]),
            new(TableNames.VillageYears, "村集体经济收入", ["village_code", "year"], [],
            [
                C("village_code", "BIGINT", false, "—", "村级代码"),
                C("year", "SMALLINT", false, "year", "年度"),
                C("collective_income", "BIGINT", false, Yuan, "村集体经济收入"),
            ]),
            new(TableNames.CountyIndicators, "县域年度指标", ["county_code", "year"], [],
            [
                C("county_code", "INTEGER", false, "—", "县代码"),
                C("year", "SMALLINT", false, "year", "年度"),
                C("rural_income_per_capita", "DOUBLE", false, PerPerson, "农村居民人均可支配收入"),
                C("rural_wage_income", "DOUBLE", false, PerPerson, "工资性收入"),
                C("rural_business_income", "DOUBLE", false, PerPerson, "经营净收入"),
                C("rural_property_income", "DOUBLE", false, PerPerson, "财产净收入"),
                C("rural_transfer_income", "DOUBLE", false, PerPerson, "转移净收入"),
                C("poverty_alleviated_income_per_capita", "DOUBLE", false, PerPerson, "脱贫人口人均纯收入"),
                C("poverty_alleviated_labour_employed", "INTEGER", false, "people", "脱贫劳动力务工就业人数"),
                C("public_welfare_posts", "INTEGER", false, "posts", "公益岗位安置人数"),
                C("assistance_workshops", "INTEGER", false, "workshops", "就业帮扶车间"),
                C("workshop_employed", "INTEGER", false, "people", "帮扶车间吸纳就业"),
                C("linkage_funds", "BIGINT", true, Yuan, "衔接推进乡村振兴补助资金"),
                C("linkage_funds_industry", "BIGINT", true, Yuan, "其中用于产业发展"),
                C("projects_stored", "INTEGER", true, "projects", "项目库入库项目"),
                C("projects_started", "INTEGER", true, "projects", "已开工项目"),
                C("village_collective_income", "BIGINT", false, Yuan, "村集体经济收入合计"),
                C("weak_villages", "INTEGER", false, "villages", "集体收入低于10万元的村"),
                C("problems_found", "INTEGER", true, "problems", "排查发现问题"),
                C("problems_rectified", "INTEGER", true, "problems", "已完成整改"),
                C("dropout_students_found", "INTEGER", true, "pupils", "发现辍学"),
                C("dropout_students_returned", "INTEGER", true, "pupils", "劝返复学"),
                C("medical_insurance_target", "INTEGER", true, "people", "应参保脱贫人口"),
                C("medical_insured", "INTEGER", true, "people", "已参加基本医保"),
                C("unsafe_houses_found", "INTEGER", true, "houses", "排查住房安全隐患"),
                C("unsafe_houses_fixed", "INTEGER", true, "houses", "已改造/消除"),
                C("water_dangers_found", "INTEGER", true, "projects", "饮水工程隐患"),
                C("water_dangers_fixed", "INTEGER", true, "projects", "已整改"),
                C("relocated_people", "INTEGER", false, "people", "易地扶贫搬迁人口"),
                C("relocated_labour_employed", "INTEGER", false, "people", "搬迁劳动力就业"),
                C("disaster_level", "TINYINT", false, "code", "自然灾害等级", "disaster_level"),
            ]),
            new(TableNames.Households, "农户", ["household_id"], [],
            [
                C("household_id", "BIGINT", false, "—", "户编号"),
                C("county_code", "INTEGER", false, "—", "县代码"),
                C("village_code", "BIGINT", false, "—", "村代码"),
                C("household_type", "TINYINT", false, "code", "农户类型", "household_type"),
                C("poverty_exit_year", "SMALLINT", true, "year", "脱贫年度"),
                Personal("head_name", "户主姓名"),
                Personal("head_id_number", "户主身份证号"),
                Personal("head_phone", "联系电话"),
                C("head_sex", "TINYINT", false, "code", "户主性别", "sex"),
                C("head_birth_year", "SMALLINT", false, "year", "户主出生年份"),
                C("household_size", "TINYINT", false, "people", "家庭人口"),
                C("labour_count", "TINYINT", false, "people", "劳动力人数"),
                C("elderly_count", "TINYINT", false, "people", "60岁以上人数"),
                C("student_count", "TINYINT", false, "people", "在校生人数"),
                C("chronic_ill_count", "TINYINT", false, "people", "患慢性病/大病人数"),
                C("disabled_count", "TINYINT", false, "people", "残疾人数"),
                C("relocated", "BOOLEAN", false, "—", "易地扶贫搬迁户"),
                C("sample_weight", "DOUBLE", false, "households", "样本权数"),
            ]),
            new(TableNames.HouseholdYears, "农户年度", ["household_id", "year"], ["year"],
            [
                C("household_id", "BIGINT", false, "—", "户编号"),
                C("year", "SMALLINT", false, "year", "年度"),
                C("county_code", "INTEGER", false, "—", "县代码"),
                C("poverty_status", "TINYINT", false, "code", "贫困/脱贫状态", "poverty_status"),
                C("per_capita_net_income", "DOUBLE", false, "yuan/person/year", "家庭人均纯收入"),
                C("per_capita_wage_income", "DOUBLE", false, PerPerson, "人均工资性收入"),
                C("per_capita_business_income", "DOUBLE", false, PerPerson, "人均生产经营性收入"),
                C("per_capita_property_income", "DOUBLE", false, PerPerson, "人均财产性收入"),
                C("per_capita_transfer_income", "DOUBLE", false, PerPerson, "人均转移性收入"),
                C("unavoidable_expense", "DOUBLE", false, "yuan/household", "刚性支出"),
                C("labour_in_work", "TINYINT", false, "people", "务工就业劳动力"),
                Mask("risk_cause_mask", "风险类型(多选)", "risk_cause"),
                C("primary_risk_cause", "TINYINT", true, "code", "主要风险类型", "risk_cause"),
                C("monitoring_status", "TINYINT", false, "code", "年末监测状态", "monitoring_status"),
                C("monitored_category", "TINYINT", true, "code", "监测对象类别", "monitored_category"),
                C("newly_identified", "BOOLEAN", false, "—", "本年新识别"),
                C("identified_date", "DATE", true, "date", "识别纳入日期"),
                C("risk_eliminated_date", "DATE", true, "date", "风险消除日期"),
                Mask("assistance_mask", "帮扶措施(多选)", "assistance"),
                C("food_clothing_secure", "BOOLEAN", false, "—", "不愁吃不愁穿"),
                C("compulsory_education_secure", "BOOLEAN", false, "—", "义务教育有保障"),
                C("basic_medical_secure", "BOOLEAN", false, "—", "基本医疗有保障"),
                C("housing_secure", "BOOLEAN", false, "—", "住房安全有保障"),
                C("drinking_water_secure", "BOOLEAN", false, "—", "饮水安全有保障"),
            ]),
            new(TableNames.MonitoringSnapshots, "监测月度快照", ["year", "month", "household_id"], ["year", "month"],
            [
                C("year", "SMALLINT", false, "year", "年度"),
                C("month", "TINYINT", false, "month", "月份"),
                C("snapshot_date", "DATE", false, "date", "快照日期(月末)"),
                C("household_id", "BIGINT", false, "—", "户编号"),
                C("county_code", "INTEGER", false, "—", "县代码"),
                C("monitored_category", "TINYINT", false, "code", "监测对象类别", "monitored_category"),
                C("snapshot_status", "TINYINT", false, "code", "本月状态", "snapshot_status"),
                C("months_monitored", "SMALLINT", false, "months", "已监测月数"),
                C("primary_risk_cause", "TINYINT", false, "code", "主要风险类型", "risk_cause"),
                Mask("risk_cause_mask", "风险类型", "risk_cause"),
                Mask("assistance_mask", "帮扶措施", "assistance"),
                C("per_capita_income_12m", "DOUBLE", false, PerPerson, "近12个月人均纯收入(估算)"),
                C("guarantees_secure", "BOOLEAN", false, "—", "两不愁三保障及饮水安全均达标"),
            ]),
        ];
    }
}
