using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RevivalAnalytics.Xgboost;

internal static partial class NativeMethods
{
    /// <summary>
    /// Predicts for a DMatrix. <paramref name="config"/> is JSON: "type" (0 value, 1 margin, 2 SHAP contributions,
    /// 3 approximate contributions, 4 interactions, 6 leaf), "training", "iteration_begin", "iteration_end",
    /// "strict_shape". Shape and values belong to XGBoost and are overwritten by the next prediction.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterPredictFromDMatrix(
        BoosterHandle booster, DMatrixHandle matrix, string config, out ulong* shape, out ulong dimensions, out float* values);

    /// <summary>
    /// Predicts in place from a dense array interface, without building a DMatrix. <paramref name="config"/> as for
    /// <see cref="XGBoosterPredictFromDMatrix"/> plus "missing"; only values and margins (types 0 and 1).
    /// <paramref name="proxy"/> may be zero.
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterPredictFromDense(
        BoosterHandle booster, string arrayInterface, string config, nint proxy, out ulong* shape, out ulong dimensions, out float* values);
}
