using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RevivalAnalytics.Dashboard.Data;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard over the test export with a short SQL time limit and a small memory limit, so a runaway
/// query is stopped quickly and cheaply; every legitimate test query over 3,000 households stays far below both.</summary>
public sealed class SqlDashboardFactory : WebApplicationFactory<Program>
{
    public const double TimeoutSeconds = 3;

    public const string MemoryLimit = "64MB";

    public HttpClient CreatePlainClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DashboardData.DataDirectoryKey, TestExport.Directory);
        builder.UseSetting("Revival:Sql:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Revival:Sql:MemoryLimit", MemoryLimit);
    }
}
