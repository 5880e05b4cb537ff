using System.Runtime.InteropServices;

namespace RevivalAnalytics.DuckDb.Native;

/// <summary>
/// Raw entry points of DuckDB's C API (duckdb.h, v1.5). One partial file per area of the API.
/// Handles are passed as IntPtr here; the SafeHandle types own their lifetimes.
/// </summary>
internal static partial class NativeMethods
{
    internal const string Library = "duckdb";

    [LibraryImport(Library, EntryPoint = "duckdb_free")]
    internal static partial void Free(IntPtr ptr);

    [LibraryImport(Library, EntryPoint = "duckdb_library_version")]
    internal static partial IntPtr LibraryVersion();

    /// <summary>Turns a DuckDB state code into an exception carrying DuckDB's own message.</summary>
    internal static void ThrowIfError(DuckDbState state, string? nativeMessage, string context)
    {
        if (state != DuckDbState.Success)
        {
            throw DuckDbException.FromNative(nativeMessage ?? context);
        }
    }

    internal static string? PtrToString(IntPtr ptr) => ptr == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(ptr);
}

internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}
