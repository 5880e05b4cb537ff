using Microsoft.AspNetCore.Hosting;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard over the test export with a short SQL time limit and a small memory limit, so a runaway
/// query is stopped quickly and cheaply; every legitimate test query over 3,000 households stays far below both.</summary>
public sealed class SqlDashboardFactory : DashboardFactoryBase
{
    public const double TimeoutSeconds = 3;

    public const string MemoryLimit = "64MB";

    protected override string DataDirectory => TestExport.Directory;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Revival:Sql:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Revival:Sql:MemoryLimit", MemoryLimit);
    }
}
