#:project ../../src/Analytics/Analytics.csproj
#:property PublishAot=false
// run.sh copies this file into a worktree of commit 5adffd2 (the last with the XGBoost binding) and runs it there,
// against that commit's library: it writes the stored XGBoost model's test-year probabilities as
// OUT/xgboost-5adffd2.csv (household_id,probability), for RiskBench.cs to measure like every other learner.
//   dotnet run -c Release bench/models/XgboostPredictions.cs -- EXPORT STORE OUT
using System.Globalization;
using RevivalAnalytics;
using RevivalAnalytics.Models;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
using var analytics = AnalyticsContext.Open(args[0], new AnalyticsOptions { Threads = 2 });
var data = analytics.ModelData;
using var model = RiskModel.Load(new ModelStore(args[1]), threads: 2);
var scores = model.Score(data, model.Evaluation.TestCutoff);
using var writer = new StreamWriter(Path.Combine(args[2], "xgboost-5adffd2.csv"));
writer.WriteLine("household_id,probability");
foreach (var h in scores.Households)
{
    writer.WriteLine($"{h.HouseholdId},{h.Probability:R}");
}

Console.WriteLine($"xgboost-5adffd2: {scores.Households.Count:N0} test-year households, AUC by its own metrics {model.Evaluation.Test.RocAuc:F4}");
