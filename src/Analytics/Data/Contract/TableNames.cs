namespace RevivalAnalytics.Data;

/// <summary>Folder / table names of the export (docs/data-contract.md, section 3); <see cref="DataContract.Tables"/> holds the tables.</summary>
internal static class TableNames
{
    public const string Counties = "counties";
    public const string Villages = "villages";
    public const string VillageYears = "village_years";
    public const string MonitoringLines = "monitoring_lines";
    public const string CountyIndicators = "county_indicators";
    public const string Households = "households";
    public const string HouseholdYears = "household_years";
    public const string MonitoringSnapshots = "monitoring_snapshots";
}
