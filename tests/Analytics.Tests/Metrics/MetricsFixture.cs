using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Tests.Metrics;

/// <summary>A small generated export (3,000 households, 2019–2024, fixed seed) in a temp folder, with the metric services
/// over it. Shared by the tests of one class.</summary>
public sealed class MetricsFixture : IDisposable
{
    public MetricsFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "revival-metrics-" + Guid.NewGuid().ToString("N"));
        DemoDataExport.Write(Root, new GeneratorOptions { Households = 3_000, BatchSize = 1_500, FirstYear = 2019, LastYear = 2024, Seed = 42 });
        Source = TestSource.Over(Root);
        Kpis = new KpiService(Source);
        Warnings = new EarlyWarningService(Kpis);
        Kpis.Warm();
    }

    public string Root { get; }

    internal TestSource Source { get; }

    public KpiService Kpis { get; }

    public EarlyWarningService Warnings { get; }

    /// <summary>Runs independent SQL over the contract views (never the metric tables) and returns the first column of
    /// the first row, or null.</summary>
    public double? Scalar(string sql, params object?[] args)
    {
        using var connection = Source.Connect();
        var c = connection.QueryColumns(sql, args);
        return c.RowCount == 0 || c[0].IsNull(0) ? null : c.GetDoubles(c[0].Name)[0];
    }

    public DuckDbColumns Query(string sql, params object?[] args)
    {
        using var connection = Source.Connect();
        return connection.QueryColumns(sql, args);
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
