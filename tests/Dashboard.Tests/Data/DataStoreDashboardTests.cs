using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;
using RevivalAnalytics.Data.Versions;
using static RevivalAnalytics.Dashboard.Tests.Infrastructure.ApiJson;

namespace RevivalAnalytics.Dashboard.Tests.Data;

/// <summary>The dashboard over the importer's versioned data store (what run.sh starts), not an export folder.</summary>
public sealed class DataStoreDashboardTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("revival-dashboard-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class StoreFactory(string directory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseSetting(DashboardData.DataDirectoryKey, directory);
    }

    [Fact]
    public async Task Get_ImportedStore_ServesItsCurrentVersionWithTheExportsFiguresAndSqlWithoutPersonalData()
    {
        var store = DataStore.Open(Path.Combine(_root, "store"));
        var report = store.Import(TestExport.Directory, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(report.CurrentVersion);
        await using var factory = new StoreFactory(store.DataDirectory);
        using var client = factory.CreateClient();

        var response = await client.GetJsonAsync("/api/kpis?year=2023");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(report.CurrentVersion, response.Body.GetProperty("dataVersion").GetString());
        var income = response.Body.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("kpi").GetProperty("id").GetString() == "rural_income");
        Near(
            TestExport.Scalar("SELECT sum(ci.rural_income_per_capita * c.rural_population) / sum(c.rural_population) FROM county_indicators ci JOIN counties c USING (county_code) WHERE ci.year = 2023"),
            income.GetProperty("value").NullableDouble());
        var page = await client.GetDocumentAsync("/county/140922?year=2023");
        Assert.StartsWith("五台县", page.QuerySelector("h1")?.TextContent, StringComparison.Ordinal);

        // The SQL page over a store: the current version's tables, households without personal data, the raw
        // households file and the quarantine (personal data kept as given) out of reach.
        var count = await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString("SELECT count(*) FROM household_years WHERE year = 2023"));
        Assert.Equal(TestExport.Scalar("SELECT count(*) FROM household_years WHERE year = 2023"), count.Body.GetProperty("rows")[0][0].GetDouble());
        var households = await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString("SELECT * FROM households LIMIT 1"));
        Assert.DoesNotContain("head_id_number", households.Body.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var version = store.VersionDirectory(report.CurrentVersion!);
        foreach (var sql in new[]
        {
            $"SELECT head_id_number FROM read_parquet('{Path.Combine(version, "households.parquet")}')",
            $"SELECT head_id_number FROM read_parquet('{Path.Combine(version, "quarantine", "households.parquet")}')",
            "SELECT * FROM quarantine_households",
        })
        {
            AssertProblem(await client.GetJsonAsync("/api/sql?q=" + Uri.EscapeDataString(sql)), HttpStatusCode.BadRequest, "q");
        }
    }

    [Fact]
    public void ResolveDataDirectory_StoreWithoutVersion_SaysToRunImport()
    {
        var empty = Path.Combine(_root, "empty-store");
        DataStore.Open(empty);
        File.WriteAllText(Path.Combine(empty, "current"), "");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(DashboardData.DataDirectoryKey, (string?)empty)]).Build();

        var e = Assert.Throws<DashboardDataException>(() => DashboardData.ResolveDataDirectory(configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = "/" }));

        Assert.Contains("revival import", e.Message, StringComparison.Ordinal);
        Assert.Contains(empty, e.Message, StringComparison.Ordinal);
    }
}
