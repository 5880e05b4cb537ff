using RevivalAnalytics.Metrics;
using Xunit;

namespace RevivalAnalytics.Tests.Metrics;

public sealed class KpiServiceTests(MetricsFixture data) : IClassFixture<MetricsFixture>
{
    private const int Year = 2023;

    private static void Near(double? expected, double? actual)
    {
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.Value, actual.Value, 1e-9 * Math.Max(1, Math.Abs(expected.Value)));
    }

    private KpiCard Card(string id, string? period = "2023") => data.Kpis.GetProvinceOverview(period).Cards.Single(c => c.Kpi.Id == id);

    // Independent household aggregate: weighted sum over household_years ⋈ households for a year and a condition.
    private double? Weighted(string condition, int year, string weight = "h.sample_weight") => data.Scalar(
        $"""
        SELECT sum({weight}) FILTER ({condition})
        FROM household_years y JOIN households h ON h.household_id = y.household_id
        LEFT JOIN monitoring_lines ml ON ml.year = y.year
        WHERE y.year = $1
        """,
        year);

    [Fact]
    public void GetProvinceOverview_RuralIncome_IsPopulationWeightedMean()
    {
        var expected = data.Scalar(
            "SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = $1",
            Year);
        Near(expected, Card(KpiIds.RuralIncome).Value);
    }

    [Fact]
    public void GetProvinceOverview_IncomeGrowth_IsWeightedIncomeOverLastYearsMinusOne()
    {
        var now = data.Scalar("SELECT sum(ci.rural_income_per_capita * c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = $1", Year);
        var before = data.Scalar("SELECT sum(ci.rural_income_per_capita * c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = $1", Year - 1);
        Near(100 * (now / before - 1), Card(KpiIds.RuralIncomeGrowth).Value);
    }

    [Fact]
    public void GetProvinceOverview_PovertyAreaIncome_CoversFormerPovertyCountiesOnly()
    {
        var expected = data.Scalar(
            """
            SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population)
            FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = $1 AND c.former_poverty_status <> 0
            """,
            Year);
        var card = Card(KpiIds.PovertyAreaIncome);
        Near(expected, card.Value);
        Assert.True(card.Value < Card(KpiIds.RuralIncome).Value);
    }

    [Fact]
    public void GetProvinceOverview_MonitoredHouseholdsAndShare_MatchHouseholdYears()
    {
        Near(Weighted("y.monitoring_status = 1", Year), Card(KpiIds.MonitoredHouseholds).Value);
        var people = Weighted("y.monitoring_status = 1", Year, "h.sample_weight * h.household_size");
        var population = data.Scalar("SELECT sum(rural_population) FROM counties");
        Near(100 * people / population, Card(KpiIds.MonitoredShare).Value);
    }

    [Fact]
    public void GetProvinceOverview_RiskEliminationRate_IsEliminatedOverEverIdentified()
    {
        var eliminated = Weighted("y.monitoring_status = 2", Year);
        var identified = Weighted("y.monitoring_status IN (1, 2)", Year);
        Near(100 * eliminated / identified, Card(KpiIds.RiskEliminationRate).Value);
    }

    [Fact]
    public void GetProvinceOverview_ReturnToPovertyRate_IsNewlyIdentifiedAlleviatedBelowLine()
    {
        var returned = Weighted("y.newly_identified AND h.household_type = 1 AND y.per_capita_net_income < ml.monitoring_line", Year);
        var alleviated = Weighted("h.household_type = 1", Year);
        var card = Card(KpiIds.ReturnToPovertyRate);
        Near(100 * (returned ?? 0) / alleviated, card.Value);
        Assert.Equal(card.Kpi.ProvinceThresholds!.Classify(card.Value, KpiDirection.LowerIsBetter), card.Status);
    }

    [Fact]
    public void GetProvinceOverview_ProblemsAndGuarantees_MatchCountyIndicators()
    {
        var found = data.Scalar("SELECT sum(problems_found) FROM county_indicators WHERE year = $1", Year);
        var rectified = data.Scalar("SELECT sum(problems_rectified) FROM county_indicators WHERE year = $1", Year);
        Near(found, Card(KpiIds.ProblemsFound).Value);
        Near(rectified, Card(KpiIds.ProblemsRectified).Value);
        Near(100 * rectified / found, Card(KpiIds.ProblemRectificationRate).Value);
        var gFound = data.Scalar("SELECT sum(dropout_students_found + unsafe_houses_found + water_dangers_found) FROM county_indicators WHERE year = $1", Year);
        var gFixed = data.Scalar("SELECT sum(dropout_students_returned + unsafe_houses_fixed + water_dangers_fixed) FROM county_indicators WHERE year = $1", Year);
        Near(gFound, Card(KpiIds.GuaranteeProblemsFound).Value);
        Near(100 * gFixed / gFound, Card(KpiIds.GuaranteeRectificationRate).Value);
    }

    [Fact]
    public void GetProvinceOverview_Labour_IsSumAndStatusFollowsProvinceTarget()
    {
        var card = Card(KpiIds.AlleviatedLabourEmployed);
        Near(data.Scalar("SELECT sum(poverty_alleviated_labour_employed) FROM county_indicators WHERE year = $1", Year), card.Value);
        var expected = card.Value >= 950_000 ? KpiStatus.Green : card.Value >= 900_000 ? KpiStatus.Amber : KpiStatus.Red;
        Assert.Equal(expected, card.Status);
    }

    [Fact]
    public void GetProvinceOverview_Changes_AreDifferencesToPreviousYear()
    {
        var card = Card(KpiIds.RuralIncome);
        var before = data.Scalar(
            "SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = $1",
            Year - 1);
        Near(before, card.PreviousYearValue);
        Near(card.Value - before, card.ChangeFromPreviousYear);
        Assert.Equal("2022", card.PreviousPeriod);
    }

    [Fact]
    public void GetProvinceOverview_MonthlyKpi_CountsSnapshotsOfThatMonthAndComparesWithLastMonth()
    {
        var card = Card(KpiIds.MonitoredHouseholdsMonth, "2023-06");
        string Sql(int y, int m) => $"SELECT sum(h.sample_weight) FROM monitoring_snapshots s JOIN households h USING (household_id) WHERE s.year = {y} AND s.month = {m} AND s.snapshot_status IN (1, 2)";
        Assert.Equal("2023-06", card.Period);
        Assert.Equal("2023-05", card.PreviousPeriod);
        Near(data.Scalar(Sql(2023, 6)), card.Value);
        Near(data.Scalar(Sql(2023, 5)), card.PreviousPeriodValue);
        Near(data.Scalar(Sql(2022, 6)), card.PreviousYearValue);
    }

    [Fact]
    public void GetProvinceOverview_YearPeriod_MonthlyKpiUsesTheYearsLastMonth()
    {
        Assert.Equal("2023-12", Card(KpiIds.MonitoredHouseholdsMonth, "2023").Period);
    }

    [Fact]
    public void GetProvinceOverview_EveryCard_StatusMatchesItsProvinceThresholds()
    {
        var overview = data.Kpis.GetProvinceOverview(null);
        Assert.Equal("2024", overview.Period);
        Assert.Equal(KpiCatalog.OverviewIds, overview.Cards.Select(c => c.Kpi.Id));
        foreach (var card in overview.Cards)
        {
            var expected = card.Kpi.ProvinceThresholds is { } t ? t.Classify(card.Value, card.Kpi.Direction) : KpiStatus.None;
            Assert.Equal(expected, card.Status);
        }

        Assert.Contains(overview.Cards, c => c.Status != KpiStatus.None);
    }

    [Fact]
    public void GetProvinceOverview_RedLine_ListsExactlyTheCountiesNotGreen()
    {
        var overview = data.Kpis.GetProvinceOverview("2021");
        var counties = data.Kpis.GetCountyValues(KpiIds.ReturnToPovertyRate, "2021");
        var expected = counties.Where(c => c.Status is KpiStatus.Amber or KpiStatus.Red).Select(c => c.CountyCode).Order();
        Assert.Equal(expected, overview.RedLine.CountiesAtRisk.Select(c => c.CountyCode).Order());
        Assert.Equal(overview.RedLine.ProvinceStatus != KpiStatus.Red && counties.All(c => c.Status != KpiStatus.Red), overview.RedLine.Held);
    }

    [Fact]
    public void GetCountyValues_RuralIncome_OneValuePerCountyKeyedByCode()
    {
        var values = data.Kpis.GetCountyValues(KpiIds.RuralIncome, "2022");
        Assert.Equal(117, values.Count);
        Assert.Equal(117, values.Select(v => v.CountyCode).Distinct().Count());
        var taiyuanArea = values.Single(v => v.CountyCode == 140121);
        Near(data.Scalar("SELECT rural_income_per_capita FROM county_indicators WHERE county_code = 140121 AND year = 2022"), taiyuanArea.Value);
    }

    [Fact]
    public void GetCountyValues_PovertyAreaIncome_NullForNonPovertyCounties()
    {
        var values = data.Kpis.GetCountyValues(KpiIds.PovertyAreaIncome, "2022");
        var nonPoverty = data.Query("SELECT county_code FROM counties WHERE former_poverty_status = 0").GetInt64s("county_code");
        Assert.All(values.Where(v => nonPoverty.Contains(v.CountyCode)), v => Assert.Null(v.Value));
        Assert.Equal(58, values.Count(v => v.Value is not null));
    }

    [Fact]
    public void GetClassComparison_Growth_ClassValuesAndSpreadMatchDuckDbQuantiles()
    {
        var comparison = data.Kpis.GetClassComparison(KpiIds.RuralIncomeGrowth, "2023");
        var direct = data.Query(
            """
            WITH v AS (
                SELECT c.county_class, 100 * (cur.rural_income_per_capita / prev.rural_income_per_capita - 1) AS g
                FROM counties c
                JOIN county_indicators cur ON cur.county_code = c.county_code AND cur.year = 2023
                JOIN county_indicators prev ON prev.county_code = c.county_code AND prev.year = 2022)
            SELECT county_class, count(*) AS n, min(g) AS mn, quantile_cont(g, 0.25) AS q1, median(g) AS md,
                   quantile_cont(g, 0.75) AS q3, max(g) AS mx
            FROM v GROUP BY county_class ORDER BY county_class
            """);
        Assert.Equal([1, 2, 3], comparison.Classes.Select(c => c.CountyClass));
        for (var i = 0; i < 3; i++)
        {
            var spread = comparison.Classes[i].Spread;
            Assert.Equal(direct.GetInt64s("n")[i], spread.Counties);
            Near(direct.GetDoubles("mn")[i], spread.Min);
            Near(direct.GetDoubles("q1")[i], spread.Q1);
            Near(direct.GetDoubles("md")[i], spread.Median);
            Near(direct.GetDoubles("q3")[i], spread.Q3);
            Near(direct.GetDoubles("mx")[i], spread.Max);
            var fence = 1.5 * (spread.Q3!.Value - spread.Q1!.Value);
            Assert.All(spread.Outliers, o => Assert.True(o.Value < spread.Q1 - fence || o.Value > spread.Q3 + fence));
            Assert.All(spread.Outliers, o => Assert.False(string.IsNullOrEmpty(o.CountyName)));
        }

        var cls3 = data.Scalar(
            """
            SELECT 100 * (sum(cur.rural_income_per_capita * c.rural_population) / sum(prev.rural_income_per_capita * c.rural_population) - 1)
            FROM counties c
            JOIN county_indicators cur ON cur.county_code = c.county_code AND cur.year = 2023
            JOIN county_indicators prev ON prev.county_code = c.county_code AND prev.year = 2022
            WHERE c.county_class = 3
            """);
        Near(cls3, comparison.Classes[2].Value);
        var t = comparison.Classes[2].Thresholds!;
        Assert.Equal(t.Classify(comparison.Classes[2].Value, KpiDirection.HigherIsBetter), comparison.Classes[2].Status);
        Assert.Equal(7.0, t.Target);
    }

    [Fact]
    public void Spread_KnownValues_QuartilesAndNamedOutlier()
    {
        var values = new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 100 }
            .Select((v, i) => new CountyKpiValue(140100 + i, "县" + i, 140100, 1, v, KpiStatus.None)).ToList();
        var spread = KpiService.Spread(values);
        Assert.Equal(3.0, spread.Q1);
        Assert.Equal(5.0, spread.Median);
        Assert.Equal(7.0, spread.Q3);
        Assert.Equal("县8", Assert.Single(spread.Outliers).CountyName);
    }

    [Fact]
    public void GetPrefectureTable_ElevenPrefectures_TotalsAddUpToProvince()
    {
        var table = data.Kpis.GetPrefectureTable("2023");
        Assert.Equal(11, table.Count);
        Assert.Equal(117, table.Sum(r => r.Counties));
        var index = KpiCatalog.OverviewIds.ToList().IndexOf(KpiIds.ProblemsFound);
        Near(Card(KpiIds.ProblemsFound).Value, table.Sum(r => r.Values[index].Value));
        var incomeIndex = KpiCatalog.OverviewIds.ToList().IndexOf(KpiIds.RuralIncome);
        var taiyuan = table.Single(r => r.PrefectureCode == 140100);
        Near(
            data.Scalar("SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023 AND c.prefecture_code = 140100"),
            taiyuan.Values[incomeIndex].Value);
    }

    [Fact]
    public void GetTrend_ProvinceAndCounty_OnePointPerYearMatchingCountyIndicators()
    {
        var province = data.Kpis.GetTrend(KpiIds.ProblemsFound);
        Assert.Equal(["2019", "2020", "2021", "2022", "2023", "2024"], province.Points.Select(p => p.Period));
        Assert.Null(province.Points[0].Value);
        Near(data.Scalar("SELECT sum(problems_found) FROM county_indicators WHERE year = 2022"), province.Points[3].Value);
        var county = data.Kpis.GetTrend(KpiIds.RuralIncome, KpiLevel.County, 140121);
        Near(data.Scalar("SELECT rural_income_per_capita FROM county_indicators WHERE county_code = 140121 AND year = 2020"), county.Points[1].Value);
    }

    [Fact]
    public void GetTrend_MonthlyKpi_OnePointPerSnapshotMonth()
    {
        var trend = data.Kpis.GetTrend(KpiIds.NewlyIdentifiedMonth, KpiLevel.CountyClass, 3);
        Assert.Equal(data.Kpis.Months, trend.Points.Select(p => p.Period));
        Assert.True(trend.Points.Sum(p => p.Value ?? 0) > 0);
    }

    [Fact]
    public void GetCountyDetail_RealCounty_BreakdownsProblemsAndSnapshotMatchDirectQueries()
    {
        // The county with the most monitored households in the sample, so every section has content.
        var code = (int)data.Query(
            "SELECT county_code FROM household_years WHERE year = 2023 AND monitoring_status = 1 GROUP BY county_code ORDER BY count(*) DESC, county_code LIMIT 1")
            .GetInt64s("county_code")[0];
        var detail = data.Kpis.GetCountyDetail(code, "2023");
        Assert.Equal(code, detail.County.Code);
        var monitored = data.Scalar("SELECT count(*) FROM household_years WHERE year = 2023 AND monitoring_status = 1 AND county_code = $1", code);
        Assert.Equal(monitored, detail.Categories.Sum(c => c.SampleHouseholds));
        Assert.Equal(3, detail.Categories.Count);
        Assert.Equal(10, detail.Causes.Count);
        var illness = data.Scalar(
            "SELECT count(*) FROM household_years WHERE year = 2023 AND monitoring_status = 1 AND county_code = $1 AND primary_risk_cause = 1", code);
        Assert.Equal(illness, detail.Causes.Single(c => c.Code == 1).SampleHouseholds);
        var medical = data.Scalar(
            "SELECT count(*) FROM household_years WHERE year = 2023 AND monitoring_status = 1 AND county_code = $1 AND (assistance_mask & 16) <> 0", code);
        Assert.Equal(medical, detail.Assistance.Single(a => a.Code == 5).SampleHouseholds);
        var problems = detail.Problems[0];
        Assert.Equal(data.Scalar("SELECT problems_found FROM county_indicators WHERE county_code = $1 AND year = 2023", code), problems.Found);
        Assert.Equal(data.Scalar("SELECT problems_rectified FROM county_indicators WHERE county_code = $1 AND year = 2023", code), problems.Rectified);
        Assert.NotNull(detail.LatestSnapshot);
        Assert.Equal("2023-12", detail.LatestSnapshot.Period);
        Assert.Equal(
            data.Scalar("SELECT count(*) FROM monitoring_snapshots WHERE county_code = $1 AND year = 2023 AND month = 12 AND snapshot_status IN (1, 2)", code),
            detail.LatestSnapshot.MonitoredSample);
        Assert.Equal(data.Kpis.Catalog.All.Count(k => k.Grain == KpiGrain.Year), detail.Trends.Count);
        var income = detail.Values.Single(v => v.KpiId == KpiIds.RuralIncomeGrowth);
        Assert.Equal(income.Thresholds!.Classify(income.Value, KpiDirection.HigherIsBetter), income.Status);
    }

    [Fact]
    public void GetMonitoredBreakdown_Province_SumsEqualMonitoredStock()
    {
        var categories = data.Kpis.GetMonitoredBreakdown("category", "2022");
        Assert.Equal(data.Scalar("SELECT count(*) FROM household_years WHERE year = 2022 AND monitoring_status = 1"), categories.Sum(c => c.SampleHouseholds));
        Assert.Equal("脱贫不稳定户", categories[0].LabelZh);
    }

    [Theory]
    [InlineData("2023-13")]
    [InlineData("20x3")]
    [InlineData("2023/06")]
    [InlineData("1999")]
    [InlineData("2031")]
    public void GetProvinceOverview_BadPeriod_ThrowsNamingPeriodInBothLanguages(string period)
    {
        var error = Assert.Throws<MetricArgumentException>(() => data.Kpis.GetProvinceOverview(period));
        Assert.Equal("period", error.ParamName);
        Assert.Contains(period, error.MessageZh, StringComparison.Ordinal);
        Assert.Contains(period, error.MessageEn, StringComparison.Ordinal);
        Assert.StartsWith(error.MessageZh, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCountyDetail_UnknownCounty_ThrowsNamingCounty()
    {
        var error = Assert.Throws<MetricArgumentException>(() => data.Kpis.GetCountyDetail(149999));
        Assert.Equal("county", error.ParamName);
        Assert.Contains("149999", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("未知的县级行政区划代码", error.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void GetCountyValues_UnknownKpi_ThrowsNamingKpi()
    {
        var error = Assert.Throws<MetricArgumentException>(() => data.Kpis.GetCountyValues("income'; DROP TABLE counties; --"));
        Assert.Equal("kpi", error.ParamName);
        Assert.Contains("rural_income", error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void GetTrend_UnknownClass_ThrowsNamingCode()
    {
        var error = Assert.Throws<MetricArgumentException>(() => data.Kpis.GetTrend(KpiIds.RuralIncome, KpiLevel.CountyClass, 7));
        Assert.Equal("code", error.ParamName);
    }

    [Fact]
    public void GetMonitoredBreakdown_UnknownDimension_ThrowsNamingDimension()
    {
        var error = Assert.Throws<MetricArgumentException>(() => data.Kpis.GetMonitoredBreakdown("gender"));
        Assert.Equal("dimension", error.ParamName);
    }
}
