using RevivalAnalytics.Data.Versions;
using RevivalAnalytics.Models;

namespace RevivalAnalytics.Tests.Models;

[Collection(ModelCollection.Name)]
public sealed class ModelDataSourceTests(ModelFixture fixture)
{
    [Fact]
    public void FromDataStore_ImportedExport_SameScoresAsTheExport()
    {
        var store = DataStore.Open(fixture.NewDataDirectory());
        store.Import(fixture.ExportFolder, cancellationToken: TestContext.Current.CancellationToken);

        using var imported = ModelDataSource.FromDataStore(store, ModelFixture.Threads);

        Assert.Equal((2016, 2025), (imported.FirstYear, imported.LastYear));
        Assert.Equal(
            fixture.Risk.Score(fixture.Data).Households.Select(h => (h.HouseholdId, h.Probability)),
            fixture.Risk.Score(imported).Households.Select(h => (h.HouseholdId, h.Probability)));
        Assert.Equal(
            fixture.Income.Forecast(fixture.Data).Select(f => f.Forecast),
            fixture.Income.Forecast(imported).Select(f => f.Forecast));
    }

    [Fact]
    public void DataVersion_StoreAndExport_TheVersionIdTheViewsReport()
    {
        var store = DataStore.Open(fixture.NewDataDirectory());
        var report = store.Import(fixture.ExportFolder, cancellationToken: TestContext.Current.CancellationToken);

        using var imported = ModelDataSource.FromDataStore(store, ModelFixture.Threads);
        using var database = RevivalAnalytics.DuckDb.DuckDbDatabase.Open();
        using var connection = database.Connect();

        Assert.Equal(report.CurrentVersion, imported.DataVersion);
        Assert.Equal(store.CreateViews(connection), imported.DataVersion);
        Assert.Equal(VersionViews.Resolve(fixture.ExportFolder).Version, fixture.Data.DataVersion);
        Assert.StartsWith("export-", fixture.Data.DataVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDataStore_NothingImported_ThrowsDataMissing()
    {
        var store = DataStore.Open(fixture.NewDataDirectory());

        var error = Assert.Throws<ModelException>(() => ModelDataSource.FromDataStore(store));

        Assert.Equal(ModelErrorKind.DataMissing, error.Kind);
        Assert.Contains("revival import", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromExport_FolderWithoutManifest_ThrowsDataMissingNamingIt()
    {
        var folder = fixture.NewDataDirectory();

        var error = Assert.Throws<ModelException>(() => ModelDataSource.FromExport(folder));

        Assert.Equal(ModelErrorKind.DataMissing, error.Kind);
        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
    }
}
