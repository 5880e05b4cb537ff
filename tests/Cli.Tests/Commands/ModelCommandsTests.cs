namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival train</c>, <c>evaluate</c> and <c>predict</c> on a small generated export.</summary>
public sealed class ModelCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("revival-models-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void TrainEvaluatePredict_SmallExport_StoresModelsAndWritesCsv()
    {
        var export = Path.Combine(_root, "export");
        var dataDir = Path.Combine(_root, "data");
        Assert.Equal(0, RevivalProcess.Run("generate", "--out", export, "--households", "3000", "--seed", "4").Code);

        var train = RevivalProcess.Run("train", "--data", export, "--data-dir", dataDir, "--threads", "2", "--seed", "1");
        var evaluate = RevivalProcess.Run("evaluate", "--data-dir", dataDir);
        var predict = RevivalProcess.Run("predict", "--data", export, "--data-dir", dataDir, "--top", "3", "--out", Path.Combine(_root, "out"));
        var oracle = RevivalProcess.Run("evaluate", "--data-dir", dataDir, "--oracle", "--data", export, "--replicates", "64");
        var tooFewDraws = RevivalProcess.Run("evaluate", "--data-dir", dataDir, "--oracle", "--data", export, "--replicates", "20");
        var oracleWithoutData = RevivalProcess.Run("evaluate", "--data-dir", dataDir, "--oracle");

        Assert.True(train.Code == 0, train.Error);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(dataDir, "models")).Length);
        Assert.Equal(0, evaluate.Code);
        Assert.Contains("ROC-AUC", evaluate.Output, StringComparison.Ordinal);
        Assert.Contains("MAPE", evaluate.Output, StringComparison.Ordinal);
        Assert.True(predict.Code == 0, predict.Error);
        var counties = File.ReadAllLines(Path.Combine(_root, "out", "county_forecast.csv"));
        Assert.Equal(1 + (117 * 3), counties.Length);
        Assert.StartsWith("household_id,county_code", File.ReadAllLines(Path.Combine(_root, "out", "household_risk.csv"))[0], StringComparison.Ordinal);
        Assert.True(oracle.Code == 0, oracle.Error);
        // Spectre wraps long lines at the console's width: compare with the line breaks as spaces.
        var oracleText = System.Text.RegularExpressions.Regex.Replace(oracle.Output, @"\s+", " ");
        Assert.Contains("against the true paths", oracleText, StringComparison.Ordinal);
        Assert.Matches(@"oracle − model -?\d\.\d{3} ROC-AUC; .* oracle at cutoff − model -?\d\.\d{3}", oracleText);
        Assert.Matches(@"at the cutoff: .* gap ±0\.\d{3}", oracleText);
        Assert.NotEqual(0, tooFewDraws.Code);
        Assert.Contains("--replicates must be at least 64 (got 20)", tooFewDraws.Error, StringComparison.Ordinal);
        Assert.Equal(2, oracleWithoutData.Code);
        Assert.Contains("--oracle needs --data", oracleWithoutData.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_NoModel_ExitsOneWithBilingualMessage()
    {
        var export = Path.Combine(_root, "export");
        Assert.Equal(0, RevivalProcess.Run("generate", "--out", export, "--households", "300", "--seed", "4").Code);

        var (code, _, stderr) = RevivalProcess.Run("predict", "--data", export, "--data-dir", Path.Combine(_root, "empty"));

        Assert.Equal(1, code);
        Assert.Contains("请先运行 revival train", stderr, StringComparison.Ordinal);
        Assert.Contains("run `revival train` first", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_TooFewYears_ExitsTwoNamingTheRequirement()
    {
        var export = Path.Combine(_root, "short");
        Assert.Equal(0, RevivalProcess.Run("generate", "--out", export, "--households", "300", "--years", "2020-2022", "--seed", "4").Code);

        var (code, _, stderr) = RevivalProcess.Run("train", "--data", export, "--data-dir", Path.Combine(_root, "data"), "--threads", "2");

        Assert.Equal(2, code);
        Assert.Contains("at least 3", stderr, StringComparison.Ordinal);
    }
}
