namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// One batch of households with their years and monthly monitoring snapshots, as column arrays. Households are
/// rows [0, Count); household-years are laid out household-major (row = household * years + year index).
/// </summary>
internal sealed partial class HouseholdBatch
{
    public HouseholdBatch(int batchIndex, long firstHousehold, int count, int firstYear, int years)
    {
        BatchIndex = batchIndex;
        FirstHousehold = firstHousehold;
        Count = count;
        FirstYear = firstYear;
        Years = years;
        var rows = count * years;

        HouseholdId = new long[count];
        CountyCode = new int[count];
        VillageCode = new long[count];
        HouseholdType = new sbyte[count];
        PovertyExitYear = new short?[count];
        HeadName = new string?[count];
        HeadIdNumber = new string?[count];
        HeadPhone = new string?[count];
        HeadSex = new sbyte[count];
        HeadBirthYear = new short[count];
        HouseholdSize = new sbyte[count];
        LabourCount = new sbyte[count];
        ElderlyCount = new sbyte[count];
        StudentCount = new sbyte[count];
        ChronicIllCount = new sbyte[count];
        DisabledCount = new sbyte[count];
        Relocated = new bool[count];
        SampleWeight = new double[count];

        YearHouseholdId = new long[rows];
        Year = new short[rows];
        YearCountyCode = new int[rows];
        PovertyStatus = new sbyte[rows];
        Income = new double[rows];
        WageIncome = new double[rows];
        BusinessIncome = new double[rows];
        PropertyIncome = new double[rows];
        TransferIncome = new double[rows];
        UnavoidableExpense = new double[rows];
        LabourInWork = new sbyte[rows];
        RiskCauseMask = new int[rows];
        PrimaryRiskCause = new sbyte?[rows];
        MonitoringStatus = new sbyte[rows];
        MonitoredCategory = new sbyte?[rows];
        NewlyIdentified = new bool[rows];
        IdentifiedDate = new DateOnly?[rows];
        RiskEliminatedDate = new DateOnly?[rows];
        AssistanceMask = new int[rows];
        FoodClothingSecure = new bool[rows];
        EducationSecure = new bool[rows];
        MedicalSecure = new bool[rows];
        HousingSecure = new bool[rows];
        WaterSecure = new bool[rows];

        Snapshots = new SnapshotColumns(Math.Max(64, count * 4));
    }

    public int BatchIndex { get; }

    public long FirstHousehold { get; }

    public int Count { get; }

    public int FirstYear { get; }

    public int Years { get; }

    public int YearRows => Count * Years;

    public long[] HouseholdId { get; }
    public int[] CountyCode { get; }
    public long[] VillageCode { get; }
    public sbyte[] HouseholdType { get; }
    public short?[] PovertyExitYear { get; }
    public string?[] HeadName { get; }
    public string?[] HeadIdNumber { get; }
    public string?[] HeadPhone { get; }
    public sbyte[] HeadSex { get; }
    public short[] HeadBirthYear { get; }
    public sbyte[] HouseholdSize { get; }
    public sbyte[] LabourCount { get; }
    public sbyte[] ElderlyCount { get; }
    public sbyte[] StudentCount { get; }
    public sbyte[] ChronicIllCount { get; }
    public sbyte[] DisabledCount { get; }
    public bool[] Relocated { get; }
    public double[] SampleWeight { get; }

    public long[] YearHouseholdId { get; }
    public short[] Year { get; }
    public int[] YearCountyCode { get; }
    public sbyte[] PovertyStatus { get; }
    public double[] Income { get; }
    public double[] WageIncome { get; }
    public double[] BusinessIncome { get; }
    public double[] PropertyIncome { get; }
    public double[] TransferIncome { get; }
    public double[] UnavoidableExpense { get; }
    public sbyte[] LabourInWork { get; }
    public int[] RiskCauseMask { get; }
    public sbyte?[] PrimaryRiskCause { get; }
    public sbyte[] MonitoringStatus { get; }
    public sbyte?[] MonitoredCategory { get; }
    public bool[] NewlyIdentified { get; }
    public DateOnly?[] IdentifiedDate { get; }
    public DateOnly?[] RiskEliminatedDate { get; }
    public int[] AssistanceMask { get; }
    public bool[] FoodClothingSecure { get; }
    public bool[] EducationSecure { get; }
    public bool[] MedicalSecure { get; }
    public bool[] HousingSecure { get; }
    public bool[] WaterSecure { get; }

    public SnapshotColumns Snapshots { get; }

    public ColumnTable HouseholdsTable() => new(TableNames.Households, Count,
    [
        new("household_id", "BIGINT", false, HouseholdId),
        new("county_code", "INTEGER", false, CountyCode),
        new("village_code", "BIGINT", false, VillageCode),
        new("household_type", "TINYINT", false, HouseholdType),
        new("poverty_exit_year", "SMALLINT", true, PovertyExitYear),
        new("head_name", "VARCHAR", false, HeadName),
        new("head_id_number", "VARCHAR", false, HeadIdNumber),
        new("head_phone", "VARCHAR", false, HeadPhone),
        new("head_sex", "TINYINT", false, HeadSex),
        new("head_birth_year", "SMALLINT", false, HeadBirthYear),
        new("household_size", "TINYINT", false, HouseholdSize),
        new("labour_count", "TINYINT", false, LabourCount),
        new("elderly_count", "TINYINT", false, ElderlyCount),
        new("student_count", "TINYINT", false, StudentCount),
        new("chronic_ill_count", "TINYINT", false, ChronicIllCount),
        new("disabled_count", "TINYINT", false, DisabledCount),
        new("relocated", "BOOLEAN", false, Relocated),
        new("sample_weight", "DOUBLE", false, SampleWeight),
    ]);

