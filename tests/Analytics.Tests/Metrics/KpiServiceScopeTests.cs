using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Metrics;
using RevivalAnalytics.Warnings;

namespace RevivalAnalytics.Tests.Metrics;

/// <summary>The metric layer under a data scope: figures come from the scope's counties only, places outside it are
/// refused.</summary>
public sealed class KpiServiceScopeTests(MetricsFixture data) : IClassFixture<MetricsFixture>
{
    private const int Year = 2023;
    private const int Prefecture = 140400;
    private static readonly DataScope s_prefecture = DataScope.ForPrefecture(Prefecture);

    [Fact]
    public void GetProvinceOverview_PrefectureScope_RuralIncomeIsThePrefecturesWeightedMean()
    {
        var expected = data.Scalar(
            """
            SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population)
            FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = $1 AND c.prefecture_code = $2
            """,
            Year,
            Prefecture);

        var card = data.Kpis.GetProvinceOverview("2023", s_prefecture).Cards.Single(c => c.Kpi.Id == KpiIds.RuralIncome);
        var province = data.Kpis.GetProvinceOverview("2023").Cards.Single(c => c.Kpi.Id == KpiIds.RuralIncome);

        Assert.Equal(expected!.Value, card.Value!.Value, 1e-6);
        Assert.NotEqual(province.Value, card.Value);
        Assert.Equal(data.Kpis.Catalog.Get(KpiIds.RuralIncome).ThresholdsFor(KpiLevel.Prefecture), card.Thresholds);
    }

    [Fact]
    public void GetProvinceOverview_PrefectureScope_RedLineCountiesAllInThePrefecture()
    {
        var overview = data.Kpis.GetProvinceOverview("2023", s_prefecture);

        Assert.All(overview.RedLine.CountiesAtRisk, c => Assert.Equal(Prefecture, c.PrefectureCode));
    }

    [Fact]
    public void GetCountyValues_CountyScope_OnlyThatCounty()
    {
        var values = data.Kpis.GetCountyValues(KpiIds.RuralIncome, "2023", DataScope.ForCounties([140404]));

        Assert.Equal([140404], values.Select(v => v.CountyCode));
    }

    [Fact]
    public void GetCountyDetail_CountyOutsideScope_ThrowsOutOfScopeNamingTheParameter()
    {
        var e = Assert.Throws<OutOfScopeException>(() => data.Kpis.GetCountyDetail(140105, "2023", s_prefecture));

        Assert.Equal("county", e.ParameterName);
        Assert.Equal(140105, e.Code);
        Assert.StartsWith("140105 不在您的数据范围", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCountyDetail_CountyInsideScope_Answers()
    {
        var detail = data.Kpis.GetCountyDetail(140404, "2023", s_prefecture);

        Assert.Equal(140404, detail.County.Code);
    }

    [Fact]
    public void GetPrefectureTable_Scopes_OnlyWholePrefecturesListed()
    {
        Assert.Equal(11, data.Kpis.GetPrefectureTable("2023").Count);
        Assert.Equal([Prefecture], data.Kpis.GetPrefectureTable("2023", scope: s_prefecture).Select(r => r.PrefectureCode));
        Assert.Empty(data.Kpis.GetPrefectureTable("2023", scope: DataScope.ForCounties([140404, 140105])));
    }

    [Fact]
    public void GetClassComparisons_PrefectureScope_SpreadCountsOnlyItsCounties()
    {
        var comparison = data.Kpis.GetClassComparison(KpiIds.RuralIncome, "2023", s_prefecture);
        var counties = data.Kpis.Counties.Values.Count(c => c.PrefectureCode == Prefecture);

        Assert.Equal(counties, comparison.Classes.Sum(c => c.Spread.Counties));
        Assert.All(comparison.Classes.SelectMany(c => c.Spread.Outliers), o => Assert.Equal(Prefecture, o.PrefectureCode));
    }

    [Fact]
    public void GetTrend_PrefectureOutsideScope_Throws()
    {
        Assert.Throws<OutOfScopeException>(() => data.Kpis.GetTrend(KpiIds.RuralIncome, KpiLevel.Prefecture, 140100, s_prefecture));
        Assert.Throws<OutOfScopeException>(() => data.Kpis.GetTrend(KpiIds.RuralIncome, KpiLevel.County, 140105, s_prefecture));
    }

    [Fact]
    public void GetMonitoredBreakdown_PrefectureScope_SumsOnlyItsCounties()
    {
        var scoped = data.Kpis.GetMonitoredBreakdown("category", "2023", scope: s_prefecture).Sum(b => b.SampleHouseholds);
        var byCounty = data.Kpis.Counties.Values.Where(c => c.PrefectureCode == Prefecture)
            .Sum(c => data.Kpis.GetMonitoredBreakdown("category", "2023", c.Code).Sum(b => b.SampleHouseholds));

        Assert.Equal(byCounty, scoped);
        Assert.True(scoped < data.Kpis.GetMonitoredBreakdown("category", "2023").Sum(b => b.SampleHouseholds));
    }

    [Fact]
    public void GetHouseholdWarnings_PrefectureScope_EveryRowInScopeAndTotalMatches()
    {
        var all = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2023", PageSize = 1000 });
        var prefecture = all.Rows[0].CountyCode / 100 * 100;
        var page = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2023", Scope = DataScope.ForPrefecture(prefecture), PageSize = 1000 });

        Assert.NotEmpty(page.Rows);
        Assert.All(page.Rows, r => Assert.Equal(prefecture, r.CountyCode / 100 * 100));
        Assert.Equal(all.Rows.Count(r => r.CountyCode / 100 * 100 == prefecture), page.Total);
    }

    [Fact]
    public void GetHouseholdWarnings_CountyFilterOutsideScope_Throws()
    {
        var e = Assert.Throws<OutOfScopeException>(() => data.Warnings.GetHouseholdWarnings(new WarningQuery { County = 140105, Scope = s_prefecture }));

        Assert.Equal("county", e.ParameterName);
    }

    [Fact]
    public void GetCountyWarnings_PrefectureFilterOutsideScope_Throws()
    {
        var e = Assert.Throws<OutOfScopeException>(() => data.Warnings.GetCountyWarnings(new WarningQuery { Prefecture = 140100, Scope = s_prefecture }));

        Assert.Equal("prefecture", e.ParameterName);
    }

    [Fact]
    public void GetCountyWarnings_PrefectureScope_OnlyItsCounties()
    {
        var page = data.Warnings.GetCountyWarnings(new WarningQuery { Period = "2023", Scope = s_prefecture, PageSize = 200 });

        Assert.All(page.Rows, r => Assert.Equal(Prefecture, r.PrefectureCode));
    }

    [Fact]
    public async Task WriteHouseholdWarningsCsvAsync_CountyScope_OnlyThatCountysRows()
    {
        var county = data.Warnings.GetHouseholdWarnings(new WarningQuery { Period = "2023", PageSize = 1 }).Rows[0].CountyCode;
        using var output = new MemoryStream();
        await data.Warnings.WriteHouseholdWarningsCsvAsync(new WarningQuery { Period = "2023", Scope = DataScope.ForCounties([county]) }, output, cancellationToken: TestContext.Current.CancellationToken);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(county.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Split(',')[1]));
    }
}
