namespace RevivalAnalytics.Data.Import;

/// <summary>One column of a contract table (docs/data-contract.md, section 3).</summary>
internal sealed record ContractColumn(string Name, string Type, bool Nullable, bool Personal, int Ordinal);

/// <summary>One table of the contract: columns in contract order, key, Hive partition columns.</summary>
internal sealed record ContractTable(string Name, IReadOnlyList<ContractColumn> Columns, IReadOnlyList<string> Key, IReadOnlyList<string> PartitionColumns)
{
    public ContractColumn? Find(string column) => Columns.FirstOrDefault(c => c.Name == column);
}

/// <summary>
/// The importer's reading of data contract 1.0. Columns are written as "name TYPE [null] [pii]" so the
/// tables below can be compared with the contract document line by line.
/// </summary>
internal static class ContractSchema
{
    public const int Major = 1;

    public const string Counties = "counties";
    public const string Villages = "villages";
    public const string VillageYears = "village_years";
    public const string MonitoringLines = "monitoring_lines";
    public const string CountyIndicators = "county_indicators";
    public const string Households = "households";
    public const string HouseholdYears = "household_years";
    public const string MonitoringSnapshots = "monitoring_snapshots";

    /// <summary>Tables in the order they are validated: every table after the tables it references.</summary>
    public static IReadOnlyList<ContractTable> Tables { get; } =
    [
        Table(Counties, ["county_code"], [],
            "county_code INTEGER", "county_name VARCHAR", "prefecture_code INTEGER", "prefecture_name VARCHAR",
            "former_poverty_status TINYINT", "poverty_exit_year SMALLINT null", "exit_year_inferred BOOLEAN",
            "county_class TINYINT", "class_source TINYINT", "rural_population INTEGER",
            "poverty_alleviated_population INTEGER", "village_count INTEGER"),
        Table(MonitoringLines, ["year"], [],
            "year SMALLINT", "monitoring_line DOUBLE null", "national_poverty_line DOUBLE null", "simulation_line DOUBLE"),
        Table(Villages, ["village_code"], [],
            "village_code BIGINT", "county_code INTEGER", "township_code BIGINT", "village_name VARCHAR",
            "former_poverty_village BOOLEAN", "relocation_site BOOLEAN"),
        Table(VillageYears, ["village_code", "year"], [],
            "village_code BIGINT", "year SMALLINT", "collective_income BIGINT"),
        Table(CountyIndicators, ["county_code", "year"], [],
            "county_code INTEGER", "year SMALLINT", "rural_income_per_capita DOUBLE", "rural_wage_income DOUBLE",
            "rural_business_income DOUBLE", "rural_property_income DOUBLE", "rural_transfer_income DOUBLE",
            "poverty_alleviated_income_per_capita DOUBLE", "poverty_alleviated_labour_employed INTEGER",
            "public_welfare_posts INTEGER", "assistance_workshops INTEGER", "workshop_employed INTEGER",
            "linkage_funds BIGINT null", "linkage_funds_industry BIGINT null", "projects_stored INTEGER null",
            "projects_started INTEGER null", "village_collective_income BIGINT", "weak_villages INTEGER",
            "problems_found INTEGER null", "problems_rectified INTEGER null", "dropout_students_found INTEGER null",
            "dropout_students_returned INTEGER null", "medical_insurance_target INTEGER null", "medical_insured INTEGER null",
            "unsafe_houses_found INTEGER null", "unsafe_houses_fixed INTEGER null", "water_dangers_found INTEGER null",
            "water_dangers_fixed INTEGER null", "relocated_people INTEGER", "relocated_labour_employed INTEGER",
            "disaster_level TINYINT"),
        Table(Households, ["household_id"], [],
            "household_id BIGINT", "county_code INTEGER", "village_code BIGINT", "household_type TINYINT",
            "poverty_exit_year SMALLINT null", "head_name VARCHAR pii", "head_id_number VARCHAR pii", "head_phone VARCHAR pii",
            "head_sex TINYINT", "head_birth_year SMALLINT", "household_size TINYINT", "labour_count TINYINT",
            "elderly_count TINYINT", "student_count TINYINT", "chronic_ill_count TINYINT", "disabled_count TINYINT",
            "relocated BOOLEAN", "sample_weight DOUBLE"),
        Table(HouseholdYears, ["household_id", "year"], ["year"],
            "household_id BIGINT", "year SMALLINT", "county_code INTEGER", "poverty_status TINYINT",
            "per_capita_net_income DOUBLE", "per_capita_wage_income DOUBLE", "per_capita_business_income DOUBLE",
            "per_capita_property_income DOUBLE", "per_capita_transfer_income DOUBLE", "unavoidable_expense DOUBLE",
            "labour_in_work TINYINT", "risk_cause_mask INTEGER", "primary_risk_cause TINYINT null", "monitoring_status TINYINT",
            "monitored_category TINYINT null", "newly_identified BOOLEAN", "identified_date DATE null",
            "risk_eliminated_date DATE null", "assistance_mask INTEGER", "food_clothing_secure BOOLEAN",
            "compulsory_education_secure BOOLEAN", "basic_medical_secure BOOLEAN", "housing_secure BOOLEAN",
            "drinking_water_secure BOOLEAN"),
        Table(MonitoringSnapshots, ["year", "month", "household_id"], ["year", "month"],
            "year SMALLINT", "month TINYINT", "snapshot_date DATE", "household_id BIGINT", "county_code INTEGER",
            "monitored_category TINYINT", "snapshot_status TINYINT", "months_monitored SMALLINT", "primary_risk_cause TINYINT",
            "risk_cause_mask INTEGER", "assistance_mask INTEGER", "per_capita_income_12m DOUBLE", "guarantees_secure BOOLEAN"),
    ];

