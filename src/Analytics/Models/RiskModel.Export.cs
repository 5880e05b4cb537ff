using System.Globalization;

namespace RevivalAnalytics.Models;

public sealed partial class RiskModel
{
    /// <summary>
    /// Writes exactly the rows, features, labels and split that <see cref="Train"/> uses, as <c>train.csv</c>,
    /// <c>calibration.csv</c> and <c>test.csv</c> (columns: household_id, cutoff_year, county_class, label, weight, then
    /// the features; empty = missing), so other learners can be compared on the same problem (bench/models). The
    /// training rows are the ones <see cref="Train"/> samples, with its weights.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="folder">The output folder (created).</param>
    /// <param name="options">The training settings whose sampling to repeat; null for the defaults.</param>
    /// <returns>Rows written per split.</returns>
    /// <exception cref="ModelException">Too little history, or unreadable data.</exception>
    public static IReadOnlyDictionary<string, int> ExportTrainingData(ModelDataSource data, string folder, RiskModelOptions? options = null)
    {
        options ??= new RiskModelOptions();
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var split = Split(data);
        Directory.CreateDirectory(folder);
        var (train, trainWeights) = LoadTraining(data, split.TrainFirst, split.TrainLast, options.MaxTrainingRows, options.Seed, CancellationToken.None);
        var splits = new Dictionary<string, RiskFrame>(StringComparer.Ordinal)
        {
            ["train"] = train,
            ["calibration"] = RiskFeatures.Load(data, split.Calibration, split.Calibration),
            ["test"] = RiskFeatures.Load(data, split.Test, split.Test),
        };
        var header = "household_id,cutoff_year,county_class,label,weight," + string.Join(',', RiskFeatures.Names);
        foreach (var (name, rows) in splits)
        {
            using var writer = new StreamWriter(Path.Combine(folder, name + ".csv"));
            writer.WriteLine(header);
            var line = new System.Text.StringBuilder();
            for (var r = 0; r < rows.Rows; r++)
            {
                line.Clear();
                line.Append(CultureInfo.InvariantCulture, $"{rows.HouseholdIds[r]},{rows.CutoffYears[r]},{rows.CountyClasses[r]},{rows.Labels[r]},{(name == "train" && trainWeights.Length > 0 ? trainWeights[r] : 1f).ToString("R", CultureInfo.InvariantCulture)}");
                for (var c = 0; c < rows.Columns; c++)
                {
                    var v = rows.Features[((long)r * rows.Columns) + c];
                    line.Append(',');
                    if (v != RiskFeatures.Missing)
                    {
                        line.Append(v.ToString("R", CultureInfo.InvariantCulture));
                    }
                }

                writer.WriteLine(line);
            }
        }

        return splits.ToDictionary(s => s.Key, s => s.Value.Rows, StringComparer.Ordinal);
    }
}
