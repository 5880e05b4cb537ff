using System.Net;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

public sealed class ClassesApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task GetClasses_Year2023_EveryKpiThreeClassesWithMedianFromDuckDb()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/classes?year=2023");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var comparisons = response.Body.EnumerateArray().ToList();
        Assert.Contains(comparisons, c => c.GetProperty("kpiId").GetString() == "return_to_poverty_rate");
        var income = comparisons.Single(c => c.GetProperty("kpiId").GetString() == "rural_income").GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], income.Select(c => c.GetProperty("countyClass").GetInt32()));
        Assert.Equal(117, income.Sum(c => c.GetProperty("spread").GetProperty("counties").GetInt32()));
        foreach (var c in income)
        {
            var countyClass = c.GetProperty("countyClass").GetInt32();
            var median = TestExport.Scalar(
                "SELECT quantile_cont(ci.rural_income_per_capita, 0.5) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023 AND c.county_class = $1",
                countyClass);
            Near(median, c.GetProperty("spread").GetProperty("median").NullableDouble());
        }
    }

    [Fact]
    public async Task GetClasses_MalformedYear_400ProblemNamingYear()
    {
        using var client = factory.CreatePlainClient();

        AssertProblem(await client.GetJsonAsync("/api/classes?year=last"), HttpStatusCode.BadRequest, "year");
    }
}
