using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// Fonts for the reports. PDFsharp embeds TrueType fonts with glyf outlines only (Debian's Noto CJK is CFF in a
/// collection, which it cannot read), so Chinese comes from Droid Sans Fallback (fonts-droid-fallback) and Latin text,
/// digits and symbols from Liberation Sans (fonts-liberation), which has the bold face Droid lacks. Text is split into
/// runs by script and each run drawn in its font.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Cjk = "RevivalCjk";
    public const string Latin = "RevivalLatin";

    private static readonly string[] s_folders = ["/usr/share/fonts/truetype", "/usr/local/share/fonts", "/usr/share/fonts"];
    private static readonly Lock s_lock = new();
    private static bool s_installed;
    private readonly Dictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    private ReportFonts()
    {
        _faces["cjk"] = File.ReadAllBytes(Find("DroidSansFallbackFull.ttf", "fonts-droid-fallback"));
        _faces["latin"] = File.ReadAllBytes(Find("LiberationSans-Regular.ttf", "fonts-liberation"));
        _faces["latin-bold"] = File.ReadAllBytes(Find("LiberationSans-Bold.ttf", "fonts-liberation"));
    }

    /// <summary>Installs the resolver once per process.</summary>
    /// <exception cref="FileNotFoundException">A font file is missing; the message names the Debian package.</exception>
    public static void Install()
    {
        lock (s_lock)
        {
            if (!s_installed)
            {
                GlobalFontSettings.FontResolver = new ReportFonts();
                s_installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        Cjk => new FontResolverInfo("cjk", bold, false),
        _ => new FontResolverInfo(bold ? "latin-bold" : "latin"),
    };

    public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);

    private static string Find(string file, string package)
    {
        foreach (var folder in s_folders.Where(Directory.Exists))
        {
            var found = Directory.EnumerateFiles(folder, file, SearchOption.AllDirectories).FirstOrDefault();
            if (found is not null)
            {
                return found;
            }
        }

        throw new FileNotFoundException(
            $"找不到报告所需字体 {file}(Debian 软件包 {package},由 eng/setup.sh 安装)/ font {file} for the reports is missing (Debian package {package}, installed by eng/setup.sh)", file);
    }

    /// <summary>Whether a character is drawn with the CJK font.</summary>
    public static bool IsCjk(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFFEF';
}

/// <summary>
/// A small page-layout helper over PDFsharp for the reports: A4 pages with a header line and page numbers, a cursor
/// that moves down, mixed Chinese/Latin text with wrapping, tables whose header repeats on new pages, and images.
/// </summary>
internal sealed class PdfCanvas
{
    public const double Margin = 42;
    private const double FooterHeight = 24;

    private readonly PdfDocument _document;
    private readonly string _header;
    private readonly Dictionary<(string, double, bool), XFont> _fonts = [];
    private XGraphics? _graphics;

    public PdfCanvas(string title, string header)
    {
        ReportFonts.Install();
        _document = new PdfDocument();
        _document.Info.Title = title;
        _document.Info.Creator = "RevivalAnalytics";
        _header = header;
        NewPage();
    }

    public double Y { get; set; }

    public double Width => PageWidth - 2 * Margin;

    // A4 in points.
    private const double PageWidth = 595.28;

    private double Bottom => _page!.Height.Point - Margin - FooterHeight;

    private PdfPage? _page;

    public void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        Text(_header, Margin, Margin - 22, 8, XColors.Gray);
        _graphics.DrawLine(new XPen(XColors.LightGray, 0.5), Margin, Margin - 8, PageWidth - Margin, Margin - 8);
        Y = Margin;
    }

    /// <summary>Starts a new page when less than <paramref name="height"/> is left.</summary>
    public void Need(double height)
    {
        if (Y + height > Bottom)
        {
            NewPage();
        }
    }

    public void Gap(double height) => Y += height;

    public void Heading(string text, double size = 13)
    {
        Need(size * 2.6);
        Y += size * 0.5;
        Text(text, Margin, Y, size, XColors.Black, bold: true);
        Y += size * 1.6;
    }

    public void Paragraph(string text, double size = 9.5, XColor? color = null)
    {
        foreach (var line in Wrap(text, Width, size, bold: false))
        {
            Need(size * 1.5);
            Text(line, Margin, Y, size, color ?? XColors.Black);
            Y += size * 1.5;
        }
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y), switching fonts by script.</summary>
    public double Text(string text, double x, double y, double size, XColor color, bool bold = false)
    {
        var brush = new XSolidBrush(color);
        foreach (var (run, cjk) in Runs(text))
        {
            var font = Font(cjk, size, bold);
            // Both fonts sit on one baseline: the ascent of the larger CJK face sets it.
            var baseline = y + size * 0.88;
            _graphics!.DrawString(run, font, brush, x, baseline, XStringFormats.BaseLineLeft);
            x += _graphics.MeasureString(run, font).Width;
        }

        return x;
    }

    public double Measure(string text, double size, bool bold = false) =>
        Runs(text).Sum(r => _graphics!.MeasureString(r.Text, Font(r.Cjk, size, bold)).Width);

    public List<string> Wrap(string text, double width, double size, bool bold)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = string.Empty;
            var i = 0;
            while (i < paragraph.Length)
            {
                // A Latin word stays whole; a CJK character may break anywhere.
                var end = i + 1;
                if (!ReportFonts.IsCjk(paragraph[i]) && paragraph[i] != ' ')
                {
                    while (end < paragraph.Length && !ReportFonts.IsCjk(paragraph[end]) && paragraph[end] != ' ')
                    {
                        end++;
                    }
                }

                var piece = paragraph[i..end];

                // A word wider than the column (a long id) breaks by character rather than spilling over.
                while (piece.Length > 1 && Measure(piece, size, bold) > width)
                {
                    var fit = piece.Length - 1;
                    while (fit > 1 && Measure(piece[..fit], size, bold) > width)
                    {
                        fit--;
                    }

                    if (line.Length > 0)
                    {
                        lines.Add(line.TrimEnd());
                        line = string.Empty;
                    }

                    lines.Add(piece[..fit]);
                    piece = piece[fit..];
                }

                if (line.Length > 0 && Measure(line + piece, size, bold) > width)
                {
                    lines.Add(line.TrimEnd());
                    line = piece.TrimStart();
                }
                else
                {
                    line += piece;
                }

                i = end;
            }

            lines.Add(line.TrimEnd());
        }

        return lines;
    }

    public void Rectangle(double x, double y, double width, double height, XColor fill, XColor? stroke = null)
    {
        if (stroke is { } s)
        {
            _graphics!.DrawRectangle(new XPen(s, 0.5), new XSolidBrush(fill), x, y, width, height);
        }
        else
        {
            _graphics!.DrawRectangle(new XSolidBrush(fill), x, y, width, height);
        }
    }

    public void Image(byte[] png, double width)
    {
        using var stream = new MemoryStream(png);
        using var image = XImage.FromStream(stream);
        var height = width * image.PixelHeight / image.PixelWidth;
        Need(height + 6);
        _graphics!.DrawImage(image, Margin + (Width - width) / 2, Y, width, height);
        Y += height + 6;
    }

    /// <summary>A table: relative column widths, a header row (repeated on each new page), rows of cells that wrap.
    /// <paramref name="shade"/> may colour a row's background.</summary>
    public void Table(IReadOnlyList<(string Header, double Width)> columns, IEnumerable<string[]> rows, double size = 8, Func<int, string[], XColor?>? shade = null)
    {
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => c.Width / total * Width).ToArray();
        const double Pad = 3;
        double RowHeight(string[] cells, bool bold) =>
            cells.Select((c, i) => Wrap(c, widths[i] - 2 * Pad, size, bold).Count).Max() * size * 1.35 + 2 * Pad;

        void DrawRow(string[] cells, bool bold, XColor fill)
        {
            var height = RowHeight(cells, bold);
            var x = Margin;
            for (var i = 0; i < cells.Length; i++)
            {
                Rectangle(x, Y, widths[i], height, fill, XColors.Silver);
                var lineY = Y + Pad;
                foreach (var line in Wrap(cells[i], widths[i] - 2 * Pad, size, bold))
                {
                    Text(line, x + Pad, lineY, size, XColors.Black, bold);
                    lineY += size * 1.35;
                }

                x += widths[i];
            }

            Y += height;
        }

        var header = columns.Select(c => c.Header).ToArray();
        var headerFill = XColor.FromArgb(232, 238, 247);
        Need(RowHeight(header, true) * 2);
        DrawRow(header, true, headerFill);
        var index = 0;
        foreach (var row in rows)
        {
            var height = RowHeight(row, false);
            if (Y + height > Bottom)
            {
                NewPage();
                DrawRow(header, true, headerFill);
            }

            DrawRow(row, false, shade?.Invoke(index, row) ?? XColors.White);
            index++;
        }

        Y += 6;
    }

    /// <summary>Numbers the pages (页码 n / N) and saves the document.</summary>
    public void Save(Stream stream)
    {
        _graphics?.Dispose();
        _graphics = null;
        var count = _document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var graphics = XGraphics.FromPdfPage(_document.Pages[i], XGraphicsPdfPageOptions.Append);
            _graphics = graphics;
            var label = string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 页 / 共 {count} 页 · page {i + 1} of {count}");
            Text(label, PageWidth - Margin - Measure(label, 8), _document.Pages[i].Height.Point - Margin + 4, 8, XColors.Gray);
        }

        _graphics = null;
        _document.Save(stream, closeStream: false);
    }

    private XFont Font(bool cjk, double size, bool bold)
    {
        var key = (cjk ? ReportFonts.Cjk : ReportFonts.Latin, size, bold);
        if (!_fonts.TryGetValue(key, out var font))
        {
            font = new XFont(key.Item1, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
            _fonts[key] = font;
        }

        return font;
    }

    private static IEnumerable<(string Text, bool Cjk)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || ReportFonts.IsCjk(text[i]) != ReportFonts.IsCjk(text[start]))
            {
                if (i > start)
                {
                    yield return (text[start..i], ReportFonts.IsCjk(text[start]));
                }

                start = i;
            }
        }
    }
}
