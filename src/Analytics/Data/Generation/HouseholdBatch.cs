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

    public ColumnTable HouseholdsTable() => ColumnTable.ForContract(TableNames.Households, Count,
    [
        new("household_id", HouseholdId),
        new("county_code", CountyCode),
        new("village_code", VillageCode),
        new("household_type", HouseholdType),
        new("poverty_exit_year", PovertyExitYear),
        new("head_name", HeadName),
        new("head_id_number", HeadIdNumber),
        new("head_phone", HeadPhone),
        new("head_sex", HeadSex),
        new("head_birth_year", HeadBirthYear),
        new("household_size", HouseholdSize),
        new("labour_count", LabourCount),
        new("elderly_count", ElderlyCount),
        new("student_count", StudentCount),
        new("chronic_ill_count", ChronicIllCount),
        new("disabled_count", DisabledCount),
        new("relocated", Relocated),
        new("sample_weight", SampleWeight),
    ]);

    public ColumnTable HouseholdYearsTable() => ColumnTable.ForContract(TableNames.HouseholdYears, YearRows,
    [
        new("household_id", YearHouseholdId),
        new("year", Year),
        new("county_code", YearCountyCode),
        new("poverty_status", PovertyStatus),
        new("per_capita_net_income", Income),
        new("per_capita_wage_income", WageIncome),
        new("per_capita_business_income", BusinessIncome),
        new("per_capita_property_income", PropertyIncome),
        new("per_capita_transfer_income", TransferIncome),
        new("unavoidable_expense", UnavoidableExpense),
        new("labour_in_work", LabourInWork),
        new("risk_cause_mask", RiskCauseMask),
        new("primary_risk_cause", PrimaryRiskCause),
        new("monitoring_status", MonitoringStatus),
        new("monitored_category", MonitoredCategory),
        new("newly_identified", NewlyIdentified),
        new("identified_date", IdentifiedDate),
        new("risk_eliminated_date", RiskEliminatedDate),
        new("assistance_mask", AssistanceMask),
        new("food_clothing_secure", FoodClothingSecure),
        new("compulsory_education_secure", EducationSecure),
        new("basic_medical_secure", MedicalSecure),
        new("housing_secure", HousingSecure),
        new("drinking_water_secure", WaterSecure),
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

    public ColumnTable ToTable() => ColumnTable.ForContract(TableNames.MonitoringSnapshots, Count,
    [
        new("year", Year),
        new("month", Month),
        new("snapshot_date", SnapshotDate),
        new("household_id", HouseholdId),
        new("county_code", CountyCode),
        new("monitored_category", Category),
        new("snapshot_status", Status),
        new("months_monitored", MonthsMonitored),
        new("primary_risk_cause", PrimaryRiskCause),
        new("risk_cause_mask", RiskCauseMask),
        new("assistance_mask", AssistanceMask),
        new("per_capita_income_12m", Income12Months),
        new("guarantees_secure", GuaranteesSecure),
    ]);
}
