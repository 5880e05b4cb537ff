using Bunit;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Components.Pages.Assessment;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment;

public sealed class FieldPlanTableTests : IDisposable
{
    private static readonly FieldFrameSize s_frame = new(
        140928, 2024, 80,
        new Dictionary<FieldStratum, int>
        {
            [FieldStratum.AlleviatedWithLabour] = 3000, [FieldStratum.AlleviatedWithoutLabour] = 1200,
            [FieldStratum.Monitored] = 400, [FieldStratum.Ordinary] = 5000,
        },
        ExitQuestion: 4300, MissedQuestion: 9200);

    private static readonly FieldCheckQuota s_quota = new(10, 120, 40, 60, 80);

    private readonly BunitContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void Render_BeforeDrawing_FrameQuotasAndNeededSizes()
    {
        var table = _context.Render<FieldPlanTable>(p => p.Add(c => c.Frame, s_frame).Add(c => c.Quota, s_quota).Add(c => c.MarginPercent, 2.0));

        Assert.Equal("120", table.Find("tr[data-stratum=AlleviatedWithLabour] [data-quota]").TextContent);
        Assert.Empty(table.FindAll("[data-drawn]"));
        Assert.Equal(
            FieldSampleSize.Required(2, 2, 4300).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            table.Find("#field-sizes tr[data-measure=WronglyExitedRate] [data-needed]").TextContent);
        Assert.Equal(
            FieldSampleSize.Required(90, 2, 9600).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            table.Find("#field-sizes tr[data-measure=ApprovalRate] [data-needed]").TextContent);
        Assert.Contains("±2 个百分点", table.Find("#field-sizes caption").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NarrowerMargin_NeedsMore()
    {
        var wide = _context.Render<FieldPlanTable>(p => p.Add(c => c.Frame, s_frame).Add(c => c.Quota, s_quota).Add(c => c.MarginPercent, 5.0));
        var narrow = _context.Render<FieldPlanTable>(p => p.Add(c => c.Frame, s_frame).Add(c => c.Quota, s_quota).Add(c => c.MarginPercent, 1.0));

        int Needed(IRenderedComponent<FieldPlanTable> t) =>
            int.Parse(t.Find("#field-sizes tr[data-measure=ApprovalRate] [data-needed]").TextContent.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Needed(narrow) > 4 * Needed(wide) / 2, $"{Needed(narrow)} vs {Needed(wide)}");
    }

    [Fact]
    public void Render_AfterDrawing_DrawnPerStratum()
    {
        var sample = new FieldSample
        {
            CountyCode = 140928, Year = 2024, Seed = 7, FrameVillages = 80, FrameHouseholds = s_frame.Households,
            Villages = [new SampledVillage(1, "甲村", 50, 0.125), new SampledVillage(2, "乙村", 60, 0.125)],
            Households =
            [
                new SampledHousehold(11, 1, FieldStratum.AlleviatedWithLabour, 30, true, true),
                new SampledHousehold(12, 2, FieldStratum.AlleviatedWithLabour, 30, true, true),
                new SampledHousehold(13, 2, FieldStratum.Ordinary, 40, false, true),
            ],
        };

        var table = _context.Render<FieldPlanTable>(p => p.Add(c => c.Frame, s_frame).Add(c => c.Quota, s_quota).Add(c => c.Sample, sample).Add(c => c.English, true));

        Assert.Equal("2", table.Find("tr[data-stratum=AlleviatedWithLabour] [data-drawn]").TextContent);
        Assert.Equal("0", table.Find("tr[data-stratum=Monitored] [data-drawn]").TextContent);
        Assert.Equal("3 (2 villages)", table.Find("[data-drawn-total]").TextContent);
    }
}
