using Bunit;
using RevivalAnalytics.Dashboard.Components.Pages.Admin;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Admin;

public sealed class AdminNavTests
{
    [Fact]
    public void Render_English_FiveTabsKeepingTheLanguage()
    {
        using var context = new BunitContext();

        var nav = context.Render<AdminNav>(parameters => parameters.Add(p => p.Lang, "en"));

        var links = nav.FindAll("a");
        Assert.Equal(["/admin/users?lang=en", "/admin/roles?lang=en", "/admin/scopes?lang=en", "/admin/audit?lang=en", "/assessment/schemes?lang=en"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal(["Users", "Roles", "Data scopes", "Audit log", "Assessment schemes"], links.Select(a => a.TextContent));
    }

    [Fact]
    public void Render_Chinese_ShortLinksChineseNames()
    {
        using var context = new BunitContext();

        var nav = context.Render<AdminNav>();

        Assert.Equal("/admin/audit", nav.FindAll("a")[3].GetAttribute("href"));
        Assert.Equal("审计日志", nav.FindAll("a")[3].TextContent);
    }
}
