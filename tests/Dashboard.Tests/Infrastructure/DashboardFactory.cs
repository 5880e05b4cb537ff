namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard in memory (TestServer) over the generated test export, shared by the tests of one class.</summary>
public sealed class DashboardFactory : DashboardFactoryBase
{
    protected override string DataDirectory => TestExport.Directory;
}
