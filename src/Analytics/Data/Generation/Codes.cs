namespace RevivalAnalytics.Data.Generation;

// The code lists of the data contract (docs/data-contract.md, "Code lists"). Values are stored in the
// Parquet files as small integers; the numbers are part of the contract and never change meaning.

/// <summary>County class (三类县), code list <c>county_class</c>.</summary>
public enum CountyClass : sbyte
{
    /// <summary>先行示范县: pilot / demonstration county.</summary>
    Pilot = 1,

    /// <summary>整体推进县: overall-advancement county.</summary>
    Overall = 2,

    /// <summary>重点帮扶县: key-assistance county.</summary>
    KeyAssistance = 3,
}

internal static class FormerPovertyStatus
{
    public const sbyte None = 0;        // 非贫困县
    public const sbyte National = 1;    // 国定贫困县
    public const sbyte Provincial = 2;  // 省定贫困县
}

internal static class ClassSource
{
    public const sbyte Illustrative = 1; // 示例分配 (generator rule)
    public const sbyte Official = 2;     // 官方名单 (supplied by an export)
}

internal static class HouseholdType
{
    public const sbyte PovertyAlleviated = 1; // 脱贫户
    public const sbyte LowIncomePool = 2;     // 一般农户 (纳入农村低收入人口监测库)
}

internal static class PovertyStatus
{
    public const sbyte NotRegistered = 0;  // 一般农户
    public const sbyte Registered = 1;     // 建档立卡贫困户 (未脱贫)
    public const sbyte Alleviated = 2;     // 已脱贫
}

internal static class MonitoredCategory
{
    public const sbyte Unstable = 1;       // 脱贫不稳定户
    public const sbyte Edge = 2;           // 边缘易致贫户
    public const sbyte SuddenHardship = 3; // 突发严重困难户
}

internal static class MonitoringStatus
{
    public const sbyte NotMonitored = 0;   // 未纳入监测
    public const sbyte Monitored = 1;      // 监测中 (风险未消除)
    public const sbyte RiskEliminated = 2; // 风险已消除
}

internal static class SnapshotStatus
{
    public const sbyte NewlyIdentified = 1; // 本月新识别
    public const sbyte Monitored = 2;       // 监测中
    public const sbyte Eliminated = 3;      // 本月风险消除
}

/// <summary>Risk causes (致贫返贫风险类型), code list <c>risk_cause</c>; bit (code-1) in <c>risk_cause_mask</c>.</summary>
internal static class RiskCause
{
    public const sbyte Illness = 1;          // 因病
    public const sbyte Disability = 2;       // 因残
    public const sbyte Education = 3;        // 因学
    public const sbyte OldAge = 4;           // 因老
    public const sbyte Disaster = 5;         // 因灾
    public const sbyte Epidemic = 6;         // 因疫
    public const sbyte UnstableJob = 7;      // 因就业不稳
    public const sbyte Accident = 8;         // 因意外事故
    public const sbyte BusinessFailure = 9;  // 因产业失败
    public const sbyte LabourShortage = 10;  // 缺劳动力

    public static int Bit(sbyte cause) => 1 << (cause - 1);
}

/// <summary>Assistance measures (帮扶措施), code list <c>assistance</c>; bit (code-1) in <c>assistance_mask</c>.</summary>
internal static class Assistance
{
    public const sbyte Industry = 1;          // 产业帮扶
    public const sbyte Employment = 2;        // 就业帮扶
    public const sbyte PublicWelfarePost = 3; // 公益岗位
    public const sbyte SocialSecurity = 4;    // 综合保障 (低保/特困兜底)
    public const sbyte Medical = 5;           // 医疗救助
    public const sbyte Education = 6;         // 教育帮扶
    public const sbyte Housing = 7;           // 住房安全保障
    public const sbyte TemporaryRelief = 8;   // 临时救助
    public const sbyte SmallLoan = 9;         // 小额信贷
    public const sbyte Skills = 10;           // 技能培训

    public static int Bit(sbyte measure) => 1 << (measure - 1);
}

internal static class DisasterLevel
{
    public const sbyte None = 0;   // 无
    public const sbyte Normal = 1; // 一般灾害
    public const sbyte Severe = 2; // 严重灾害
}
