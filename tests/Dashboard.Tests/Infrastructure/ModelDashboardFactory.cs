using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RevivalAnalytics.Dashboard.Data;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard in memory over the test export with a trained risk model (<see cref="TestModels"/>).</summary>
public sealed class ModelDashboardFactory : WebApplicationFactory<Program>
{
    public HttpClient CreatePlainClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting(DashboardData.DataDirectoryKey, TestModels.Directory);
}

/// <summary>The dashboard in memory over the test export whose latest risk model is corrupt.</summary>
public sealed class BrokenModelDashboardFactory : WebApplicationFactory<Program>
{
    public HttpClient CreatePlainClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting(DashboardData.DataDirectoryKey, TestModels.BrokenDirectory);
}
