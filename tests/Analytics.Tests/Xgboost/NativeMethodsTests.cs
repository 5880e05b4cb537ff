using RevivalAnalytics.Xgboost;
using Xunit;

namespace RevivalAnalytics.Tests.Xgboost;

public sealed class NativeMethodsTests
{
    [Fact]
    public void XGBoostVersion_DebianPackage_Is1Point7()
    {
        NativeMethods.XGBoostVersion(out var major, out var minor, out _);

        Assert.Equal((1, 7), (major, minor));
    }

    [Fact]
    public void ResolveVersionedLibrary_OurLibraryName_LoadsTheRuntimePackagesSoname()
    {
        var handle = NativeMethods.ResolveVersionedLibrary(typeof(NativeMethods).Assembly, NativeMethods.LibraryName);

        Assert.NotEqual(0, handle);
    }

    [Fact]
    public void ResolveVersionedLibrary_OtherLibrary_LeavesItAlone()
    {
        Assert.Equal(0, NativeMethods.ResolveVersionedLibrary(typeof(NativeMethods).Assembly, "duckdb"));
    }

    [Fact]
    public void Check_FailedCall_CarriesXgboostsMessageWithoutLogPrefix()
    {
        var status = NativeMethods.XGBSetGlobalConfig("{\"verbosity\": \"loud\"}");

        var error = Assert.Throws<XgboostException>(() => NativeMethods.Check(status, nameof(NativeMethods.XGBSetGlobalConfig)));

        Assert.NotEqual(0, status);
        Assert.Equal("XGBSetGlobalConfig", error.Function);
        Assert.False(string.IsNullOrWhiteSpace(error.NativeMessage));
        Assert.DoesNotMatch(@"^\[\d\d:\d\d:\d\d\]", error.NativeMessage);
    }
}
