using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Assessment;

/// <summary>
/// A field team for the demo and the tests: it "visits" the sampled households and answers from the truth the
/// generator planted beside its export (<c>_truth/household_truth</c>, docs/data-generator.md section 8), so the whole
/// loop — sample, field list, results, rates — runs without real teams, and the rates can be checked against the truth.
/// </summary>
public sealed class DemoFieldTeam
{
    /// <summary>The name the demo team signs its results with.</summary>
    public const string Name = "演示核查组 / demo field team";

    private readonly string _truthFolder;

    /// <summary>Creates the team over an export written by <c>revival generate</c>.</summary>
    /// <param name="exportDirectory">The export folder.</param>
    /// <exception cref="DirectoryNotFoundException">The export has no planted truth (it was not written by the
    /// generator, or by a version before the truth was planted).</exception>
    public DemoFieldTeam(string exportDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exportDirectory);
        _truthFolder = Path.Combine(Path.GetFullPath(exportDirectory), "_truth", "household_truth");
        if (!Directory.Exists(_truthFolder))
        {
            throw new DirectoryNotFoundException(
                $"导出 {exportDirectory} 中没有植入的真值(_truth/household_truth),演示核查组无法作答;请用 revival generate 重新生成 / " +
                $"the export {exportDirectory} has no planted truth (_truth/household_truth), so the demo team cannot answer; regenerate it with revival generate.");
        }
    }

    /// <summary>Whether <paramref name="exportDirectory"/> carries the planted truth.</summary>
    /// <param name="exportDirectory">An export folder.</param>
    public static bool HasTruth(string exportDirectory) =>
        Directory.Exists(Path.Combine(exportDirectory, "_truth", "household_truth"));

    /// <summary>The results of every sampled household of <paramref name="samples"/> (all of one year).</summary>
    /// <param name="samples">The samples.</param>
    /// <returns>Results by county.</returns>
    public IReadOnlyDictionary<int, IReadOnlyList<FieldResult>> Visit(IReadOnlyCollection<FieldSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var truth = Read(samples.Select(s => s.Year).Distinct().SingleOrDefault(), samples.SelectMany(s => s.Households).Select(h => h.HouseholdId).ToHashSet());
        return samples.ToDictionary(s => s.CountyCode, s => Answer(s, truth));
    }

    internal static IReadOnlyList<FieldResult> Answer(FieldSample sample, IReadOnlyDictionary<long, (bool Missed, bool Wrong, bool Approves)> truth) =>
        sample.Households.Select(h =>
        {
            var (missed, wrong, approves) = truth[h.HouseholdId];
            return new FieldResult(h.HouseholdId, h.AskExit ? !wrong : null, h.AskMissed ? missed : null, approves, Name,
                wrong && h.AskExit ? "不符合退出标准 / does not meet the exit standard" : missed && h.AskMissed ? "符合监测条件未识别 / meets the criteria, not identified" : null);
        }).ToList();

    /// <summary>The true rates, %, of a county's households in <paramref name="frame"/>'s year: what the sample
    /// estimates (wrong exits among exited, missed among those not in monitoring, approval among all).</summary>
    internal static (double WronglyExited, double Missed, double Approval) TrueRates(FieldFrame frame, IReadOnlyDictionary<long, (bool Missed, bool Wrong, bool Approves)> truth)
    {
        double Rate(Func<FrameHousehold, bool> applies, Func<(bool Missed, bool Wrong, bool Approves), bool> isCase)
        {
            var domain = frame.Households.Where(applies).ToList();
            return domain.Count == 0 ? double.NaN : 100.0 * domain.Count(h => isCase(truth[h.HouseholdId])) / domain.Count;
        }

        return (Rate(h => h.AskExit, t => t.Wrong), Rate(h => h.AskMissed, t => t.Missed), Rate(_ => true, t => t.Approves));
    }

    internal Dictionary<long, (bool Missed, bool Wrong, bool Approves)> Read(int year, HashSet<long> households)
    {
        using var database = DuckDbDatabase.Open();
        using var connection = database.Connect();
        var pattern = Path.Combine(_truthFolder, "**", "*.parquet");

        // A table function's path is not a bindable parameter: it is our own folder, quoted as a literal.
        var c = connection.QueryColumns(
            $"SELECT household_id, missed::INTEGER AS missed, wrongly_exited::INTEGER AS wrongly_exited, approves::INTEGER AS approves FROM read_parquet({SqlText.Literal(pattern)}, hive_partitioning = true) WHERE year = $1",
            year);
        var ids = c.GetInt64s("household_id");
        var missed = c.GetInt64s("missed");
        var wrong = c.GetInt64s("wrongly_exited");
        var approves = c.GetInt64s("approves");
        var truth = new Dictionary<long, (bool Missed, bool Wrong, bool Approves)>(households.Count);
        for (var i = 0; i < ids.Length; i++)
        {
            if (households.Contains(ids[i]))
            {
                truth[ids[i]] = (missed[i] != 0, wrong[i] != 0, approves[i] != 0);
            }
        }

        return truth;
    }
}
