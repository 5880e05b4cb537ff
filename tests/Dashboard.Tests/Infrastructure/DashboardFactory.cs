using Microsoft.AspNetCore.Mvc.Testing;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard in memory (TestServer), shared by the endpoint and page tests of one class.</summary>
public sealed class DashboardFactory : WebApplicationFactory<Program>
{
    public HttpClient CreatePlainClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
