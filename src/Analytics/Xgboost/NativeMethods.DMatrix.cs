using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RevivalAnalytics.Xgboost;

internal static partial class NativeMethods
{
    /// <summary>Builds a DMatrix from a JSON __array_interface__; XGBoost copies the values.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGDMatrixCreateFromDense(string arrayInterface, string config, out DMatrixHandle matrix);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGDMatrixFree(nint matrix);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGDMatrixSetFloatInfo(DMatrixHandle matrix, string field, float* values, ulong length);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGDMatrixGetFloatInfo(DMatrixHandle matrix, string field, out ulong length, out float* values);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGDMatrixSetStrFeatureInfo(DMatrixHandle matrix, string field, byte** features, ulong count);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGDMatrixGetStrFeatureInfo(DMatrixHandle matrix, string field, out ulong count, out byte** features);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGDMatrixNumRow(DMatrixHandle matrix, out ulong rows);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGDMatrixNumCol(DMatrixHandle matrix, out ulong columns);
}