    public static ContractTable Get(string name) => Tables.First(t => t.Name == name);

    private static ContractTable Table(string name, string[] key, string[] partitions, params string[] columns) =>
        new(name, columns.Select((spec, i) =>
        {
            var words = spec.Split(' ');
            return new ContractColumn(words[0], words[1], words.Contains("null"), words.Contains("pii"), i);
        }).ToList(), key, partitions);

    /// <summary>
    /// Whether a column read as <paramref name="fileType"/> (DuckDB's name for the Parquet type) may fill a contract
    /// column of <paramref name="contractType"/>. Integers of any width are accepted for integer columns (writers
    /// such as pandas write INT64 everywhere); a value that does not fit the contract type is a row problem.
    /// </summary>
    public static TypeFit Fit(string contractType, string fileType)
    {
        if (fileType == contractType)
        {
            return TypeFit.Exact;
        }

        var fileRank = IntegerRank(fileType);
        var contractRank = IntegerRank(contractType);
        if (contractRank > 0 && fileRank > 0)
        {
            return fileRank <= contractRank && !fileType.StartsWith('U') ? TypeFit.Widening : TypeFit.CheckValues;
        }

        return contractType switch
        {
            "DOUBLE" when fileType is "FLOAT" || fileRank > 0 || fileType.StartsWith("DECIMAL", StringComparison.Ordinal) => TypeFit.Widening,
            "DATE" when fileType.StartsWith("TIMESTAMP", StringComparison.Ordinal) => TypeFit.CheckValues,
            _ => TypeFit.Incompatible,
        };
    }

    private static int IntegerRank(string type) => type switch
    {
        "TINYINT" or "UTINYINT" => 1,
        "SMALLINT" or "USMALLINT" => 2,
        "INTEGER" or "UINTEGER" => 3,
        "BIGINT" or "UBIGINT" => 4,
        "HUGEINT" or "UHUGEINT" => 5,
        _ => 0,
    };
}

/// <summary>How a file's column type relates to the contract type.</summary>
internal enum TypeFit
{
    Exact,
    Widening,
    CheckValues,
    Incompatible,
}
