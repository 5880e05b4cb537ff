namespace RevivalAnalytics.Models;

/// <summary>One model input: its column name, the SQL that computes it at the cutoff, and plain-language names.</summary>
/// <param name="Name">Column name (also the feature's slot name in the model).</param>
/// <param name="Sql">SQL over the aliases <c>f</c> (household-year with history windows), <c>h</c> (household) and <c>k</c> (county-year).</param>
/// <param name="Chinese">Plain Chinese name shown as a risk factor.</param>
/// <param name="English">Plain English name.</param>
internal sealed record FeatureDefinition(string Name, string Sql, string Chinese, string English);
