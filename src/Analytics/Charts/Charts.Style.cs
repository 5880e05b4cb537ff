using System.Globalization;
using System.Text;
using ScottPlot;
using SkiaSharp;

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
    /// back as ⺠ U+2EA0, 人 as ⼈ U+2F08, 风 as ⻛ U+2EDB): the text looked right but no longer searched or read aloud
    /// as the label. Each such radical is written as the ideograph that has the same glyph in the font.
    /// </summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="InvalidOperationException">A radical whose glyph no ideograph shares (none seen so far).</exception>
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

    // Per glyph of the chart font, the first unified ideograph (U+4E00–U+9FFF) drawn with it.
    private static readonly Lazy<Dictionary<ushort, int>> s_ideographOfGlyph = new(() =>
    {
        using var typeface = SKTypeface.FromFamilyName(ChartPalette.FontName);
        using var font = new SKFont(typeface);
        var map = new Dictionary<ushort, int>();
        for (var codePoint = 0x4E00; codePoint <= 0x9FFF; codePoint++)
        {
            var glyph = font.GetGlyph(codePoint);
            if (glyph != 0)
            {
                map.TryAdd(glyph, codePoint);
            }
        }

        return map;
    });

    private static string Ideograph(Rune radical)
    {
        using var typeface = SKTypeface.FromFamilyName(ChartPalette.FontName);
        using var font = new SKFont(typeface);
        if (s_ideographOfGlyph.Value.TryGetValue(font.GetGlyph(radical.Value), out var ideograph))
        {
            return char.ConvertFromUtf32(ideograph);
        }

        // Kangxi radicals also decompose to their ideograph (NFKC).
        var normalized = radical.ToString().Normalize(NormalizationForm.FormKC);
        return normalized.EnumerateRunes().All(r => !IsRadical(r))
            ? normalized
            : throw new InvalidOperationException($"SVG 中的部首 U+{radical.Value:X4} 无法还原为汉字。Radical U+{radical.Value:X4} in the SVG has no ideograph to map back to.");
    }

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
