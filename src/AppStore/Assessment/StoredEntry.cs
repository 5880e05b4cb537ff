using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>One entered value (county × indicator × source), attributed to the user who entered it.</summary>
public sealed class StoredEntry
{
    /// <summary>Identity (the scorer's trace names it).</summary>
    public Guid Id { get; set; }

    /// <summary>Assessment year.</summary>
    public int Year { get; set; }

    /// <summary>County code.</summary>
    public int CountyCode { get; set; }

    /// <summary>Indicator, bonus or veto item id.</summary>
    public string IndicatorId { get; set; } = string.Empty;

    /// <summary>Who gave the value.</summary>
    public EntrySource Source { get; set; }

    /// <summary>The value.</summary>
    public double Value { get; set; }

    /// <summary>Evidence or remark.</summary>
    public string? Note { get; set; }

    /// <summary>Who entered it.</summary>
    public string EnteredBy { get; set; } = string.Empty;

    /// <summary>Form, or the imported file's name.</summary>
    public string Origin { get; set; } = string.Empty;

    /// <summary>When (UTC).</summary>
    public DateTime EnteredAtUtc { get; set; }
}
