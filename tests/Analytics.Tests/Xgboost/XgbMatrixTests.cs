using RevivalAnalytics.Xgboost;
using Xunit;

namespace RevivalAnalytics.Tests.Xgboost;

public sealed class XgbMatrixTests
{
    [Fact]
    public void FromDense_RowMajorValues_KeepsShapeLabelsAndNames()
    {
        float[] data = [1, 2, float.NaN, 4, 5, 6];

        using var matrix = XgbMatrix.FromDense(data, 2, 3, [0, 1], [1, 2], ["a", "b", "c"]);

        Assert.Equal(2, matrix.Rows);
        Assert.Equal(3, matrix.Columns);
        Assert.Equal([0f, 1f], matrix.GetLabels());
        Assert.Equal(["a", "b", "c"], matrix.FeatureNames!);
    }

    [Fact]
    public void FromDense_LengthNotRowsTimesColumns_ThrowsNamingData()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => XgbMatrix.FromDense(new float[5], 2, 3, []));

        Assert.Equal("data", error.ParamName);
        Assert.Contains("行数 2 × 列数 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDense_LabelCountNotRows_ThrowsNamingLabels()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => XgbMatrix.FromDense(new float[6], 2, 3, [1]));

        Assert.Equal("labels", error.ParamName);
    }

    [Fact]
    public void FromDense_InfiniteValue_ThrowsWithXgboostsMessage()
    {
        var error = Assert.Throws<XgboostException>(() => XgbMatrix.FromDense([1, float.PositiveInfinity], 1, 2, []));

        Assert.Equal("XGDMatrixCreateFromDense", error.Function);
        Assert.Contains("inf", error.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Dispose_Twice_DoesNotThrowAndLaterUseThrowsObjectDisposed()
    {
        var matrix = XgbMatrix.FromDense([1, 2], 1, 2, [1]);

        matrix.Dispose();
        matrix.Dispose();

        Assert.Throws<ObjectDisposedException>(() => matrix.GetLabels());
    }
}
