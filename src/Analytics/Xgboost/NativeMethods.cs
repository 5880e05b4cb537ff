using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace RevivalAnalytics.Xgboost;

/// <summary>
/// The raw binding to XGBoost's C API (xgboost/c_api.h, Debian libxgboost 1.7.4). Every function returns an int
/// status that callers pass to <see cref="Check"/>; pointers XGBoost hands back live in thread-local storage
/// and must be copied before the next call on the same thread.
/// </summary>
internal static partial class NativeMethods
{
    /// <summary>The name .NET probes as libxgboost.so, which Debian ships in libxgboost-dev.</summary>
    internal const string LibraryName = "xgboost";

    /// <summary>The runtime package (libxgboost0) only ships the versioned name.</summary>
    private const string VersionedLibraryName = "libxgboost.so.0";

    static NativeMethods()
    {
        // Before any XGBoost function loads the library (and with it libgomp, which reads its settings once).
        OpenMpWaitPolicy.PreferPassive();

        // Without libxgboost-dev only libxgboost.so.0 exists; fall back to it rather than fail on the
        // unversioned name. ResolvingUnmanagedDll runs only after normal probing failed and allows several
        // handlers, so it cannot clash with another binding's resolver in this assembly.
        System.Runtime.Loader.AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveVersionedLibrary;
    }

    internal static nint ResolveVersionedLibrary(Assembly assembly, string libraryName)
    {
        if (assembly != typeof(NativeMethods).Assembly || libraryName != LibraryName)
        {
            return 0;
        }

        return NativeLibrary.TryLoad(VersionedLibraryName, out var handle) ? handle : 0;
    }

    /// <summary>Throws <see cref="XgboostException"/> with XGBoost's own message when <paramref name="status"/> is not 0.</summary>
    /// <param name="status">The return value of a C API call.</param>
    /// <param name="function">The C function that returned it, named in the message.</param>
    internal static void Check(int status, string function)
    {
        if (status != 0)
        {
            var (message, details) = LastError();
            throw new XgboostException(function, message, details);
        }
    }

    /// <summary>
    /// XGBoost's message for the last failed call on this thread: <c>Message</c> without the time stamp,
    /// source location and native stack trace that XGBoost adds; <c>Details</c> as XGBoost wrote it.
    /// </summary>
    internal static unsafe (string Message, string Details) LastError()
    {
        var details = Marshal.PtrToStringUTF8((nint)XGBGetLastError())?.Trim();
        if (string.IsNullOrEmpty(details))
        {
            return ("(XGBoost gave no message)", string.Empty);
        }

        var message = details;
        var stackTrace = message.IndexOf("\nStack trace:", StringComparison.Ordinal);
        if (stackTrace >= 0)
        {
            message = message[..stackTrace];
        }

        return (LogPrefix().Replace(message, string.Empty, 1).Trim(), details);
    }

    // "[11:59:31] ./src/learner.cc:1510: " in front of every message dmlc logs.
    [GeneratedRegex(@"^\[\d{2}:\d{2}:\d{2}\] [^:\s]+:\d+: ")]
    private static partial Regex LogPrefix();

    /// <summary>Copies a native UTF-8 string XGBoost returned; XGBoost owns and reuses the memory.</summary>
    internal static unsafe string CopyString(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    /// <summary>Copies a native array of UTF-8 strings.</summary>
    internal static unsafe string[] CopyStrings(byte** strings, ulong count)
    {
        var result = new string[checked((int)count)];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = CopyString(strings[i]);
        }

        return result;
    }

    // Returned as a raw pointer: the string belongs to XGBoost, so the generated marshaller must not free it.
    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static unsafe partial byte* XGBGetLastError();

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static unsafe partial int XGBuildInfo(byte** output);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial int XGBSetGlobalConfig(string config);

    [LibraryImport(LibraryName)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial void XGBoostVersion(out int major, out int minor, out int patch);
}
