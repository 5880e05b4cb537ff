using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using RevivalAnalytics.Dashboard.Data;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Data;

public sealed class DashboardDataTests
{
    private sealed class Host(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "Dashboard";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void ResolveDataDirectory_KeyOrVariable_AbsoluteFolderWithData()
    {
        var root = Path.GetDirectoryName(TestExport.Directory)!;
        var relative = Path.GetFileName(TestExport.Directory);

        Assert.Equal(TestExport.Directory, DashboardData.ResolveDataDirectory(Config((DashboardData.DataDirectoryKey, relative)), new Host(root)));
        Assert.Equal(TestExport.Directory, DashboardData.ResolveDataDirectory(Config((DashboardData.DataDirectoryVariable, TestExport.Directory)), new Host("/")));
    }

    [Fact]
    public void ResolveDataDirectory_NothingConfigured_OneBilingualSentenceNamingTheSettings()
    {
        var e = Assert.Throws<DashboardDataException>(() => DashboardData.ResolveDataDirectory(Config(), new Host("/")));

        Assert.Contains("Revival:DataDirectory", e.Message, StringComparison.Ordinal);
        Assert.Contains("REVIVAL_DATA", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("未配置数据目录", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ResolveDataDirectory_EmptyFolder_SaysItHoldsNoData()
    {
        var empty = Directory.CreateTempSubdirectory("revival-empty-").FullName;
        try
        {
            var e = Assert.Throws<DashboardDataException>(() => DashboardData.ResolveDataDirectory(Config((DashboardData.DataDirectoryKey, empty)), new Host("/")));
            Assert.Contains(empty, e.Message, StringComparison.Ordinal);
            Assert.Contains("revival generate", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task App_MissingDataFolder_ExitsWithOneSentenceOnStandardError()
    {
        var dashboard = Path.Combine(AppContext.BaseDirectory, "Dashboard.dll");
        var start = new ProcessStartInfo("dotnet", [dashboard])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["REVIVAL_DATA"] = "/nonexistent/revival-data";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, process.ExitCode);
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("/nonexistent/revival-data", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", lines[0], StringComparison.Ordinal);
    }
}
