namespace RevivalAnalytics.Dashboard.Components.Shared;

/// <summary>A chart point with a value (Radzen's series bind to non-nullable properties).</summary>
/// <param name="Period">Category label.</param>
/// <param name="Value">Value.</param>
public sealed record ChartPoint(string Period, double Value);
