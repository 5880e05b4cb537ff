using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.Dashboard.Data.Workbench;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Data.Scope;
using RevivalAnalytics.Tests.Queries;

namespace RevivalAnalytics.Dashboard.Tests.Data.Workbench;

/// <summary>The workbench's service over the test export: paging, sorting and filtering in SQL over the whole result,
/// parameters bound, SUMMARIZE, the schema with the contract's descriptions, and the hostile queries refused for a
/// prefecture-scoped analyst exactly as the workspace refuses them.</summary>
public sealed class WorkbenchServiceTests(SqlDashboardFactory factory) : IClassFixture<SqlDashboardFactory>
{
    private static readonly DataScope s_prefecture = DataScope.Parse(TestUsers.PrefectureAnalyst.Scope);

    private static readonly WorkbenchUser s_prefectureUser = new(TestUsers.PrefectureAnalyst.UserName, s_prefecture);

    private static readonly WorkbenchUser s_provinceUser = new(TestUsers.Analyst.UserName, DataScope.Province);

    private WorkbenchService Service => factory.Services.GetRequiredService<WorkbenchService>();

    private static Dictionary<string, string> NoParameters => new(StringComparer.Ordinal);

    [Fact]
    public async Task RunAsync_SortFilterAndPage_DoneInSqlOverTheWholeResult()
    {
        var request = new WorkbenchRequest("SELECT county_code, county_name, rural_population FROM counties", NoParameters)
        {
            Skip = 2,
            Take = 3,
            Sorts = [new WorkbenchSort("rural_population", Descending: true)],
            Filters = [new WorkbenchFilter("county_code", WorkbenchFilterOperator.GreaterThanOrEquals, "140400")],
        };

        var result = await Service.RunAsync(request, s_provinceUser, null, TestContext.Current.CancellationToken);

        var expected = TestExport.Query("SELECT county_code FROM counties WHERE county_code >= 140400 ORDER BY rural_population DESC NULLS LAST LIMIT 3 OFFSET 2").GetInt64s("county_code");
        Assert.Equal(expected, result.Rows.Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal((long)TestExport.Scalar("SELECT count(*) FROM counties WHERE county_code >= 140400")!.Value, result.TotalRows);
        Assert.Equal(["county_code", "county_name", "rural_population"], result.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task RunAsync_ContainsFilterWithQuote_BoundNotSpliced()
    {
        var request = new WorkbenchRequest("SELECT county_name FROM counties", NoParameters)
        {
            Filters = [new WorkbenchFilter("county_name", WorkbenchFilterOperator.Contains, "x' OR '1'='1")],
        };

        var result = await Service.RunAsync(request, s_provinceUser, null, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.TotalRows);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public async Task RunAsync_NamedParameters_BoundAsNumbersAndText()
    {
        var request = new WorkbenchRequest("SELECT county_name FROM counties WHERE county_code = $county AND county_name <> $name",
            new Dictionary<string, string> { ["county"] = "140105", ["name"] = "'; DROP TABLE counties; --" });

        var result = await Service.RunAsync(request, s_provinceUser, null, TestContext.Current.CancellationToken);

        Assert.Equal(TestExport.Strings("SELECT county_name FROM counties WHERE county_code = 140105"), result.Rows.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task RunAsync_UnknownColumnOnThirdLine_ErrorOffsetPointsAtIt()
    {
        const string Sql = "SELECT county_code,\n  county_name,\n  no_such_column\nFROM counties";

        var error = await Assert.ThrowsAsync<WorkbenchQueryException>(() =>
            Service.RunAsync(new WorkbenchRequest(Sql, NoParameters), s_provinceUser, null, TestContext.Current.CancellationToken));

        Assert.Equal(Sql.IndexOf("no_such_column", StringComparison.Ordinal), error.Error.Offset);
        Assert.Contains("no_such_column", error.Error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummarizeAsync_Result_OneRowPerColumnWithDuckDbsStatistics()
    {
        var result = await Service.SummarizeAsync(new WorkbenchRequest("SELECT county_code, rural_population FROM counties", NoParameters),
            s_provinceUser, TestContext.Current.CancellationToken);

        var names = result.Columns.Select(c => c.Name).ToList();
        Assert.Equal(["county_code", "rural_population"], result.Rows.Select(r => (string)r[names.IndexOf("column_name")]!));
        Assert.Equal(TestExport.Scalar("SELECT max(rural_population) FROM counties")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (string)result.Rows[1][names.IndexOf("max")]!);
    }

    [Fact]
    public async Task SchemaAsync_PrefectureScope_TablesWithContractDescriptionsRowCountsAndFunctions()
    {
        var schema = await Service.SchemaAsync(s_prefecture, TestContext.Current.CancellationToken);

        var counties = Assert.Single(schema.Tables, t => t.Name == "counties");
        Assert.Equal(ScopeCheck.Counties.Count(c => c.Prefecture == 140100), counties.RowCount);
        Assert.NotNull(counties.Description);
        var code = Assert.Single(counties.Columns, c => c.Name == "county_code");
        Assert.NotNull(code.Description);
        Assert.NotEmpty(code.Samples);
        Assert.All(code.Samples, sample => Assert.StartsWith("1401", sample, StringComparison.Ordinal));
        Assert.Contains("sum", schema.Functions);
        Assert.Contains("date_trunc", schema.Functions);
        Assert.DoesNotContain(schema.Tables, t => t.Columns.Any(c => c.Name == "head_id_number"));
    }

    [Fact]
    public async Task SchemaAsync_PrefectureScope_MetricViewsAfterTheDataTablesWithChineseDescriptions()
    {
        var schema = await Service.SchemaAsync(s_prefecture, TestContext.Current.CancellationToken);

        var metric = schema.Tables.Where(t => t.IsMetricView).Select(t => t.Name).ToList();
        Assert.Equal(["metric_county_month", "metric_county_year", "metric_monitored_breakdown"], metric.Order());
        Assert.All(schema.Tables.SkipWhile(t => !t.IsMetricView), t => Assert.True(t.IsMetricView));
        var countyYear = Assert.Single(schema.Tables, t => t.Name == "metric_county_year");
        Assert.Equal("县×年指标事实表（指标层口径，只读）", countyYear.Description);
        var years = (long)TestExport.Scalar("SELECT count(DISTINCT year) FROM county_indicators")!.Value;
        Assert.Equal(ScopeCheck.Counties.Count(c => c.Prefecture == 140100) * years, countyYear.RowCount);
        Assert.Equal("监测户（风险未消除）（加权户数，Σ 样本权数）", Assert.Single(countyYear.Columns, c => c.Name == "monitored_w").Description);
        Assert.Equal("农村居民人均可支配收入（yuan/person）", Assert.Single(countyYear.Columns, c => c.Name == "rural_income_per_capita").Description);
        Assert.All(countyYear.Columns, c => Assert.False(string.IsNullOrEmpty(c.Description), c.Name));
    }

    [Theory]
    [InlineData("rural_income")]
    [InlineData("return_to_poverty_rate")]
    [InlineData("monitored_households")]
    public async Task RunAsync_KpiSqlOverMetricCountyYear_EqualsTheKpiApiForThePrefectureAnalyst(string kpiId)
    {
        using var client = factory.CreateClientFor(TestUsers.PrefectureAnalyst);
        var (status, body, _) = await client.GetJsonAsync($"/api/kpis/{kpiId}/counties?year=2023");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var api = body.GetProperty("counties").EnumerateArray()
            .ToDictionary(c => c.GetProperty("code").GetInt32(), c => c.GetProperty("value").ValueKind == JsonValueKind.Null ? (double?)null : c.GetProperty("value").GetDouble());
        var sql = RevivalAnalytics.Metrics.KpiCatalog.Default.Get(kpiId).Sql;

        var result = await Service.RunAsync(new WorkbenchRequest(sql, new Dictionary<string, string> { ["year"] = "2023" }) { Take = 1_000 },
            s_prefectureUser, null, TestContext.Current.CancellationToken);

        var rows = result.Rows.ToDictionary(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture),
            r => r[1] is null ? (double?)null : Convert.ToDouble(r[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ScopeCheck.Counties.Where(c => c.Prefecture == 140100).Select(c => c.County).Order(), rows.Keys.Order());
        Assert.Equal(api.Keys.Order(), rows.Keys.Order());
        Assert.Contains(rows.Values, v => v is not null);
        foreach (var (code, value) in api)
        {
            Assert.Equal(value is null, rows[code] is null);
            if (value is { } v)
            {
                Assert.Equal(v, rows[code]!.Value, 6);
            }
        }
    }

    public static TheoryData<string> Hostile => HostileSql.Queries;

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task RunAsync_HostileQueryAsPrefectureAnalyst_RefusedOrWithinScopeWithoutPersonalData(string template)
    {
        var sql = template.Replace("{root}", TestExport.Directory, StringComparison.Ordinal);
        string shown;
        try
        {
            var result = await Service.RunAsync(new WorkbenchRequest(sql, NoParameters) { Take = 1_000 }, s_prefectureUser, null, TestContext.Current.CancellationToken);
            shown = JsonSerializer.Serialize(result.Rows);
        }
        catch (WorkbenchQueryException e)
        {
            shown = e.Error.MessageZh + e.Error.MessageEn + e.Error.Detail;
        }

        Assert.Empty(ScopeCheck.OutsideCodes(shown, s_prefecture));
        var raw = TestExport.Strings("SELECT head_id_number FROM households");
        Assert.DoesNotContain(raw, id => shown.Contains(id, StringComparison.Ordinal));
        Assert.False(File.Exists("/tmp/scope-escape.csv"));
    }
}
