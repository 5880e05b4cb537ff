using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

public sealed class CountiesApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task GetCounty_Known_ValuesAndMonitoredCategoriesMatchDuckDb()
    {
        // The county with the most monitored sample households in 2023, so the breakdown is not empty.
        var code = (int)TestExport.Query(
            "SELECT county_code FROM household_years WHERE year = 2023 AND monitoring_status = 1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
            .GetInt64s("county_code")[0];
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync($"/api/counties/{code}?year=2023");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(code, response.Body.GetProperty("county").GetProperty("code").GetInt32());
        var income = response.Body.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("kpiId").GetString() == "rural_income");
        Near(TestExport.Scalar("SELECT rural_income_per_capita FROM county_indicators WHERE year = 2023 AND county_code = $1", code), income.GetProperty("value").NullableDouble());
        var sample = response.Body.GetProperty("categories").EnumerateArray().Sum(c => c.GetProperty("sampleHouseholds").GetInt64());
        var expected = TestExport.Scalar("SELECT count(*) FROM household_years WHERE year = 2023 AND county_code = $1 AND monitoring_status = 1", code);
        Assert.Equal((long)expected!.Value, sample);
        Assert.True(sample > 0);
        var trend = response.Body.GetProperty("trends").EnumerateArray().Single(t => t.GetProperty("kpiId").GetString() == "rural_income");
        Assert.Equal(["2019", "2020", "2021", "2022", "2023", "2024"], trend.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("period").GetString()));
    }

    [Fact]
    public async Task GetCounty_UnknownCode_404ProblemNamingCode()
    {
        using var client = factory.CreatePlainClient();

        AssertProblem(await client.GetJsonAsync("/api/counties/999999"), HttpStatusCode.NotFound, "code");
    }

    [Theory]
    [InlineData("/api/counties/14010", "code")]
    [InlineData("/api/counties/taiyuan", "code")]
    [InlineData("/api/counties/140105?year=next", "year")]
    public async Task GetCounty_Malformed_400ProblemNamingParameter(string url, string parameter)
    {
        using var client = factory.CreatePlainClient();

        AssertProblem(await client.GetJsonAsync(url), HttpStatusCode.BadRequest, parameter);
    }
}
