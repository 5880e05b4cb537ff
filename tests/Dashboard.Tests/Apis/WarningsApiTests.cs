using System.Net;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Apis;

public sealed class WarningsApiTests(DashboardFactory factory, ModelDashboardFactory withModel)
    : IClassFixture<DashboardFactory>, IClassFixture<ModelDashboardFactory>
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
    [InlineData("/api/warnings?level=household&sort=riskiest", "sort")]
    [InlineData("/api/warnings?level=county&sort=risk", "sort")]
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

    [Fact]
    public async Task GetWarnings_HouseholdsWithRiskModel_ProbabilityAndFactorsEqualModelService()
    {
        using var client = withModel.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/warnings?level=household&year=2020&pageSize=50");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var rows = response.Body.GetProperty("rows").EnumerateArray().ToList();
        var library = TestModels.Service.Households(rows.Select(r => r.GetProperty("householdId").GetInt64()))
            .ToDictionary(r => r.Score.HouseholdId);
        Assert.NotEmpty(library);
        foreach (var row in rows)
        {
            var id = row.GetProperty("householdId").GetInt64();
            if (!library.TryGetValue(id, out var expected))
            {
                Assert.Equal(JsonValueKind.Null, row.GetProperty("riskProbability").ValueKind);
                continue;
            }

            Assert.Equal(expected.Score.Probability, row.GetProperty("riskProbability").GetDouble());
            var factors = row.GetProperty("riskFactors").EnumerateArray().ToList();
            Assert.Equal(expected.TopFactors.Select(f => f.Feature), factors.Select(f => f.GetProperty("feature").GetString()));
            Assert.Equal(expected.TopFactors.Select(f => f.Chinese), factors.Select(f => f.GetProperty("chinese").GetString()));
            Assert.Equal(expected.TopFactors.Select(f => f.Contribution), factors.Select(f => f.GetProperty("contribution").GetDouble()));
            Assert.All(factors, f => Assert.False(string.IsNullOrEmpty(f.GetProperty("english").GetString())));
        }

        // Personal data stay masked with the model's fields beside them.
        Assert.All(rows, r => Assert.EndsWith("*", r.GetProperty("headNameMasked").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetWarnings_SortRiskDescending_OrderedByProbabilityAcrossPages()
    {
        using var client = withModel.CreatePlainClient();

        var first = await client.GetJsonAsync("/api/warnings?level=household&year=2020&sort=risk&desc=true&pageSize=5");
        var second = await client.GetJsonAsync("/api/warnings?level=household&year=2020&sort=risk&desc=true&pageSize=5&page=2");
        var whole = await client.GetJsonAsync("/api/warnings?level=household&year=2020&pageSize=1000");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("risk", first.Body.GetProperty("sort").GetString());
        Assert.True(first.Body.GetProperty("descending").GetBoolean());
        var probabilities = first.Body.GetProperty("rows").EnumerateArray().Concat(second.Body.GetProperty("rows").EnumerateArray())
            .Select(r => r.GetProperty("riskProbability").NullableDouble()).ToList();
        Assert.Equal(10, probabilities.Count);
        Assert.All(probabilities, p => Assert.NotNull(p));
        Assert.Equal(probabilities.OrderDescending(), probabilities);
        // The first row is the riskiest household of the whole list (not of one page), by the library's own scores.
        var ids = whole.Body.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("householdId").GetInt64()).ToList();
        Assert.Equal(whole.Body.GetProperty("total").GetInt64(), ids.Count);
        Assert.Equal(TestModels.Service.Households(ids).Max(r => r.Score.Probability), probabilities[0]);
    }

    [Fact]
    public async Task GetWarnings_CountiesWithRiskModel_ExpectedReturnsEqualModelService()
    {
        using var client = withModel.CreatePlainClient();

        var response = await client.GetJsonAsync("/api/warnings?year=2024&pageSize=1000");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var rows = response.Body.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            var expected = TestModels.Service.CountyRisk(r.GetProperty("countyCode").GetInt32())!;
            var returns = r.GetProperty("expectedReturns");
            Assert.Equal(expected.ExpectedCount, returns.GetProperty("expectedCount").GetDouble());
            Assert.Equal(expected.Lower, returns.GetProperty("lower").GetDouble());
            Assert.Equal(expected.Upper, returns.GetProperty("upper").GetDouble());
        });
    }

    [Fact]
    public async Task GetWarnings_NoRiskModel_RiskFieldsNullAndSortRiskStillServed()
    {
        using var client = factory.CreatePlainClient();

        var households = await client.GetJsonAsync("/api/warnings?level=household&year=2020&sort=risk&desc=true&pageSize=5");
        var counties = await client.GetJsonAsync("/api/warnings?year=2024&pageSize=5");

        Assert.Equal(HttpStatusCode.OK, households.Status);
        var rows = households.Body.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("riskProbability").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("riskFactors").ValueKind);
        });
        // Unscored rows keep a stable order: by household id.
        var ids = rows.Select(r => r.GetProperty("householdId").GetInt64()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(HttpStatusCode.OK, counties.Status);
        Assert.All(counties.Body.GetProperty("rows").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("expectedReturns").ValueKind));
    }

    [Fact]
    public async Task GetWarningsCsv_WithRiskModel_RiskColumnsMatchModelService()
    {
        using var client = withModel.CreatePlainClient();

        var text = await client.GetStringAsync("/api/warnings.csv?year=2020&sort=risk&desc=true", TestContext.Current.CancellationToken);

        var lines = text.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",risk_probability,risk_factor_1,risk_factor_2,risk_factor_3", lines[0], StringComparison.Ordinal);
        var top = lines[1].Split(',');
        var expected = TestModels.Service.Households([long.Parse(top[0], CultureInfo.InvariantCulture)]).Single();
        Assert.Equal(expected.Score.Probability, double.Parse(top[^4], CultureInfo.InvariantCulture), 1e-6);
        Assert.Equal(expected.TopFactors.Select(f => f.Chinese), top[^3..].Where(c => c.Length > 0));
    }
}
