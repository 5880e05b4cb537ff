using RevivalAnalytics.Assessment;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Tests.Metrics;

namespace RevivalAnalytics.Tests.Assessment;

/// <summary>A generated export (60,000 households, 2022–2025, fixed seed) with its planted truth, the metric layer and
/// the assessment service over it, and the default scheme for 2025. Shared by the tests of one class.</summary>
public sealed class AssessmentFixture : IDisposable
{
    public const int Year = 2025;

    public AssessmentFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "revival-assess-" + Guid.NewGuid().ToString("N"));
        DemoDataExport.Write(Root, new GeneratorOptions { Households = 60_000, BatchSize = 15_000, FirstYear = 2022, LastYear = Year, Seed = 2025 });
        Source = TestSource.Over(Root);
        Kpis = new KpiService(Source);
        Kpis.Warm();
        Service = new AssessmentService(Kpis);
        Scheme = SchemeFile.Default(Year);
    }

    public string Root { get; }

    internal TestSource Source { get; }

    public KpiService Kpis { get; }

    public AssessmentService Service { get; }

    public AssessmentScheme Scheme { get; }

    /// <summary>The county with the most households in the sample (the best-filled frame).</summary>
    public int LargestCounty
    {
        get
        {
            using var connection = Source.Connect();
            var c = connection.QueryColumns("SELECT county_code FROM households GROUP BY county_code ORDER BY count(*) DESC, county_code LIMIT 1");
            return (int)c.GetInt64s("county_code")[0];
        }
    }

    public void Dispose()
    {
        Source.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
