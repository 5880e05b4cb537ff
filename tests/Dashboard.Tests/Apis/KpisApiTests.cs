using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

public sealed class KpisApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private static System.Text.Json.JsonElement Kpi(System.Text.Json.JsonElement body, string id) =>
        body.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetProperty("id").GetString() == id);

    [Fact]
    public async Task GetKpis_Year2023_RuralIncomeAndGrowthMatchDuckDb()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/kpis?year=2023");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("2023", response.Body.GetProperty("period").GetString());
        var income = Kpi(response.Body, "rural_income");
        const string Weighted = "SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = $1";
        var now = TestExport.Scalar(Weighted, 2023);
        var before = TestExport.Scalar(Weighted, 2022);
        Near(now, income.GetProperty("value").NullableDouble());
        Near(now - before, income.GetProperty("changeFromPreviousPeriod").NullableDouble());
        Assert.Equal("2022", income.GetProperty("previousPeriod").GetString());
        Assert.Equal("None", income.GetProperty("status").GetString());
        var elimination = Kpi(response.Body, "risk_elimination_rate");
        Assert.Equal(60, elimination.GetProperty("target").GetDouble());
        Assert.Contains(elimination.GetProperty("status").GetString(), new[] { "Green", "Amber", "Red" });
        Assert.True(response.Body.GetProperty("redLine").GetProperty("held").ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False);
    }

    [Fact]
    public async Task GetKpis_Class3_RiskEliminationRateIsWeightedOverClassCounties()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/kpis?year=2023&class=3");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(3, response.Body.GetProperty("countyClass").GetInt32());
        var expected = TestExport.Scalar(
            """
            SELECT 100 * sum(h.sample_weight) FILTER (y.monitoring_status = 2) / sum(h.sample_weight) FILTER (y.monitoring_status IN (1, 2))
            FROM household_years y JOIN households h ON h.household_id = y.household_id JOIN counties c ON c.county_code = y.county_code
            WHERE y.year = $1 AND c.county_class = 3
            """,
            2023);
        Near(expected, Kpi(response.Body, "risk_elimination_rate").GetProperty("value").NullableDouble());
        Assert.Equal(55, Kpi(response.Body, "risk_elimination_rate").GetProperty("target").GetDouble());
    }

    [Theory]
    [InlineData("/api/kpis?year=20x3", "year")]
    [InlineData("/api/kpis?year=1990", "year")]
    [InlineData("/api/kpis?class=7", "class")]
    [InlineData("/api/kpis?class=abc", "class")]
    [InlineData("/api/kpis/rural_income/counties?year=2023-13", "year")]
    public async Task GetKpis_BadParameter_400ProblemNamingIt(string url, string parameter)
    {
        using var client = factory.CreatePlainClient();

        AssertProblem(await client.GetJsonAsync(url), HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task GetCountyValues_RuralIncome_117CountiesFromCountyIndicators()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/kpis/rural_income/counties?year=2022");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var counties = response.Body.GetProperty("counties").EnumerateArray().ToList();
        Assert.Equal(117, counties.Count);
        var expected = TestExport.Query("SELECT county_code, rural_income_per_capita FROM county_indicators WHERE year = 2022 ORDER BY county_code");
        var codes = expected.GetInt64s("county_code");
        var incomes = expected.GetDoubles("rural_income_per_capita");
        var byCode = counties.ToDictionary(c => (long)c.GetProperty("code").GetInt32(), c => c.GetProperty("value").NullableDouble());
        for (var i = 0; i < codes.Length; i++)
        {
            Near(incomes[i], byCode[codes[i]]);
        }

        Assert.Equal("太原市", counties.Single(c => c.GetProperty("code").GetInt32() == 140105).GetProperty("prefectureName").GetString());
    }

    [Fact]
    public async Task GetCountyValues_UnknownKpi_404ProblemNamingId()
    {
        using var client = factory.CreatePlainClient();

        AssertProblem(await client.GetJsonAsync("/api/kpis/happiness/counties"), HttpStatusCode.NotFound, "id");
    }
}
