using Microsoft.Win32.SafeHandles;

namespace RevivalAnalytics.Xgboost;

/// <summary>Owns one native DMatrix; freed exactly once, however often it is disposed.</summary>
internal sealed class DMatrixHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Called by the marshaller for <c>out DMatrixHandle</c>.</summary>
    public DMatrixHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => NativeMethods.XGDMatrixFree(handle) == 0;
}

/// <summary>Owns one native Booster; freed exactly once, however often it is disposed.</summary>
internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Called by the marshaller for <c>out BoosterHandle</c>.</summary>
    public BoosterHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle() => NativeMethods.XGBoosterFree(handle) == 0;
}
