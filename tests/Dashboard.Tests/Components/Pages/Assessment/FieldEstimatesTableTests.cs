using Bunit;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Components.Pages.Assessment;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment;

public sealed class FieldEstimatesTableTests : IDisposable
{
    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Render_Estimates_RatesWithIntervalsAndFailuresMarked()
    {
        var estimates = new FieldCheckEstimates(
            140928,
            new RateEstimate(3.25, 1.1, 7.8, 120, 4, 1.4),
            new RateEstimate(0, 0, 2.9, 200, 0, null),
            new RateEstimate(92.5, 88.04, 95.6, 300, 277, 1.2));

        var table = _context.Render<FieldEstimatesTable>(p => p.Add(c => c.Estimates, estimates));

        var wrong = table.Find("tr[data-measure=WronglyExitedRate]");
        Assert.Equal("3.3 %", wrong.QuerySelector("[data-estimate]")!.TextContent);
        Assert.Equal("1.1 % – 7.8 %", wrong.QuerySelector("[data-interval]")!.TextContent);
        Assert.Contains("错退率", wrong.TextContent, StringComparison.Ordinal);
        // Above the 2 % standard: marked; the other two meet theirs.
        Assert.Equal("overdue", wrong.GetAttribute("class"));
        Assert.Null(table.Find("tr[data-measure=MissedRate]").GetAttribute("class"));
        var approval = table.Find("tr[data-measure=ApprovalRate]");
        Assert.Equal("88.0 % – 95.6 %", approval.QuerySelector("[data-interval]")!.TextContent);
        Assert.Null(approval.GetAttribute("class"));
        Assert.Contains("300 / 277", approval.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoRespondents_DashesInEnglish()
    {
        var none = new RateEstimate(null, null, null, 0, 0, null);
        var estimates = new FieldCheckEstimates(140928, none, none, new RateEstimate(85, 80, 89, 50, 42, 1.0));

        var table = _context.Render<FieldEstimatesTable>(p => p.Add(c => c.Estimates, estimates).Add(c => c.English, true));

        Assert.Equal("—", table.Find("tr[data-measure=MissedRate] [data-estimate]").TextContent);
        Assert.Contains("wrong-exit rate", table.Markup, StringComparison.Ordinal);
        Assert.Equal("overdue", table.Find("tr[data-measure=ApprovalRate]").GetAttribute("class"));
    }
}
