namespace RevivalAnalytics.Dashboard.Components.Shared;

/// <summary>One county on a <see cref="CountyMap"/>.</summary>
/// <param name="Code">The county's six-digit GB/T 2260 code, e.g. <c>140105</c>.</param>
/// <param name="Name">The county's name, e.g. <c>小店区</c>.</param>
/// <param name="Prefecture">The prefecture's name, e.g. <c>太原市</c>.</param>
/// <param name="Value">The metric's value; null when the county has no data (drawn grey).</param>
/// <param name="DisplayValue">The value as the table shows it (rounded, with unit); defaults to <paramref name="Value"/>.</param>
public sealed record CountyMapEntry(string Code, string Name, string Prefecture, double? Value, string? DisplayValue = null);
