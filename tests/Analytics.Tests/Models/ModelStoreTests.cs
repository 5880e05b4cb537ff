using System.Text.Json.Nodes;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

[Collection(ModelCollection.Name)]
public sealed class ModelStoreTests(ModelFixture fixture)
{
    [Fact]
    public void Load_EmptyDataDirectory_ThrowsModelMissingNamingTheFolder()
    {
        var store = new ModelStore(fixture.NewDataDirectory());

        var error = Assert.Throws<ModelException>(() => RiskModel.Load(store));

        Assert.Equal(ModelErrorKind.ModelMissing, error.Kind);
        Assert.Contains(store.Root, error.Message, StringComparison.Ordinal);
        Assert.Contains("revival train", error.Message, StringComparison.Ordinal);
        Assert.True(
            error.Message.IndexOf("中没有 risk 模型", StringComparison.Ordinal) < error.Message.IndexOf("No risk model", StringComparison.Ordinal),
            "Chinese first, then English: " + error.Message);
    }

    [Fact]
    public void SaveThenLoad_RiskModel_SameScoresAndMetadata()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Risk.Save(store);

        using var loaded = RiskModel.Load(store, threads: ModelFixture.Threads);

        Assert.Equal(Path.GetFileName(folder), loaded.Metadata.Id);
        Assert.Equal(fixture.Data.Fingerprint, loaded.Metadata.DataFingerprint);
        Assert.Equal(fixture.Risk.Evaluation.Test.RocAuc, loaded.Evaluation.Test.RocAuc);
        Assert.Equal(
            fixture.Risk.Score(fixture.Data).Households.Select(h => h.Probability),
            loaded.Score(fixture.Data).Households.Select(h => h.Probability));
        Assert.Single(store.List(RiskModel.Kind));
    }

    [Fact]
    public void LatestId_OlderAndNewerFolders_TheFolderLoadPicks()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        Assert.Null(store.LatestId(RiskModel.Kind));
        var folder = fixture.Risk.Save(store);
        fixture.Income.Save(store);
        // An older copy of the same model: loading without an id still picks the newer folder.
        var older = store.FolderOf("risk-20000101T000000Z-older");
        Directory.CreateDirectory(older);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.Copy(file, Path.Combine(older, Path.GetFileName(file)));
        }

        var latest = store.LatestId(RiskModel.Kind);

        Assert.Equal(Path.GetFileName(folder), latest);
        using var loaded = RiskModel.Load(store, threads: ModelFixture.Threads);
        Assert.Equal(latest, loaded.Metadata.Id);
        Assert.Equal(fixture.Income.Metadata.Id, store.LatestId(IncomeForecastModel.Kind));
    }

    [Fact]
    public void Load_ModelFileMissing_ThrowsModelMissing()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Risk.Save(store);
        File.Delete(Path.Combine(folder, "model.zip"));

        var error = Assert.Throws<ModelException>(() => RiskModel.Load(store));

        Assert.Equal(ModelErrorKind.ModelMissing, error.Kind);
        Assert.Contains("model.zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelTrainedByXgboostVersion_RefusedWithRetrainMessage()
    {
        // What the XGBoost version wrote: format 1, booster.ubj beside the metadata.
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Risk.Save(store);
        var path = Path.Combine(folder, "metadata.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["format_version"] = 1;
        json.Remove("model_file");
        json["booster_file"] = "booster.ubj";
        File.WriteAllText(path, json.ToJsonString());
        File.Move(Path.Combine(folder, "model.zip"), Path.Combine(folder, "booster.ubj"));

        var error = Assert.Throws<ModelException>(() => RiskModel.Load(store));

        Assert.Equal(ModelErrorKind.ModelMismatch, error.Kind);
        Assert.Contains("XGBoost", error.Message, StringComparison.Ordinal);
        Assert.Contains("revival train", error.Message, StringComparison.Ordinal);
        Assert.True(
            error.Message.IndexOf("重新训练", StringComparison.Ordinal) < error.Message.IndexOf("Retrain", StringComparison.Ordinal),
            "Chinese first, then English: " + error.Message);
    }

    [Fact]
    public void Load_ModelFileCorrupted_ThrowsModelCorrupt()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Risk.Save(store);
        var path = Path.Combine(folder, "model.zip");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelException>(() => RiskModel.Load(store));

        Assert.Equal(ModelErrorKind.ModelCorrupt, error.Kind);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("已损坏", error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MetadataNotJson_ThrowsModelCorrupt()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Risk.Save(store);
        File.WriteAllText(Path.Combine(folder, "metadata.json"), "{ \"id\": ");

        var error = Assert.Throws<ModelException>(() => RiskModel.Load(store));

        Assert.Equal(ModelErrorKind.ModelCorrupt, error.Kind);
        Assert.Contains("metadata.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherFeatures_ThrowsModelMismatchNamingThem()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Risk.Save(store);
        var path = Path.Combine(folder, "metadata.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["features"]![0] = "head_birth_year";
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<ModelException>(() => RiskModel.Load(store));

        Assert.Equal(ModelErrorKind.ModelMismatch, error.Kind);
        Assert.Contains("income_margin", error.Message, StringComparison.Ordinal);
        Assert.Contains("head_birth_year", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IncomeIdAsRisk_ThrowsModelMismatch()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Income.Save(store);

        var error = Assert.Throws<ModelException>(() => RiskModel.Load(store, Path.GetFileName(folder)));

        Assert.Equal(ModelErrorKind.ModelMismatch, error.Kind);
    }

    [Fact]
    public void Load_IncomeWithOtherIntervalMethod_ThrowsModelMismatch()
    {
        var store = new ModelStore(fixture.NewDataDirectory());
        var folder = fixture.Income.Save(store);
        var path = Path.Combine(folder, "metadata.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["parameters"]!["interval_method"] = "empirical quantiles of backtest log residuals / h";
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<ModelException>(() => IncomeForecastModel.Load(store));

        Assert.Equal(ModelErrorKind.ModelMismatch, error.Kind);
        Assert.Contains("revival train", error.Message, StringComparison.Ordinal);
    }
}
