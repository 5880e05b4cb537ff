namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard in memory over the test export with a trained risk model (<see cref="TestModels"/>).</summary>
public sealed class ModelDashboardFactory : DashboardFactoryBase
{
    protected override string DataDirectory => TestModels.Directory;
}

/// <summary>The dashboard in memory over the test export whose latest risk model is corrupt.</summary>
public sealed class BrokenModelDashboardFactory : DashboardFactoryBase
{
    protected override string DataDirectory => TestModels.BrokenDirectory;
}
