using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RevivalAnalytics.Xgboost;

internal static partial class NativeMethods
{
    /// <summary>Loads a model; XGBoost picks JSON or UBJSON from the file extension.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterLoadModel(BoosterHandle booster, string path);

    /// <summary>Saves a model; XGBoost picks JSON or UBJSON from the file extension.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int XGBoosterSaveModel(BoosterHandle booster, string path);

    /// <summary>
    /// Serialises the model into a buffer XGBoost owns until the next call; <paramref name="config"/> is JSON with
    /// "format": "json" or "ubj".
    /// </summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int XGBoosterSaveModelToBuffer(BoosterHandle booster, string config, out ulong length, out byte* buffer);
}
