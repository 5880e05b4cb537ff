using Bunit;
using RevivalAnalytics.Dashboard.Components.Shared;
using RevivalAnalytics.Dashboard.Data;

namespace RevivalAnalytics.Dashboard.Tests.Components.Shared;

public sealed class ProblemNoticeTests
{
    [Fact]
    public void Render_Forbidden_SaysOutsideScopeAndNamesTheParameter()
    {
        using var context = new BunitContext();

        var notice = context.Render<ProblemNotice>(parameters => parameters.Add(p => p.Problem, new ParameterProblem("county", "140105 不在您的数据范围内", "140105 is outside your data scope", 403)));

        Assert.StartsWith("超出您的权限或数据范围", notice.Find("h2").TextContent, StringComparison.Ordinal);
        Assert.Equal("county", notice.Find("[data-parameter]").GetAttribute("data-parameter"));
        Assert.Contains("140105 is outside your data scope", notice.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BadRequest_SaysInvalidRequest()
    {
        using var context = new BunitContext();

        var notice = context.Render<ProblemNotice>(parameters => parameters.Add(p => p.Problem, new ParameterProblem("year", "年份无效", "bad year")));

        Assert.Equal("参数有误 / Invalid request", notice.Find("h2").TextContent);
    }
}
