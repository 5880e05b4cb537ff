using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RevivalAnalytics.Xgboost;

internal static partial class NativeMethods
{
    /// <summary>Creates a booster; <paramref name="cachedMatrices"/> are raw DMatrix handles the caller keeps alive for the call.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterCreate(nint* cachedMatrices, ulong count, out BoosterHandle booster);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterFree(nint booster);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterSetParam(BoosterHandle booster, string name, string value);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterUpdateOneIter(BoosterHandle booster, int iteration, DMatrixHandle train);

    /// <summary>Evaluates the metrics on raw DMatrix handles; the result string is owned by XGBoost.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterEvalOneIter(
        BoosterHandle booster, int iteration, nint* matrices, byte** names, ulong count, out byte* result);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterBoostedRounds(BoosterHandle booster, out int rounds);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterGetNumFeature(BoosterHandle booster, out ulong features);

    /// <summary>Keeps the trees of rounds [begin, end); returns -2 when the range is out of bounds.</summary>
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterSlice(BoosterHandle booster, int beginLayer, int endLayer, int step, out BoosterHandle sliced);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterSetStrFeatureInfo(BoosterHandle booster, string field, byte** features, ulong count);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterGetStrFeatureInfo(BoosterHandle booster, string field, out ulong count, out byte** features);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterSetAttr(BoosterHandle booster, string key, string? value);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterGetAttr(BoosterHandle booster, string key, out byte* value, out int success);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterSaveJsonConfig(BoosterHandle booster, out ulong length, out byte* config);
}
