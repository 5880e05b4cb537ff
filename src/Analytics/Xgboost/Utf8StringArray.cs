using System.Runtime.InteropServices;

namespace RevivalAnalytics.Xgboost;

/// <summary>A native <c>const char*[]</c> of UTF-8 copies, for the C API's string-array parameters.</summary>
internal sealed unsafe class Utf8StringArray : IDisposable
{
    private readonly nint[] _strings;
    private GCHandle _pin;

    public Utf8StringArray(IReadOnlyList<string> values)
    {
        _strings = new nint[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            _strings[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        }

        _pin = GCHandle.Alloc(_strings, GCHandleType.Pinned);
    }

    public byte** Pointers => (byte**)_pin.AddrOfPinnedObject();

    public void Dispose()
    {
        if (!_pin.IsAllocated)
        {
            return;
        }

        _pin.Free();
        foreach (var pointer in _strings)
        {
            Marshal.FreeCoTaskMem(pointer);
        }
    }
}
