namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// The counties the generator writes: the contract's reference list (<see cref="ReferenceCounties"/>) and the
/// illustrative class assignment documented in docs/data-contract.md.
/// </summary>
internal static class CountyCatalog
{
    public const int CountyCount = ReferenceCounties.Count;

    public const int KeyAssistanceCount = 46;

    public static IReadOnlyList<CountyReference> Counties => ReferenceCounties.All;

    /// <summary>
    /// Illustrative assignment (the official list is not public in our sources): 重点帮扶县 = every national
    /// former poverty county (36) plus every provincial one that exited in 2018 or later (10), i.e. the 46
    /// latest and poorest; 先行示范县 = non-poverty districts (区) and county-level cities (市);
    /// 整体推进县 = everything else. Overrides (an export's official list) win.
    /// </summary>
    public static CountyClass IllustrativeClass(CountyReference county) => county switch
    {
        { FormerPovertyStatus: FormerPovertyStatus.National } => CountyClass.KeyAssistance,
        { FormerPovertyStatus: FormerPovertyStatus.Provincial, ExitYear: >= 2018 } => CountyClass.KeyAssistance,
        { FormerPovertyStatus: FormerPovertyStatus.None } when county.Name.EndsWith('区') || county.Name.EndsWith('市') => CountyClass.Pilot,
        _ => CountyClass.Overall,
    };
}
