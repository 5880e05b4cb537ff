using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace RevivalAnalytics.Assessment;

/// <summary>A column of a written sheet: header and width (characters).</summary>
internal sealed record XlsxColumn(string Header, double Width);

/// <summary>A sheet to write: name, columns, rows (streamed: rows are enumerated once, while writing).</summary>
internal sealed record XlsxSheet(string Name, IReadOnlyList<XlsxColumn> Columns, IEnumerable<object?[]> Rows);

/// <summary>A row read back: its 1-based spreadsheet row number and its cells by column letter.</summary>
internal sealed record XlsxRow(int Number, IReadOnlyDictionary<string, object?> Cells)
{
    public object? this[string column] => Cells.GetValueOrDefault(column);
}

/// <summary>
/// The thin layer over MiniExcel that the workbooks share: streamed writing with frozen, filtered header rows and
/// column widths, and reading by column letter with real row numbers (so messages can name row and column).
/// </summary>
internal static class Xlsx
{
    public static void Write(Stream stream, params XlsxSheet[] sheets)
    {
        var book = new Dictionary<string, object>();
        var widths = new List<DynamicExcelColumn>();
        foreach (var sheet in sheets)
        {
            book[sheet.Name] = sheet.Rows.Select(r => ToRow(sheet.Columns, r));
            widths.AddRange(sheet.Columns.Select(c => new DynamicExcelColumn(c.Header) { Width = c.Width }));
        }

        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = true,
            TableStyles = TableStyles.Default,
            DynamicColumns = widths.DistinctBy(w => w.Key).ToArray(),
            EnableWriteNullValueCell = true,
            Culture = CultureInfo.InvariantCulture,
        };
        stream.SaveAs(book, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
    }

    // Keys must be unique per sheet; values keep their types (numbers stay numbers in Excel).
    private static Dictionary<string, object?> ToRow(IReadOnlyList<XlsxColumn> columns, object?[] values)
    {
        var row = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            row[columns[i].Header] = i < values.Length ? values[i] : null;
        }

        return row;
    }

    /// <summary>The sheet's rows, header first (row 1), or null when the workbook has no sheet of that name (or no
    /// sheet at all when <paramref name="sheet"/> is null).</summary>
    /// <exception cref="EntryImportException">The stream is not an XLSX workbook.</exception>
    public static List<XlsxRow>? Read(Stream stream, string fileName, string? sheet)
    {
        try
        {
            var names = stream.GetSheetNames();
            if (sheet is not null && !names.Contains(sheet))
            {
                return null;
            }

            var rows = new List<XlsxRow>();
            var number = 0;
            var configuration = new OpenXmlConfiguration { IgnoreEmptyRows = false, FillMergedCells = false };
            foreach (IDictionary<string, object?> cells in stream.Query(useHeaderRow: false, sheetName: sheet ?? names.FirstOrDefault(), configuration: configuration))
            {
                number++;
                rows.Add(new XlsxRow(number, new Dictionary<string, object?>(cells, StringComparer.Ordinal)));
            }

            return rows;
        }
        catch (Exception error) when (error is InvalidDataException or IOException or InvalidOperationException or System.Xml.XmlException or NotSupportedException)
        {
            throw new EntryImportException(fileName, [new EntryProblem(null, "file", $"不是有效的 XLSX 工作簿:{error.Message}", $"not a valid XLSX workbook: {error.Message}")]);
        }
    }

    /// <summary>Column letter of a 0-based index (0 → A, 26 → AA).</summary>
    public static string Letter(int index)
    {
        var letters = string.Empty;
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            letters = (char)('A' + (i - 1) % 26) + letters;
        }

        return letters;
    }

    /// <summary>Problems of a header row: every expected header must stand in its column.</summary>
    public static List<EntryProblem> CheckHeader(XlsxRow? header, IReadOnlyList<XlsxColumn> columns)
    {
        var problems = new List<EntryProblem>();
        for (var i = 0; i < columns.Count; i++)
        {
            var letter = Letter(i);
            var found = Text(header?[letter]);
            if (!string.Equals(found, columns[i].Header, StringComparison.Ordinal))
            {
                problems.Add(new EntryProblem(1, letter, $"表头应为“{columns[i].Header}”,实为“{found}”(请使用系统生成的模板)",
                    $"the header should be \"{columns[i].Header}\", found \"{found}\" (use the template the application generates)"));
            }
        }

        return problems;
    }

    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s.Trim(),
        double d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()?.Trim() ?? string.Empty,
    };

    /// <summary>A cell as a number: null when blank or "—", NaN when it is text that is not a number.</summary>
    public static double? Number(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case double d:
                return d;
            case IConvertible c when value is not string:
                return c.ToDouble(CultureInfo.InvariantCulture);
        }

        var text = Text(value);
        if (text.Length == 0 || text is "—" or "-")
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
    }
}
