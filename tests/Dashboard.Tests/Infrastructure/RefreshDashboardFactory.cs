using Microsoft.AspNetCore.Hosting;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>The dashboard over a data folder the test writes to, checking for new models and data versions every
/// <paramref name="checkSeconds"/> (a long interval leaves refreshing to the test, which calls
/// <see cref="AnalyticsContext.Refresh"/> itself).</summary>
internal sealed class RefreshDashboardFactory(string directory, string checkSeconds = "0.2") : DashboardFactoryBase
{
    protected override string DataDirectory => directory;

    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.UseSetting("Revival:ModelCheckSeconds", checkSeconds);
}
