using RevivalAnalytics.Dashboard.Data.Workbench;

namespace RevivalAnalytics.Dashboard.Tests.Data.Workbench;

public sealed class WorkbenchExportTests
{
    [Theory]
    [InlineData("各县 收入/2023", "v0003", "Xlsx", "各县_收入_2023_v0003.xlsx")]
    [InlineData(null, "export-3f7d", "Parquet", "query_export-3f7d.parquet")]
    [InlineData("../../etc/passwd", "v1", "Csv", ".._.._etc_passwd_v1.csv")]
    public void FileName_QueryNameAndVersion_SafeName(string? name, string version, string format, string expected)
    {
        Assert.Equal(expected, WorkbenchExport.FileName(name, version, Enum.Parse<WorkbenchExportFormat>(format)));
    }
}
