using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RevivalAnalytics.Dashboard.Data;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard in memory (TestServer) over the generated test export, shared by the tests of one class.</summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    public HttpClient CreatePlainClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting(DashboardData.DataDirectoryKey, TestExport.Directory);
}
