namespace RevivalAnalytics.Data;

// The code lists of the data contract (docs/data-contract.md, section 5), written once: each code is a constant the
// generator and the rules use by name, with its Chinese and English label. DataContract.CodeLists reads them from here,
// so the labels on pages, in reports and in the CLI, the importer's code checks and the document come from one place.
// Values are stored in the Parquet files as small integers; the numbers are part of the contract and never change meaning.

/// <summary>County class (三类县), code list <c>county_class</c>.</summary>
[CodeList("county_class")]
public enum CountyClass : sbyte
{
    /// <summary>先行示范县: pilot / demonstration county.</summary>
    [Code("先行示范县", "Pilot")]
    Pilot = 1,

    /// <summary>整体推进县: overall-advancement county.</summary>
    [Code("整体推进县", "Overall advancement")]
    Overall = 2,

    /// <summary>重点帮扶县: key-assistance county.</summary>
    [Code("重点帮扶县", "Key assistance")]
    KeyAssistance = 3,
}

[CodeList("former_poverty_status")]
internal static class FormerPovertyStatus
{
    [Code("非贫困县", "Not a poverty county")]
    public const sbyte None = 0;

    [Code("国定贫困县", "National poverty county")]
    public const sbyte National = 1;

    [Code("省定贫困县", "Provincial poverty county")]
    public const sbyte Provincial = 2;
}

[CodeList("class_source")]
internal static class ClassSource
{
    [Code("示例分配", "Illustrative")]
    public const sbyte Illustrative = 1;

    [Code("官方名单", "Official")]
    public const sbyte Official = 2;
}

[CodeList("household_type")]
internal static class HouseholdType
{
    [Code("脱贫户", "Poverty-alleviated household")]
    public const sbyte PovertyAlleviated = 1;

    [Code("一般农户(纳入低收入人口监测库)", "Low-income pool household")]
    public const sbyte LowIncomePool = 2;
}

[CodeList("poverty_status")]
internal static class PovertyStatus
{
    [Code("一般农户", "Not registered")]
    public const sbyte NotRegistered = 0;

    [Code("建档立卡贫困户(未脱贫)", "Registered poor")]
    public const sbyte Registered = 1;

    [Code("已脱贫", "Alleviated")]
    public const sbyte Alleviated = 2;
}

[CodeList("monitored_category")]
internal static class MonitoredCategory
{
    [Code("脱贫不稳定户", "Unstable poverty-alleviated")]
    public const sbyte Unstable = 1;

    [Code("边缘易致贫户", "Edge, at risk")]
    public const sbyte Edge = 2;

    [Code("突发严重困难户", "Sudden severe hardship")]
    public const sbyte SuddenHardship = 3;
}

[CodeList("monitoring_status")]
internal static class MonitoringStatus
{
    [Code("未纳入监测", "Not monitored")]
    public const sbyte NotMonitored = 0;

    [Code("监测中(风险未消除)", "Monitored")]
    public const sbyte Monitored = 1;

    [Code("风险已消除", "Risk eliminated")]
    public const sbyte RiskEliminated = 2;
}

[CodeList("snapshot_status")]
internal static class SnapshotStatus
{
    [Code("本月新识别", "Identified this month")]
    public const sbyte NewlyIdentified = 1;

    [Code("监测中", "Monitored")]
    public const sbyte Monitored = 2;

    [Code("本月风险消除", "Risk eliminated this month")]
    public const sbyte Eliminated = 3;
}

/// <summary>Risk causes (致贫返贫风险类型), code list <c>risk_cause</c>; bit (code-1) in <c>risk_cause_mask</c>.</summary>
[CodeList("risk_cause")]
internal static class RiskCause
{
    [Code("因病", "Illness")]
    public const sbyte Illness = 1;

    [Code("因残", "Disability")]
    public const sbyte Disability = 2;

    [Code("因学", "Education costs")]
    public const sbyte Education = 3;

    [Code("因老", "Old age")]
    public const sbyte OldAge = 4;

    [Code("因灾", "Disaster")]
    public const sbyte Disaster = 5;

    [Code("因疫", "Epidemic")]
    public const sbyte Epidemic = 6;

    [Code("因就业不稳", "Unstable employment")]
    public const sbyte UnstableJob = 7;

    [Code("因意外事故", "Accident")]
    public const sbyte Accident = 8;

    [Code("因产业失败", "Business failure")]
    public const sbyte BusinessFailure = 9;

    [Code("缺劳动力", "Lack of labour")]
    public const sbyte LabourShortage = 10;

    public static int Bit(sbyte cause) => 1 << (cause - 1);
}

/// <summary>Assistance measures (帮扶措施), code list <c>assistance</c>; bit (code-1) in <c>assistance_mask</c>.</summary>
[CodeList("assistance")]
internal static class Assistance
{
    [Code("产业帮扶", "Industry")]
    public const sbyte Industry = 1;

    [Code("就业帮扶", "Employment")]
    public const sbyte Employment = 2;

    [Code("公益岗位", "Public-welfare post")]
    public const sbyte PublicWelfarePost = 3;

    [Code("综合保障(低保/特困兜底)", "Social security")]
    public const sbyte SocialSecurity = 4;

    [Code("医疗救助", "Medical relief")]
    public const sbyte Medical = 5;

    [Code("教育帮扶", "Education")]
    public const sbyte Education = 6;

    [Code("住房安全保障", "Housing safety")]
    public const sbyte Housing = 7;

    [Code("临时救助", "Temporary relief")]
    public const sbyte TemporaryRelief = 8;

    [Code("小额信贷", "Microcredit")]
    public const sbyte SmallLoan = 9;

    [Code("技能培训", "Skills training")]
    public const sbyte Skills = 10;

    public static int Bit(sbyte measure) => 1 << (measure - 1);
}

[CodeList("disaster_level")]
internal static class DisasterLevel
{
    [Code("无", "None")]
    public const sbyte None = 0;

    [Code("一般灾害", "Normal")]
    public const sbyte Normal = 1;

    [Code("严重灾害", "Severe")]
    public const sbyte Severe = 2;
}

/// <summary>Sex of the head of household, code list <c>sex</c> (a quasi-identifier).</summary>
[CodeList("sex")]
internal static class Sex
{
    [Code("男", "Male")]
    public const sbyte Male = 1;

    [Code("女", "Female")]
    public const sbyte Female = 2;
}

/// <summary>Marks a class of constants (or an enum) as a code list of the data contract.</summary>
/// <param name="name">The list's name as the contract document and the columns use it.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Enum, Inherited = false)]
internal sealed class CodeListAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The labels of one code of a code list.</summary>
/// <param name="chinese">Chinese label.</param>
/// <param name="english">English label.</param>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
internal sealed class CodeAttribute(string chinese, string english) : Attribute
{
    public string Chinese { get; } = chinese;

    public string English { get; } = english;
}
