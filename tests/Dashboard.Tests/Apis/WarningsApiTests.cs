using System.Net;
using System.Text;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

public sealed class WarningsApiTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    private const string BelowLine =
        "SELECT count(*) FROM household_years y JOIN monitoring_lines ml ON ml.year = y.year WHERE y.year = $1 AND y.per_capita_net_income < ml.monitoring_line";

    [Fact]
    public async Task GetWarnings_HouseholdsBelowLine_TotalFromDuckDbAndPagesInIncomeOrder()
    {
        using var client = factory.CreatePlainClient();

        var first = await client.GetJsonAsync("/api/warnings?level=household&year=2020&flag=below_line&pageSize=5");
        var second = await client.GetJsonAsync("/api/warnings?level=household&year=2020&flag=below_line&pageSize=5&page=2");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        var total = first.Body.GetProperty("total").GetInt64();
        Assert.Equal((long)TestExport.Scalar(BelowLine, 2020)!.Value, total);
        Assert.True(total > 10);
        var incomes = first.Body.GetProperty("rows").EnumerateArray().Concat(second.Body.GetProperty("rows").EnumerateArray())
            .Select(r => r.GetProperty("income").GetDouble()).ToList();
        Assert.Equal(10, incomes.Count);
        Assert.Equal(incomes.Order(), incomes);
        Assert.Equal(TestExport.Scalar("SELECT min(per_capita_net_income) FROM household_years WHERE year = 2020"), incomes[0]);
        Assert.All(first.Body.GetProperty("rows").EnumerateArray(), r => Assert.EndsWith("*", r.GetProperty("headNameMasked").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetWarnings_CountiesByFlagsDescending_SortedInOrder()
    {
        using var client = factory.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/warnings?year=2022&sort=flags&desc=true&pageSize=1000");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var flags = response.Body.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("flags").GetInt32()).ToList();
        Assert.NotEmpty(flags);
        Assert.Equal(flags.OrderDescending(), flags);
        Assert.Equal(flags.Count, response.Body.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("/api/warnings?sort=zz", "sort")]
    [InlineData("/api/warnings?level=village", "level")]
    [InlineData("/api/warnings?page=two", "page")]
    [InlineData("/api/warnings?desc=maybe", "desc")]
    [InlineData("/api/warnings?level=household&flag=rich", "flag")]
    [InlineData("/api/warnings?year=2023-99", "year")]
    [InlineData("/api/warnings.csv?sort=nothing", "sort")]
    public async Task GetWarnings_BadParameter_400ProblemNamingIt(string url, string parameter)
    {
        using var client = factory.CreatePlainClient();

        AssertProblem(await client.GetJsonAsync(url), HttpStatusCode.BadRequest, parameter);
    }

    [Fact]
    public async Task GetWarningsCsv_BelowLine_BomHeaderAndOneLinePerHousehold()
    {
        using var client = factory.CreatePlainClient();

        using var response = await client.GetAsync("/api/warnings.csv?year=2021&flag=below_line", TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("household_id,", lines[0], StringComparison.Ordinal);
        Assert.Equal((long)TestExport.Scalar(BelowLine, 2021)!.Value, lines.Length - 1);
    }
}
