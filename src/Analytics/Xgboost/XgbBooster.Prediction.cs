using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RevivalAnalytics.Xgboost;

public sealed partial class XgbBooster
{
    // PredictFromDMatrix "type" values from c_api.h.
    private const int PredictTypeValue = 0;
    private const int PredictTypeContributions = 2;

    /// <summary>
    /// Predicts every row: a probability for <c>binary:logistic</c>, the value for regression; for multi-output
    /// objectives the outputs of each row follow one another.
    /// </summary>
    /// <param name="matrix">Data with the model's features, in the model's order.</param>
    /// <returns>A copy of XGBoost's predictions.</returns>
    /// <exception cref="XgboostException">The matrix does not fit the model; the message is XGBoost's or names both widths.</exception>
    public float[] Predict(XgbMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        lock (_gate)
        {
            var (_, values) = PredictCore(matrix, PredictTypeValue);
            return values;
        }
    }

    /// <summary>
    /// Exact SHAP contributions (TreeSHAP) of each feature to each row's margin (log-odds for
    /// <c>binary:logistic</c>); the last column is the bias. Each row sums to that row's margin.
    /// </summary>
    /// <param name="matrix">Data with the model's features, in the model's order.</param>
    /// <returns>rows × (features + 1) contributions.</returns>
    /// <exception cref="XgboostException">The matrix does not fit the model, or the model has several outputs.</exception>
    public float[,] PredictContributions(XgbMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        lock (_gate)
        {
            var (shape, values) = PredictCore(matrix, PredictTypeContributions);
            if (shape.Length != 2)
            {
                throw new XgboostException(
                    $"SHAP 贡献只支持单输出模型（得到 {shape.Length} 维）/ SHAP contributions support single-output models only (got {shape.Length} dimensions).",
                    null,
                    null,
                    null);
            }

            var contributions = new float[shape[0], shape[1]];
            var target = MemoryMarshal.CreateSpan(
                ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(contributions)), contributions.Length);
            values.CopyTo(target);
            return contributions;
        }
    }

    /// <summary>
    /// Predicts straight from row-major float32 values (NaN for missing) without building a matrix: for scoring
    /// many rows once. Where the machine and the model allow, the trees are evaluated here rather than by XGBoost
    /// (<see cref="SimdForest"/>, about ten times faster on 2,000,000 rows) with XGBoost's results bit for bit.
    /// </summary>
    /// <param name="data">rows × columns values, row after row.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of feature columns; must equal the model's.</param>
    /// <returns>
    /// One prediction per row (a probability for binary:logistic); for multi-output objectives the outputs of each
    /// row follow one another.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">The sizes do not match <paramref name="data"/>.</exception>
    /// <exception cref="XgboostException">The column count differs from the model's, or XGBoost refused the data.</exception>
    public unsafe float[] Predict(ReadOnlySpan<float> data, int rows, int columns)
    {
        XgbMatrix.CheckDenseShape(data, rows, columns);
        if (rows == 0)
        {
            return [];
        }

        SimdForest? forest;
        lock (_gate)
        {
            EnsureFeatureCount(columns);
            forest = Prediction().Forest;
        }

        if (forest is not null && forest.Features == columns)
        {
            // The forest is immutable: many callers may score at once.
            var predictions = new float[rows];
            forest.Predict(data, rows, predictions, Threads);
            return predictions;
        }

        lock (_gate)
        {
            fixed (float* values = data)
            {
                var arrayInterface = XgbMatrix.DenseArrayInterface(values, rows, columns);
                const string config = "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}";
                NativeMethods.Check(
                    NativeMethods.XGBoosterPredictFromDense(Handle, arrayInterface, config, 0, out var shape, out var dimensions, out var result),
                    nameof(NativeMethods.XGBoosterPredictFromDense));
                long count = 1;
                for (var i = 0UL; i < dimensions; i++)
                {
                    count *= checked((long)shape[i]);
                }

                return new ReadOnlySpan<float>(result, checked((int)count)).ToArray();
            }
        }
    }

    /// <summary>Whether <see cref="Predict(ReadOnlySpan{float}, int, int)"/> evaluates the trees itself (<see cref="SimdForest"/>) rather than through XGBoost, and if not, why.</summary>
    internal (bool Simd, string? Reason) PredictionPath
    {
        get
        {
            lock (_gate)
            {
                var (forest, reason) = Prediction();
                return (forest is not null, reason);
            }
        }
    }

    // Decided on first use: a booster never changes after training or loading. Called under _gate.
    private (SimdForest? Forest, string? Reason) Prediction()
    {
        if (_prediction is not { } decided)
        {
            // The JSON is only worth writing where the forest can run.
            SimdForest? forest = null;
            var reason = SimdForest.Unsupported;
            if (SimdForest.IsSupported)
            {
                forest = SimdForest.TryCreate(ModelJson(), out reason);
            }

            _prediction = decided = (forest, reason);
        }

        return decided;
    }

    /// <summary>The model as XGBoost's JSON.</summary>
    internal unsafe byte[] ModelJson()
    {
        lock (_gate)
        {
            NativeMethods.Check(
                NativeMethods.XGBoosterSaveModelToBuffer(Handle, "{\"format\":\"json\"}", out var length, out var buffer),
                nameof(NativeMethods.XGBoosterSaveModelToBuffer));
            return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
        }
    }

    private unsafe (int[] Shape, float[] Values) PredictCore(XgbMatrix matrix, int type)
    {
        EnsureFeatureCount(matrix.Columns);

        var config = $"{{\"type\":{type},\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false}}";
        NativeMethods.Check(
            NativeMethods.XGBoosterPredictFromDMatrix(Handle, matrix.Handle, config, out var shapePointer, out var dimensions, out var values),
            nameof(NativeMethods.XGBoosterPredictFromDMatrix));

        // Both buffers belong to XGBoost and are reused by the next prediction: copy them now.
        var shape = new int[checked((int)dimensions)];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = checked((int)shapePointer[i]);
            count *= shape[i];
        }

        return (shape, new ReadOnlySpan<float>(values, checked((int)count)).ToArray());
    }

    private void EnsureFeatureCount(int columns)
    {
        // XGBoost 1.7 accepts data narrower than the model and treats the absent columns as missing, which would
        // silently give wrong answers. Wider data it refuses with its own message.
        NativeMethods.Check(NativeMethods.XGBoosterGetNumFeature(Handle, out var features), nameof(NativeMethods.XGBoosterGetNumFeature));
        if ((ulong)columns < features)
        {
            throw new XgboostException(
                $"数据有 {columns} 列，模型需要 {features} 个特征 / the data has {columns} columns, the model needs {features} features.",
                null,
                null,
                null);
        }
    }
}
