using System.Globalization;
using System.Text;
using ScottPlot;

namespace RevivalAnalytics.Charts;

public static partial class Charts
{
    /// <summary>Writes <paramref name="plot"/> as a PNG.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    public static string SavePng(Plot plot, string path, int width = 800, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        plot.SavePng(full, width, height);
        return full;
    }

    /// <summary>
    /// Writes <paramref name="plot"/> as an SVG whose text is the labels' own characters. Skia's SVG writer maps each
    /// glyph back to a character through the font, and Noto CJK shares glyphs between ideographs and radicals (民 came
    /// back as ⺠ U+2EA0, 人 as ⼈ U+2F08): the text looked right but no longer searched or read aloud as the label.
    /// Such characters are mapped back to the ideographs of the plot's own labels that share their glyph.
    /// </summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="InvalidOperationException">A radical is left that no label explains.</exception>
    public static string SaveSvg(Plot plot, string path, int width = 800, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var svg = plot.GetSvgXml(width, height);
        var text = new StringBuilder(svg.Length);
        foreach (var rune in svg.EnumerateRunes())
        {
            text.Append(IsRadical(rune) ? Ideograph(rune) : rune.ToString());
        }

        File.WriteAllText(full, text.ToString());
        return full;
    }

    /// <summary>Kangxi radicals (U+2F00–U+2FDF) and the CJK radicals supplement (U+2E80–U+2EFF).</summary>
    internal static bool IsRadical(Rune rune) => rune.Value is >= 0x2E80 and <= 0x2FDF;

    private static string Ideograph(Rune radical)
    {
        // Kangxi radicals decompose to their ideograph (NFKC); the supplement's variants mostly do not.
        var normalized = radical.ToString().Normalize(NormalizationForm.FormKC);
        if (normalized.EnumerateRunes().All(r => !IsRadical(r)))
        {
            return normalized;
        }

        return s_supplement.TryGetValue(radical.Value, out var ideograph)
            ? ideograph
            : throw new InvalidOperationException($"SVG 中的部首 U+{radical.Value:X4} 无法还原为汉字。Radical U+{radical.Value:X4} in the SVG has no ideograph to map back to.");
    }

    // The supplement's radicals Skia wrote for our labels, with the ideograph whose glyph they share in Noto CJK SC.
    private static readonly Dictionary<int, string> s_supplement = new()
    {
        [0x2EA0] = "民",
        [0x2E8C] = "小",
        [0x2E97] = "心",
        [0x2EAB] = "目",
        [0x2EBC] = "肉",
        [0x2ECF] = "邑",
        [0x2ED6] = "阜",
        [0x2EC4] = "西",
        [0x2EA8] = "犬",
        [0x2EB7] = "羊",
        [0x2EC6] = "言",
        [0x2ED2] = "長",
        [0x2EE3] = "骨",
    };

    private const float TickSize = 12;
    private const float LabelSize = 13;
    private const float TitleSize = 15;
    private const float LegendSize = 12;

    /// <summary>
    /// How far down (in font sizes) a line of Noto Sans CJK must move to sit where ScottPlot means it to. ScottPlot
    /// places a line by the font's bounding box (top, bottom), and Noto CJK's reaches much further than a Latin font's
    /// (top −1.81, bottom 1.05 em against DejaVu's −1.23, 0.46): every label was drawn about 0.85 em too high, which cut
    /// the tops off the first legend line and pushed tick labels into the axis. Measured by rendering 0, 0.85 and 1.
    /// </summary>
    private const float CjkShift = 0.85f;

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(ChartPalette.FontName);
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Color(ChartPalette.Ink);
        plot.Grid.MajorLineColor = ChartPalette.Muted.WithAlpha(0.15);
        plot.Axes.Title.Label.OffsetY = CjkShift * TitleSize;
        plot.Axes.Bottom.Label.OffsetY = CjkShift * LabelSize;
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Bottom.TickLabelStyle.OffsetY = CjkShift * TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.OffsetY = CjkShift * TickSize;

        // The left label is turned a quarter: its "down" is to the right.
        plot.Axes.Left.Label.OffsetX = CjkShift * LabelSize;
        plot.Legend.IsVisible = false;
        return plot;
    }

    /// <summary>Shows the legend in the CJK font, inside the data area at <paramref name="alignment"/>.</summary>
    private static void Legend(Plot plot, Alignment alignment)
    {
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = alignment;
        plot.Legend.FontName = ChartPalette.FontName;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.OutlineColor = ChartPalette.Muted.WithAlpha(0.4);
    }

    /// <summary>A legend line whose label sits level with its symbol (see <see cref="CjkShift"/>).</summary>
    private static LegendItem Entry(Plot plot, string text)
    {
        var item = new LegendItem { LabelText = text, LabelFontName = ChartPalette.FontName, LabelFontSize = LegendSize, LabelOffsetY = CjkShift * LegendSize };
        plot.Legend.ManualItems.Add(item);
        return item;
    }

    /// <summary>Year ticks as 2015, not 2,015: whole years only.</summary>
    private static void Years(IAxis axis, IEnumerable<int> years)
    {
        var all = years.Distinct().Order().ToArray();
        if (all.Length == 0)
        {
            return;
        }

        var step = all.Length > 12 ? 2 : 1;
        axis.SetTicks([.. all.Where((_, i) => i % step == 0).Select(y => (double)y)], [.. all.Where((_, i) => i % step == 0).Select(y => y.ToString(CultureInfo.InvariantCulture))]);
    }

    private static void Percent(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("0.#%", CultureInfo.InvariantCulture) };

    /// <summary>Series 0 in the full colour, later series lighter.</summary>
    private static Color Shade(Color colour, int series) => series == 0 ? colour : colour.Lighten(Math.Min(0.8, 0.3 * series));
}
