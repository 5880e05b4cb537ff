using RevivalAnalytics.Assessment;
using RevivalAnalytics.Data.Generation;

namespace RevivalAnalytics.AppStore.Tests.Assessment;

/// <summary>A small generated export (3,000 households, 2024–2025, fixed seed) and the scoring service over it, shared
/// by the tests of one class.</summary>
public sealed class AssessmentDataFixture : IDisposable
{
    public const int Year = 2025;

    public AssessmentDataFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "revival-store-assess-" + Guid.NewGuid().ToString("N"));
        DemoDataExport.Write(Root, new GeneratorOptions { Households = 3_000, BatchSize = 1_500, FirstYear = 2024, LastYear = Year, Seed = 31 });
        Analytics = AnalyticsContext.Open(Root);
        Service = Analytics.Assessment;
    }

    public string Root { get; }

    public AnalyticsContext Analytics { get; }

    public AssessmentService Service { get; }

    public void Dispose()
    {
        Analytics.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
