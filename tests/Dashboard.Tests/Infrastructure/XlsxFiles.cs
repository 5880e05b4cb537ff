using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.Dashboard.Tests.Infrastructure;

/// <summary>Reads a workbook the app wrote and writes an edited copy, the way a user fills one in: through the
/// analytics layer's own XLSX helper, so the file has the app's sheet, headers and column letters.</summary>
internal static class XlsxFiles
{
    /// <summary>The data rows of <paramref name="sheet"/> (the header left out), each as cells A, B, … up to
    /// <paramref name="columns"/>.</summary>
    public static List<object?[]> Rows(byte[] xlsx, string sheet, int columns)
    {
        using var stream = new MemoryStream(xlsx);
        var rows = Xlsx.Read(stream, "test.xlsx", sheet) ?? throw new InvalidOperationException($"no sheet {sheet}");
        return [.. rows.Skip(1).Select(r => Enumerable.Range(0, columns).Select(i => r[Xlsx.Letter(i)]).ToArray())];
    }

    /// <summary>A workbook of one sheet with the given headers and rows.</summary>
    public static byte[] Write(string sheet, IReadOnlyList<XlsxColumn> columns, IEnumerable<object?[]> rows)
    {
        using var stream = new MemoryStream();
        Xlsx.Write(stream, new XlsxSheet(sheet, columns, rows));
        return stream.ToArray();
    }

    /// <summary>A multipart form with <paramref name="xlsx"/> as its <c>file</c>.</summary>
    public static MultipartFormDataContent Form(byte[] xlsx, string fileName)
    {
        var file = new ByteArrayContent(xlsx);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    /// <summary>What a field team writes in the field list: every question that applies answered (exit correct, not
    /// missed, approves), and who checked.</summary>
    public static void AnswerFieldList(List<object?[]> rows)
    {
        foreach (var r in rows)
        {
            r[11] = Xlsx.Text(r[11]) == "—" ? "—" : "是";
            r[12] = Xlsx.Text(r[12]) == "—" ? "—" : "否";
            r[13] = "是";
            r[14] = "核查组 A";
        }
    }
}
