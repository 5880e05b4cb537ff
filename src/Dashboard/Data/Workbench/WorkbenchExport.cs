using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace RevivalAnalytics.Dashboard.Data.Workbench;

/// <summary>The formats a workbench result is exported in.</summary>
internal enum WorkbenchExportFormat
{
    Csv,
    Xlsx,
    Parquet,
}

/// <summary>What an export wrote.</summary>
internal sealed record WorkbenchExportResult(long Rows, string DataVersion, bool Capped);

/// <summary>
/// Exports a workbench statement's whole result, at most <see cref="RowCap"/> rows, as CSV, XLSX or Parquet. The sandbox
/// cannot write files (that is the point of it), so rows are read from its reader and written here by trusted writers:
/// our CSV writer, MiniExcel (XLSX, streamed row by row) and Parquet.Net (row groups of <see cref="RowGroupSize"/> rows).
/// Memory stays bounded by the sandbox's memory limit for the result and one row group on our side; the caller's token
/// stops the writing between rows.
/// </summary>
internal sealed partial class WorkbenchExport(WorkbenchSandbox sandbox)
{
    /// <summary>An export stops after this many rows (documented in docs/workbench.md).</summary>
    public const int RowCap = 1_000_000;

    /// <summary>Rows per Parquet row group.</summary>
    public const int RowGroupSize = 65_536;

    /// <summary>Runs <paramref name="sql"/> in <paramref name="user"/>'s scope's sandbox (queued like any of the user's
    /// statements) and writes its rows to <paramref name="output"/>.</summary>
    /// <exception cref="WorkbenchQueryException">Refused, failed or hit a limit.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<WorkbenchExportResult> WriteAsync(WorkbenchExportFormat format, string sql, IReadOnlyDictionary<string, string> parameterValues,
        WorkbenchUser user, Stream output, CancellationToken cancellationToken)
    {
        var text = WorkbenchService.Trimmed(sql);
        var parameters = WorkbenchService.Parameters(text, parameterValues);
        try
        {
            sandbox.Check(user.Scope, text, parameters);
            // One row beyond the cap tells whether the result was cut.
            return await sandbox.RunAsync(user, $"SELECT * FROM (\n{text}\n) AS q LIMIT {RowCap + 1}", parameters, null, async (reader, version) =>
            {
                var rows = format switch
                {
                    WorkbenchExportFormat.Csv => await WriteCsvAsync(reader, output, cancellationToken),
                    WorkbenchExportFormat.Xlsx => WriteXlsx(reader, output, cancellationToken),
                    _ => await WriteParquetAsync(reader, output, cancellationToken),
                };
                return new WorkbenchExportResult(Math.Min(rows, RowCap), version, rows > RowCap);
            }, cancellationToken);
        }
        catch (SqlQueryException e)
        {
            throw new WorkbenchQueryException(new WorkbenchError(e.MessageZh, e.MessageEn, e.Detail, SqlErrorPosition.Find(e.Detail, text, WorkbenchService.LineShift)), e);
        }
    }

    /// <summary>The download's file name: the query's name (or "query") and the data version, safe in any file system.</summary>
    public static string FileName(string? queryName, string dataVersion, WorkbenchExportFormat format)
    {
        static string Safe(string text) =>
            new(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

        var name = string.IsNullOrWhiteSpace(queryName) ? "query" : Safe(queryName.Trim());
        if (name.Length > 80)
        {
            name = name[..80];
        }

        return $"{name}_{Safe(dataVersion)}.{format.ToString().ToLowerInvariant()}";
    }

    private static async Task<long> WriteCsvAsync(DuckDBDataReader reader, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        var count = reader.FieldCount;
        await writer.WriteLineAsync(string.Join(",", Enumerable.Range(0, count).Select(i => RevivalAnalytics.Csv.Field(reader.GetName(i)))));
        var line = new StringBuilder();
        long rows = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++rows > RowCap)
            {
                break;
            }

            line.Clear();
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(RevivalAnalytics.Csv.Field(SqlQueryService.Text(SqlQueryService.Cell(reader, i))));
            }

            await writer.WriteLineAsync(line, cancellationToken);
        }

        return rows;
    }

    // MiniExcel pulls the rows from this sequence one at a time while it writes the sheet.
    private static long WriteXlsx(DuckDBDataReader reader, Stream output, CancellationToken cancellationToken)
    {
        var names = UniqueNames(reader);
        long rows = 0;
        IEnumerable<Dictionary<string, object?>> Rows()
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++rows > RowCap)
                {
                    yield break;
                }

                var row = new Dictionary<string, object?>(names.Count, StringComparer.Ordinal);
                for (var i = 0; i < names.Count; i++)
                {
                    row[names[i]] = SqlQueryService.Cell(reader, i);
                }

                yield return row;
            }
        }

        var configuration = new MiniExcelLibs.OpenXml.OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            EnableWriteNullValueCell = true,
            Culture = CultureInfo.InvariantCulture,
        };
        MiniExcelLibs.MiniExcel.SaveAs(output, Rows(), printHeader: true, sheetName: "result", excelType: MiniExcelLibs.ExcelType.XLSX, configuration: configuration);
        return rows;
    }

    // A result may repeat a column name (two tables' county_code); a sheet's header and a dictionary may not.
    private static List<string> UniqueNames(DuckDBDataReader reader)
    {
        var names = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i);
            var candidate = name;
            for (var n = 2; names.Contains(candidate, StringComparer.Ordinal); n++)
            {
                candidate = string.Create(CultureInfo.InvariantCulture, $"{name}_{n}");
            }

            names.Add(candidate);
        }

        return names;
    }
}
