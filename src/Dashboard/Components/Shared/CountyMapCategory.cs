namespace RevivalAnalytics.Dashboard.Components.Shared;

/// <summary>
/// One class of a categorical <see cref="CountyMap"/>: counties whose value equals <paramref name="Value"/>
/// are drawn in <paramref name="Colour"/> and named <paramref name="Label"/> in the legend and tooltip.
/// </summary>
/// <param name="Value">The county value that stands for this category.</param>
/// <param name="Label">The category's name in the current language.</param>
/// <param name="Colour">A CSS colour, e.g. <c>#1e8449</c>.</param>
public sealed record CountyMapCategory(double Value, string Label, string Colour);
