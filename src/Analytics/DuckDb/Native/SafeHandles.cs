using System.Runtime.InteropServices;

namespace RevivalAnalytics.DuckDb.Native;

// One SafeHandle per native handle type: the runtime guarantees release even when a caller forgets Dispose,
// and a handle in use by a P/Invoke cannot be released underneath it.

internal sealed class DatabaseHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.Close(ref handle);
        return true;
    }
}

internal sealed class ConnectionHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.Disconnect(ref handle);
        return true;
    }
}

internal sealed class ConfigHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyConfig(ref handle);
        return true;
    }
}

internal sealed class PreparedStatementHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyPrepare(ref handle);
        return true;
    }
}

internal sealed class ExtractedStatementsHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyExtracted(ref handle);
        return true;
    }
}

internal sealed class ValueHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static ValueHandle Own(IntPtr value)
    {
        var owned = new ValueHandle();
        owned.SetHandle(value);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyValue(ref handle);
        return true;
    }
}

internal sealed class LogicalTypeHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static LogicalTypeHandle Own(IntPtr type)
    {
        var owned = new LogicalTypeHandle();
        owned.SetHandle(type);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyLogicalType(ref handle);
        return true;
    }
}

internal sealed class DataChunkHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static DataChunkHandle Own(IntPtr chunk)
    {
        var owned = new DataChunkHandle();
        owned.SetHandle(chunk);
        return owned;
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyDataChunk(ref handle);
        return true;
    }
}

internal sealed class AppenderHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        // Destroy flushes what is left; a failure here has nowhere to go, Close() surfaces errors before.
        NativeMethods.AppenderDestroy(ref handle);
        return true;
    }
}

/// <summary>Owns a duckdb_result, which lives in native memory because DuckDB keeps pointers into it.</summary>
internal sealed unsafe class ResultHandle : SafeHandle
{
    public ResultHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle((IntPtr)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResultNative)));
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal DuckDbResultNative* Pointer => (DuckDbResultNative*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMethods.DestroyResult((DuckDbResultNative*)handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}