    public ColumnTable HouseholdYearsTable() => new(TableNames.HouseholdYears, YearRows,
    [
        new("household_id", "BIGINT", false, YearHouseholdId),
        new("year", "SMALLINT", false, Year),
        new("county_code", "INTEGER", false, YearCountyCode),
        new("poverty_status", "TINYINT", false, PovertyStatus),
        new("per_capita_net_income", "DOUBLE", false, Income),
        new("per_capita_wage_income", "DOUBLE", false, WageIncome),
        new("per_capita_business_income", "DOUBLE", false, BusinessIncome),
        new("per_capita_property_income", "DOUBLE", false, PropertyIncome),
        new("per_capita_transfer_income", "DOUBLE", false, TransferIncome),
        new("unavoidable_expense", "DOUBLE", false, UnavoidableExpense),
        new("labour_in_work", "TINYINT", false, LabourInWork),
        new("risk_cause_mask", "INTEGER", false, RiskCauseMask),
        new("primary_risk_cause", "TINYINT", true, PrimaryRiskCause),
        new("monitoring_status", "TINYINT", false, MonitoringStatus),
        new("monitored_category", "TINYINT", true, MonitoredCategory),
        new("newly_identified", "BOOLEAN", false, NewlyIdentified),
        new("identified_date", "DATE", true, IdentifiedDate),
        new("risk_eliminated_date", "DATE", true, RiskEliminatedDate),
        new("assistance_mask", "INTEGER", false, AssistanceMask),
        new("food_clothing_secure", "BOOLEAN", false, FoodClothingSecure),
        new("compulsory_education_secure", "BOOLEAN", false, EducationSecure),
        new("basic_medical_secure", "BOOLEAN", false, MedicalSecure),
        new("housing_secure", "BOOLEAN", false, HousingSecure),
        new("drinking_water_secure", "BOOLEAN", false, WaterSecure),
    ]);

    public ColumnTable SnapshotsTable() => Snapshots.ToTable();
}

/// <summary>Growable column arrays for monthly monitoring snapshots (only monitored household-months are rows).</summary>
internal sealed class SnapshotColumns
{
    private int _capacity;

    public SnapshotColumns(int capacity)
    {
        _capacity = capacity;
        Year = new short[capacity];
        Month = new sbyte[capacity];
        SnapshotDate = new DateOnly[capacity];
        HouseholdId = new long[capacity];
        CountyCode = new int[capacity];
        Category = new sbyte[capacity];
        Status = new sbyte[capacity];
        MonthsMonitored = new short[capacity];
        PrimaryRiskCause = new sbyte[capacity];
        RiskCauseMask = new int[capacity];
        AssistanceMask = new int[capacity];
        Income12Months = new double[capacity];
        GuaranteesSecure = new bool[capacity];
    }

    public int Count { get; private set; }

    public short[] Year { get; private set; }
    public sbyte[] Month { get; private set; }
    public DateOnly[] SnapshotDate { get; private set; }
    public long[] HouseholdId { get; private set; }
    public int[] CountyCode { get; private set; }
    public sbyte[] Category { get; private set; }
    public sbyte[] Status { get; private set; }
    public short[] MonthsMonitored { get; private set; }
    public sbyte[] PrimaryRiskCause { get; private set; }
    public int[] RiskCauseMask { get; private set; }
    public int[] AssistanceMask { get; private set; }
    public double[] Income12Months { get; private set; }
    public bool[] GuaranteesSecure { get; private set; }

    public int Add()
    {
        if (Count == _capacity)
        {
            Grow();
        }

        return Count++;
    }

    private void Grow()
    {
        _capacity *= 2;
        Year = Resize(Year);
        Month = Resize(Month);
        SnapshotDate = Resize(SnapshotDate);
        HouseholdId = Resize(HouseholdId);
        CountyCode = Resize(CountyCode);
        Category = Resize(Category);
        Status = Resize(Status);
        MonthsMonitored = Resize(MonthsMonitored);
        PrimaryRiskCause = Resize(PrimaryRiskCause);
        RiskCauseMask = Resize(RiskCauseMask);
        AssistanceMask = Resize(AssistanceMask);
        Income12Months = Resize(Income12Months);
        GuaranteesSecure = Resize(GuaranteesSecure);
    }

    private T[] Resize<T>(T[] array)
    {
        var copy = array;
        Array.Resize(ref copy, _capacity);
        return copy;
    }

    public ColumnTable ToTable() => new(TableNames.MonitoringSnapshots, Count,
    [
        new("year", "SMALLINT", false, Year),
        new("month", "TINYINT", false, Month),
        new("snapshot_date", "DATE", false, SnapshotDate),
        new("household_id", "BIGINT", false, HouseholdId),
        new("county_code", "INTEGER", false, CountyCode),
        new("monitored_category", "TINYINT", false, Category),
        new("snapshot_status", "TINYINT", false, Status),
        new("months_monitored", "SMALLINT", false, MonthsMonitored),
        new("primary_risk_cause", "TINYINT", false, PrimaryRiskCause),
        new("risk_cause_mask", "INTEGER", false, RiskCauseMask),
        new("assistance_mask", "INTEGER", false, AssistanceMask),
        new("per_capita_income_12m", "DOUBLE", false, Income12Months),
        new("guarantees_secure", "BOOLEAN", false, GuaranteesSecure),
    ]);
}
