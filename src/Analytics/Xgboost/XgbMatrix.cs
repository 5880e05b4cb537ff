using System.Globalization;

namespace RevivalAnalytics.Xgboost;

/// <summary>
/// A dense data matrix in XGBoost's memory (a DMatrix): features, labels and optional weights. XGBoost copies the
/// values, so the caller's buffers may be reused at once. Dispose it to free the native memory.
/// </summary>
public sealed class XgbMatrix : IDisposable
{
    private readonly DMatrixHandle _handle;
    private readonly string[]? _featureNames;

    private XgbMatrix(DMatrixHandle handle, int rows, int columns, string[]? featureNames)
    {
        _handle = handle;
        Rows = rows;
        Columns = columns;
        _featureNames = featureNames;
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of feature columns.</summary>
    public int Columns { get; }

    /// <summary>The feature names given at creation, or null.</summary>
    public IReadOnlyList<string>? FeatureNames => _featureNames;

    internal DMatrixHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>
    /// Creates a matrix from contiguous row-major float32 values, NaN marking a missing value.
    /// </summary>
    /// <param name="data">rows × columns values, row after row.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of feature columns.</param>
    /// <param name="labels">One label per row, or empty for a matrix only used to predict.</param>
    /// <param name="weights">One weight per row, or empty for equal weights.</param>
    /// <param name="featureNames">One name per column, or null; the booster trained on it keeps them.</param>
    /// <param name="threads">Threads XGBoost uses to build the matrix; 0 means all cores.</param>
    /// <returns>The matrix, which the caller disposes.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or the spans do not match it.</exception>
    /// <exception cref="XgboostException">XGBoost refused the data (for example an infinite value).</exception>
    public static unsafe XgbMatrix FromDense(
        ReadOnlySpan<float> data,
        int rows,
        int columns,
        ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights = default,
        IReadOnlyList<string>? featureNames = null,
        int threads = 0)
    {
        CheckDenseShape(data, rows, columns);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);

        CheckPerRow(labels, rows, nameof(labels), "标签 / labels");
        CheckPerRow(weights, rows, nameof(weights), "权重 / weights");
        if (featureNames is not null && featureNames.Count != columns)
        {
            throw new ArgumentOutOfRangeException(
                nameof(featureNames),
                featureNames.Count,
                $"特征名数量 {featureNames.Count} 不等于列数 {columns} / {featureNames.Count} feature names for {columns} columns.");
        }

        DMatrixHandle handle;
        fixed (float* values = data)
        {
            var arrayInterface = DenseArrayInterface(values, rows, columns);
            var config = string.Create(CultureInfo.InvariantCulture, $"{{\"missing\":NaN,\"nthread\":{threads}}}");
            NativeMethods.Check(
                NativeMethods.XGDMatrixCreateFromDense(arrayInterface, config, out handle),
                nameof(NativeMethods.XGDMatrixCreateFromDense));
        }

        try
        {
            SetFloatInfo(handle, "label", labels);
            SetFloatInfo(handle, "weight", weights);
            string[]? names = null;
            if (featureNames is not null)
            {
                names = [.. featureNames];
                SetStringInfo(handle, "feature_name", names);
            }

            return new XgbMatrix(handle, rows, columns, names);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads the labels back from XGBoost (a copy).</summary>
    /// <returns>One label per row, or an empty array when none were set.</returns>
    public unsafe float[] GetLabels()
    {
        NativeMethods.Check(
            NativeMethods.XGDMatrixGetFloatInfo(Handle, "label", out var length, out var values),
            nameof(NativeMethods.XGDMatrixGetFloatInfo));
        return new ReadOnlySpan<float>(values, checked((int)length)).ToArray();
    }

    /// <summary>Frees the native matrix; safe to call more than once.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Row-major float32 values must hold exactly rows × columns (shared by matrices and in-place prediction).</summary>
    internal static void CheckDenseShape(ReadOnlySpan<float> data, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if ((long)rows * columns != data.Length)
        {
            throw new ArgumentOutOfRangeException(
                nameof(data),
                data.Length,
                $"数据长度 {data.Length} 不等于 行数 {rows} × 列数 {columns} / data length {data.Length} is not rows {rows} × columns {columns}.");
        }
    }

    /// <summary>
    /// The array interface (version 3) of pinned row-major float32 values: the address travels as a number, and
    /// "true" marks the buffer read-only.
    /// </summary>
    internal static unsafe string DenseArrayInterface(float* values, int rows, int columns) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"data\":[{(ulong)values},true],\"shape\":[{rows},{columns}],\"typestr\":\"<f4\",\"version\":3}}");

    private static void CheckPerRow(ReadOnlySpan<float> values, int rows, string parameter, string what)
    {
        if (!values.IsEmpty && values.Length != rows)
        {
            throw new ArgumentOutOfRangeException(
                parameter,
                values.Length,
                $"{what}: 长度 {values.Length} 不等于行数 {rows} / length {values.Length} is not the row count {rows}.");
        }
    }

    private static unsafe void SetFloatInfo(DMatrixHandle handle, string field, ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        fixed (float* pointer = values)
        {
            NativeMethods.Check(
                NativeMethods.XGDMatrixSetFloatInfo(handle, field, pointer, (ulong)values.Length),
                nameof(NativeMethods.XGDMatrixSetFloatInfo));
        }
    }

    private static unsafe void SetStringInfo(DMatrixHandle handle, string field, string[] values)
    {
        using var strings = new Utf8StringArray(values);
        NativeMethods.Check(
            NativeMethods.XGDMatrixSetStrFeatureInfo(handle, field, strings.Pointers, (ulong)values.Length),
            nameof(NativeMethods.XGDMatrixSetStrFeatureInfo));
    }
}
