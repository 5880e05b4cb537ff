using Bunit;
using Microsoft.AspNetCore.Components;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Dashboard.Components.Pages.Assessment.Schemes;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Dashboard.Tests.Components.Pages.Assessment.Schemes;

/// <summary>One class's scorecard in the editor, rendered with bunit over the built-in scheme: edits come back as new
/// scorecards, a value that is not a number never does, and the validator's messages stand beside the item and field
/// they name.</summary>
public sealed class ScorecardEditorTests : IDisposable
{
    private const string FirstIndicator = "scorecards[0].dimensions[0].indicators[0]";
    private readonly BunitContext _context = new();
    private readonly AssessmentScheme _scheme = SchemeFile.Default(2025);
    private Scorecard? _changed;

    public void Dispose() => _context.Dispose();

    private IRenderedComponent<ScorecardEditor> Render(AssessmentScheme scheme, bool english = false) =>
        _context.Render<ScorecardEditor>(p => p
            .Add(c => c.Card, scheme.Scorecards[0])
            .Add(c => c.Path, "scorecards[0]")
            .Add(c => c.Problems, SchemeValidator.Validate(scheme, KpiCatalog.Default))
            .Add(c => c.English, english)
            .Add(c => c.CardChanged, EventCallback.Factory.Create<Scorecard>(this, card => _changed = card)));

    [Fact]
    public void PointsInput_Number_CardChangedWithTheNewPointsOnly()
    {
        var editor = Render(_scheme);

        editor.Find($"[data-path='{FirstIndicator}'][data-field='points'] input").Change("6");

        Assert.NotNull(_changed);
        Assert.Equal(6, _changed.Dimensions[0].Indicators[0].Points);
        Assert.Equal(_scheme.Scorecards[0].Dimensions[0].Indicators[1].Points, _changed.Dimensions[0].Indicators[1].Points);
        Assert.Equal(_scheme.Scorecards[0].Dimensions[0].Points, _changed.Dimensions[0].Points);
        // The scorecard the editor was given is untouched.
        Assert.Equal(5, _scheme.Scorecards[0].Dimensions[0].Indicators[0].Points);
    }

    [Fact]
    public void PointsInput_NotANumber_MarkedAndNothingChanged()
    {
        var editor = Render(_scheme);

        editor.Find($"[data-path='{FirstIndicator}'][data-field='points'] input").Change("五");

        Assert.Null(_changed);
        var field = editor.Find($"[data-path='{FirstIndicator}'][data-field='points']");
        Assert.Contains("invalid", field.ClassList);
        Assert.Equal("不是数字", field.QuerySelector("[data-not-a-number]")!.TextContent);
    }

    [Fact]
    public void Render_BadPoints_MessageBesideTheIndicatorAndItsFieldMarked()
    {
        var card = _scheme.Scorecards[0];
        var bad = _scheme with
        {
            Scorecards = [card with { Dimensions = [card.Dimensions[0] with { Indicators = [card.Dimensions[0].Indicators[0] with { Points = 0 }, .. card.Dimensions[0].Indicators.Skip(1)] }, .. card.Dimensions.Skip(1)] }, .. _scheme.Scorecards.Skip(1)],
        };

        var editor = Render(bad, english: true);

        var messages = editor.Find($"tr.problem-row [data-problems-for='{FirstIndicator}']");
        Assert.Contains("leadership_responsibility", messages.TextContent, StringComparison.Ordinal);
        Assert.Contains("points must be greater than 0", messages.QuerySelector("li[data-field='points']")!.TextContent, StringComparison.Ordinal);
        // The row above the messages is the indicator's, and its points field is the one marked.
        Assert.Equal("leadership_responsibility", messages.Closest("tr")!.PreviousElementSibling!.GetAttribute("data-item"));
        Assert.Contains("invalid", editor.Find($"[data-path='{FirstIndicator}'][data-field='points']").ClassList);
        Assert.DoesNotContain("invalid", editor.Find("[data-path='scorecards[0].dimensions[0].indicators[1]'][data-field='points']").ClassList);
        // The dimension no longer adds up: said beside the dimension, naming its field.
        Assert.Contains("differ from the sum", editor.Find("[data-problems-for='scorecards[0].dimensions[0]'] li[data-field='points']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleType_ChangedToAllOrNothing_RuleStartsFromTheTarget()
    {
        var card = _scheme.Scorecards[0];
        var (d, i) = card.Dimensions.SelectMany((dim, di) => dim.Indicators.Select((x, ii) => (Dimension: di, Index: ii, x.Rule)))
            .Where(x => x.Rule is LinearRule).Select(x => (x.Dimension, x.Index)).First();
        var linear = (LinearRule)card.Dimensions[d].Indicators[i].Rule;
        var editor = Render(_scheme);

        editor.Find($".rule-editor[data-path='scorecards[0].dimensions[{d}].indicators[{i}]'] select[data-field='rule.type']").Change("all_or_nothing");

        var rule = Assert.IsType<AllOrNothingRule>(_changed!.Dimensions[d].Indicators[i].Rule);
        Assert.Equal(linear.Target, rule.Threshold);
    }

    [Fact]
    public void SourceWeight_Cleared_RemovedFromTheWeights()
    {
        var editor = Render(_scheme);

        editor.Find("[data-path='scorecards[0]'][data-field='source_weights.self'] input").Change("");

        Assert.False(_changed!.SourceWeights.ContainsKey(EntrySource.Self));
        Assert.Equal(_scheme.Scorecards[0].SourceWeights[EntrySource.Cross], _changed.SourceWeights[EntrySource.Cross]);
    }
}
