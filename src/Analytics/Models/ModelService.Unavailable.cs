namespace RevivalAnalytics.Models;

// A service with no model at all, for data the models cannot read (a folder without a manifest): the dashboard still
// serves the metric pages and says why the model slots are empty.
public sealed partial class ModelService
{
    /// <summary>A service whose two models are unavailable for the same reason.</summary>
    /// <param name="kind">Why (e.g. <see cref="ModelErrorKind.DataMissing"/>).</param>
    /// <param name="message">The bilingual message, Chinese first.</param>
    internal static ModelService Unavailable(ModelErrorKind kind, string message) => new(
        null,
        null,
        new ModelStatus(RiskModel.Kind, false, null, null, false, kind, message),
        null,
        [],
        new ModelStatus(IncomeForecastModel.Kind, false, null, null, false, kind, message));
}
