namespace RevivalAnalytics.Metrics;

/// <summary>Chinese and English labels of the contract's code lists (data-contract section 5).</summary>
public static class CodeLabels
{
    /// <summary>县域类别 (county_class).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> CountyClass { get; } = new Dictionary<int, (string, string)>
    {
        [1] = ("先行示范县", "Pilot"), [2] = ("整体推进县", "Overall advancement"), [3] = ("重点帮扶县", "Key assistance"),
    };

    /// <summary>监测对象类别 (monitored_category).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> MonitoredCategory { get; } = new Dictionary<int, (string, string)>
    {
        [1] = ("脱贫不稳定户", "Unstable poverty-alleviated"), [2] = ("边缘易致贫户", "Edge, at risk"), [3] = ("突发严重困难户", "Sudden severe hardship"),
    };

    /// <summary>风险类型 (risk_cause).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> RiskCause { get; } = new Dictionary<int, (string, string)>
    {
        [1] = ("因病", "Illness"), [2] = ("因残", "Disability"), [3] = ("因学", "Education costs"), [4] = ("因老", "Old age"),
        [5] = ("因灾", "Disaster"), [6] = ("因疫", "Epidemic"), [7] = ("因就业不稳", "Unstable employment"),
        [8] = ("因意外事故", "Accident"), [9] = ("因产业失败", "Business failure"), [10] = ("缺劳动力", "Lack of labour"),
    };

    /// <summary>帮扶措施 (assistance).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> Assistance { get; } = new Dictionary<int, (string, string)>
    {
        [1] = ("产业帮扶", "Industry"), [2] = ("就业帮扶", "Employment"), [3] = ("公益岗位", "Public-welfare post"),
        [4] = ("综合保障", "Social security"), [5] = ("医疗救助", "Medical relief"), [6] = ("教育帮扶", "Education"),
        [7] = ("住房安全保障", "Housing safety"), [8] = ("临时救助", "Temporary relief"), [9] = ("小额信贷", "Microcredit"),
        [10] = ("技能培训", "Skills training"),
    };

    /// <summary>监测状态 (monitoring_status).</summary>
    public static IReadOnlyDictionary<int, (string Zh, string En)> MonitoringStatus { get; } = new Dictionary<int, (string, string)>
    {
        [0] = ("未纳入监测", "Not monitored"), [1] = ("监测中", "Monitored"), [2] = ("风险已消除", "Risk eliminated"),
    };
}
