namespace RevivalAnalytics.Assessment;

/// <summary>Who entered a score.</summary>
public enum EntrySource
{
    /// <summary>自评: the county's self-assessment.</summary>
    Self,

    /// <summary>市际交叉评价: cross-evaluation between prefectures.</summary>
    Cross,

    /// <summary>第三方评估: a third-party evaluation.</summary>
    ThirdParty,

    /// <summary>实地核查: the field check of sampled households.</summary>
    FieldCheck,

    /// <summary>暗访: covert visits.</summary>
    CovertVisit,
}

/// <summary>Which way a value should go against a limit.</summary>
public enum RuleDirection
{
    /// <summary>The value should be at least the limit (higher is better).</summary>
    AtLeast,

    /// <summary>The value should be at most the limit (lower is better).</summary>
    AtMost,
}

/// <summary>The grade of a county's result.</summary>
public enum AssessmentGrade
{
    /// <summary>好.</summary>
    Good,

    /// <summary>较好.</summary>
    FairlyGood,

    /// <summary>一般.</summary>
    Average,

    /// <summary>差.</summary>
    Poor,
}

/// <summary>The three rates a field check measures.</summary>
public enum FieldMeasure
{
    /// <summary>错退率: wrongly exited ÷ sampled exited households, %.</summary>
    WronglyExitedRate,

    /// <summary>漏评率: missed ÷ sampled households not in monitoring, %.</summary>
    MissedRate,

    /// <summary>认可度: approving ÷ surveyed households, %.</summary>
    ApprovalRate,
}

/// <summary>The four household strata of the field check.</summary>
public enum FieldStratum
{
    /// <summary>脱贫户(有劳动力), not in monitoring.</summary>
    AlleviatedWithLabour,

    /// <summary>脱贫户(无劳动力), not in monitoring.</summary>
    AlleviatedWithoutLabour,

    /// <summary>监测对象: households identified for monitoring (risk not yet eliminated, or eliminated).</summary>
    Monitored,

    /// <summary>一般农户: other households of the low-income pool.</summary>
    Ordinary,
}

/// <summary>Chinese and English labels of the assessment's vocabularies, defined once.</summary>
public static class AssessmentLabels
{
    /// <summary>Label of a source.</summary>
    /// <param name="source">The source.</param>
    public static (string Zh, string En) Of(EntrySource source) => source switch
    {
        EntrySource.Self => ("自评", "self-assessment"),
        EntrySource.Cross => ("市际交叉评价", "cross-evaluation"),
        EntrySource.ThirdParty => ("第三方评估", "third-party evaluation"),
        EntrySource.FieldCheck => ("实地核查", "field check"),
        _ => ("暗访", "covert visit"),
    };

    /// <summary>Label of a grade.</summary>
    /// <param name="grade">The grade.</param>
    public static (string Zh, string En) Of(AssessmentGrade grade) => grade switch
    {
        AssessmentGrade.Good => ("好", "good"),
        AssessmentGrade.FairlyGood => ("较好", "fairly good"),
        AssessmentGrade.Average => ("一般", "average"),
        _ => ("差", "poor"),
    };

    /// <summary>Label of a field measure.</summary>
    /// <param name="measure">The measure.</param>
    public static (string Zh, string En) Of(FieldMeasure measure) => measure switch
    {
        FieldMeasure.WronglyExitedRate => ("错退率", "wrong-exit rate"),
        FieldMeasure.MissedRate => ("漏评率", "missed rate"),
        _ => ("认可度", "approval rate"),
    };

    /// <summary>Label of a stratum.</summary>
    /// <param name="stratum">The stratum.</param>
    public static (string Zh, string En) Of(FieldStratum stratum) => stratum switch
    {
        FieldStratum.AlleviatedWithLabour => ("脱贫户(有劳动力)", "alleviated, with labour"),
        FieldStratum.AlleviatedWithoutLabour => ("脱贫户(无劳动力)", "alleviated, without labour"),
        FieldStratum.Monitored => ("监测对象", "monitored object"),
        _ => ("一般农户", "ordinary household"),
    };

    /// <summary>The source's id in files (<c>self</c>, <c>cross</c>, <c>third_party</c>, <c>field_check</c>, <c>covert_visit</c>).</summary>
    /// <param name="source">The source.</param>
    public static string Id(EntrySource source) => source switch
    {
        EntrySource.Self => "self",
        EntrySource.Cross => "cross",
        EntrySource.ThirdParty => "third_party",
        EntrySource.FieldCheck => "field_check",
        _ => "covert_visit",
    };
}
