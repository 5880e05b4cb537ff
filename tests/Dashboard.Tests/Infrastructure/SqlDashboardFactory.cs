using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RevivalAnalytics.Dashboard.Data;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard over the test export with a short SQL time limit, so a runaway query is stopped quickly;
/// every legitimate test query over 3,000 households finishes far below it.</summary>
public sealed class SqlDashboardFactory : WebApplicationFactory<Program>
{
    public const double TimeoutSeconds = 3;

    public HttpClient CreatePlainClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(DashboardData.DataDirectoryKey, TestExport.Directory);
        builder.UseSetting("Revival:Sql:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
