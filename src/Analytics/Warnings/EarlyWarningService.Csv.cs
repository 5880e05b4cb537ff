using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Warnings;

// The household list as CSV: the whole list in the query's order, in batches, masked personal data only.
public sealed partial class EarlyWarningService
{
    private const int ExportBatch = 5000;

    /// <summary>Writes the whole household list (all pages, in the query's sort order) as UTF-8 CSV with a BOM (so
    /// spreadsheet programs read the Chinese), masked personal data, header row in English column names.</summary>
    /// <param name="query">As for <see cref="GetHouseholdWarnings"/>; <see cref="WarningQuery.Page"/> and
    /// <see cref="WarningQuery.PageSize"/> are ignored.</param>
    /// <param name="output">Where to write; left open.</param>
    /// <param name="withRisk">Fills <see cref="HouseholdWarning.RiskProbability"/> and <see cref="HouseholdWarning.RiskFactors"/>
    /// for a batch of rows; when given, the CSV gains <c>risk_probability</c> (0–1) and <c>risk_factor_1..3</c> (Chinese
    /// names), empty where a household has no score. Called once per batch of 5,000 rows, so explaining is spread out.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>Rows written.</returns>
    /// <exception cref="MetricArgumentException">Bad period, county, prefecture, flag or sort column.</exception>
    public async Task<long> WriteHouseholdWarningsCsvAsync(
        WarningQuery query, Stream output, Func<IReadOnlyList<HouseholdWarning>, IReadOnlyList<HouseholdWarning>>? withRisk = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(output);
        var validated = query with { Page = 1, PageSize = 1 };
        var (year, sortKey, _, orderBy) = Prepare(validated, s_householdSort, "income", defaultDescending: false);
        var (sql, baseParameters) = HouseholdSql(validated, year, sortKey, orderBy);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await writer.WriteLineAsync(
            ("household_id,county_code,county_name,head_name_masked,head_id_number_masked,household_size,income,previous_income,income_change_percent,monitoring_line,monitoring_status,monitored_category,primary_risk_cause,below_line,sharp_drop,guarantee_gap"
             + (withRisk is null ? string.Empty : ",risk_probability,risk_factor_1,risk_factor_2,risk_factor_3"))
            .AsMemory(), cancellationToken);
        long written = 0;
        for (long offset = 0; ; offset += ExportBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parameters = new List<DuckDBParameter>(baseParameters) { new("limit", ExportBatch), new("offset", offset) };
            IReadOnlyList<HouseholdWarning> rows;
            using (var connection = _kpis.Connect())
            {
                (rows, _) = ReadHouseholds(connection, sql, parameters);
            }

            if (withRisk is not null)
            {
                rows = withRisk(rows);
            }

            foreach (var row in rows)
            {
                var line = CsvLine(row);
                if (withRisk is not null)
                {
                    line += RiskCsvCells(row);
                }

                await writer.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            written += rows.Count;
            if (rows.Count < ExportBatch)
            {
                break;
            }
        }

        await writer.FlushAsync(cancellationToken);
        return written;
    }

    private static string CsvLine(HouseholdWarning r)
    {
        static string Num(double? v) => v is { } d ? d.ToString("0.##", CultureInfo.InvariantCulture) : string.Empty;
        static string Int(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        return string.Join(',',
            r.HouseholdId.ToString(CultureInfo.InvariantCulture), Int(r.CountyCode), Csv.Field(r.CountyName), Csv.Field(r.HeadNameMasked),
            Csv.Field(r.HeadIdNumberMasked), Int(r.HouseholdSize), Num(r.Income), Num(r.PreviousIncome), Num(r.IncomeChangePercent),
            Num(r.MonitoringLine), Int(r.MonitoringStatus), Int(r.MonitoredCategory), Int(r.PrimaryRiskCause),
            r.BelowLine ? "1" : "0", r.SharpDrop ? "1" : "0", r.GuaranteeGap ? "1" : "0");
    }

    private static string RiskCsvCells(HouseholdWarning r)
    {
        var cells = new StringBuilder();
        cells.Append(',').Append(r.RiskProbability?.ToString("0.######", CultureInfo.InvariantCulture));
        for (var i = 0; i < 3; i++)
        {
            cells.Append(',');
            if (r.RiskFactors is { } factors && i < factors.Count)
            {
                cells.Append(Csv.Field(factors[i].Chinese));
            }
        }

        return cells.ToString();
    }
}
