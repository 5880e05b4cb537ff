using System.Runtime.CompilerServices;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Data.Generation;

/// <summary>
/// The truth planted for the post-assessment's field check (docs/data-generator.md section 8): per household and year,
/// whether it was missed (met the identification criteria but the simulation's detection, p = 0.78 / 0.82 / 0.88, did
/// not catch it), whether its exit was wrong, and whether it approves. Drawn from streams of their own, so the contract
/// tables are the same with or without it. Written beside the export under <c>_truth/</c>, which the contract, the
/// importer and the SQL views ignore.
/// </summary>
internal sealed class TruthRates
{
    private const ulong CountyStream = 12;
    private static readonly ConditionalWeakTable<ProvinceModel, TruthRates> s_cache = [];

    private TruthRates(ProvinceModel model)
    {
        WrongExit = new double[model.Count];
        Approval = new double[model.Count];
        for (var k = 0; k < model.Count; k++)
        {
            var rng = SimRandom.ForStream(model.Options.Seed, CountyStream, k);

            // Median 0.8 % of exits wrong, spread so that some counties pass 2 %; key counties a little more often.
            var classFactor = model.Classes[k] == CountyClass.KeyAssistance ? 1.3 : 1.0;
            WrongExit[k] = Math.Min(0.08, classFactor * Math.Exp(Math.Log(0.008) + 0.7 * rng.Normal()));
            var classApproval = model.Classes[k] switch
            {
                CountyClass.KeyAssistance => 0.91,
                CountyClass.Overall => 0.93,
                _ => 0.95,
            };
            Approval[k] = Math.Clamp(classApproval + 0.025 * rng.Normal(), 0.75, 0.995);
        }
    }

    /// <summary>County base rate of wrong exits.</summary>
    public double[] WrongExit { get; }

    /// <summary>County base probability that a household approves.</summary>
    public double[] Approval { get; }

    public static TruthRates For(ProvinceModel model) => s_cache.GetValue(model, m => new TruthRates(m));
}

internal sealed partial class HouseholdSimulator
{
    private const ulong TruthStream = 11;
    private readonly TruthRates _truth;

    // One stream per household-year, so the truth of a year does not depend on the branches taken in other years.
    private void PlantTruth(HouseholdBatch batch, int r, long householdIndex, int county, sbyte type, bool missed, double marginOverLine, bool guaranteesOk, double primarySeverity)
    {
        var rng = SimRandom.ForStream(_seed, TruthStream, householdIndex * 64 + batch.Year[r] % 64);
        var status = batch.MonitoringStatus[r];
        var exited = (type == HouseholdType.PovertyAlleviated && status == MonitoringStatus.NotMonitored) || status == MonitoringStatus.RiskEliminated;
        var fragile = marginOverLine < 1.2 || !guaranteesOk;
        var wrong = rng.Chance(Math.Min(0.6, _truth.WrongExit[county] * (fragile ? 4 : 1)));
        var approves = rng.Chance(Math.Clamp(_truth.Approval[county] - (primarySeverity >= 0.3 ? 0.12 : 0) - (guaranteesOk ? 0 : 0.15) - (missed ? 0.1 : 0), 0.3, 0.995));
        batch.TruthMissed[r] = missed;
        batch.TruthWronglyExited[r] = exited && wrong;
        batch.TruthApproves[r] = approves;
    }
}

internal sealed partial class HouseholdBatch
{
    private bool[]? _truthMissed;
    private bool[]? _truthWronglyExited;
    private bool[]? _truthApproves;

    public bool[] TruthMissed => _truthMissed ??= new bool[YearRows];

    public bool[] TruthWronglyExited => _truthWronglyExited ??= new bool[YearRows];

    public bool[] TruthApproves => _truthApproves ??= new bool[YearRows];

    public ColumnTable TruthTable() => new(TruthSink.Table, YearRows,
    [
        new("household_id", "BIGINT", false, YearHouseholdId),
        new("year", "SMALLINT", false, Year),
        new("county_code", "INTEGER", false, YearCountyCode),
        new("missed", "BOOLEAN", false, TruthMissed),
        new("wrongly_exited", "BOOLEAN", false, TruthWronglyExited),
        new("approves", "BOOLEAN", false, TruthApproves),
    ]);
}

/// <summary>Writes the planted truth to <c>_truth/household_truth/year=YYYY/</c> of the export being assembled.</summary>
internal sealed class TruthSink(DuckDB.NET.Data.DuckDBConnection connection, string folder)
{
    /// <summary>Folder of the truth beside the contract's tables.</summary>
    public const string Folder = "_truth";

    /// <summary>The table (and sub-folder) of household truth.</summary>
    public const string Table = "household_truth";

    private const long FlushRows = 4_000_000;
    private long _pending;
    private int _flushes;
    private bool _created;

    public void Add(HouseholdBatch batch)
    {
        var table = batch.TruthTable();
        if (!_created)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\" {c.SqlType} NOT NULL"));
            connection.Execute($"CREATE TABLE {Table} ({columns})");
            _created = true;
        }

        connection.AppendColumns(Table, table.RowCount, table.Columns.Select(c => c.Values).ToArray());

        _pending += table.RowCount;
        if (_pending >= FlushRows)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (!_created || _pending == 0)
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(folder, Folder));
        connection.Execute(
            $"COPY {Table} TO {SqlText.Literal(Path.Combine(folder, Folder, Table))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year), WRITE_PARTITION_COLUMNS true, " +
            $"OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'part-{_flushes:D5}-{{i}}')");
        connection.Execute($"DELETE FROM {Table}");
        _pending = 0;
        _flushes++;
    }
}
