using RevivalAnalytics.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Metrics;

public sealed class KpiCatalogTests
{
    [Fact]
    public void Default_OverviewIds_AllDefinedWithBothNames()
    {
        foreach (var id in KpiCatalog.OverviewIds)
        {
            var kpi = KpiCatalog.Default.Get(id);
            Assert.False(string.IsNullOrWhiteSpace(kpi.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(kpi.NameEn));
        }

        Assert.True(KpiCatalog.Default.All.Count >= 20);
    }

    [Fact]
    public void Default_Sql_IsParameterizedByYearAndMonth()
    {
        Assert.Contains("WHERE year = $year", KpiCatalog.Default.Get(KpiIds.RiskEliminationRate).Sql, StringComparison.Ordinal);
        Assert.Contains("month = $month", KpiCatalog.Default.Get(KpiIds.MonitoredHouseholdsMonth).Sql, StringComparison.Ordinal);
        Assert.Contains("NULLIF(sum(problems_found), 0)", KpiCatalog.Default.Get(KpiIds.ProblemRectificationRate).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateId_Throws()
    {
        var kpi = KpiCatalog.Default.Get(KpiIds.RuralIncome);
        Assert.Throws<ArgumentException>(() => new KpiCatalog([kpi, kpi]));
    }

    [Fact]
    public void Get_Unknown_ThrowsMetricArgumentException()
    {
        var error = Assert.Throws<MetricArgumentException>(() => KpiCatalog.Default.Get("gdp"));
        Assert.Equal("kpi", error.ParamName);
        Assert.Contains("未知的指标编号", error.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void ThresholdsFor_CountyLevel_UsesClassAndProvinceLevelUsesProvince()
    {
        var growth = KpiCatalog.Default.Get(KpiIds.RuralIncomeGrowth);
        Assert.Equal(7.0, growth.ThresholdsFor(KpiLevel.County, 3)!.Target);
        Assert.Equal(6.0, growth.ThresholdsFor(KpiLevel.Prefecture)!.Target);
        Assert.Null(KpiCatalog.Default.Get(KpiIds.AlleviatedLabourEmployed).ThresholdsFor(KpiLevel.County, 1));
    }

    [Fact]
    public void Default_EveryKpi_DocumentedInMetricsMd()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "docs", "metrics.md")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        var doc = File.ReadAllText(Path.Combine(folder.FullName, "docs", "metrics.md"));
        Assert.All(KpiCatalog.Default.All, k => Assert.Contains($"`{k.Id}`", doc, StringComparison.Ordinal));
    }
}
