using System.Runtime.InteropServices;

namespace RevivalAnalytics.Models.Trees;

/// <summary>
/// XGBoost's OpenMP threads spin while they wait for work by default. On a machine whose cores are shared (CI, the
/// bureau's server running the dashboard) the spinning threads fight the working ones: training here took 61 s
/// instead of 4 s under load. libgomp reads <c>OMP_WAIT_POLICY</c> once, when it is loaded, so this sets it in the
/// native environment before the binding loads XGBoost, unless the user set it. .NET's own
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach the native environment on Linux.
/// </summary>
internal static partial class OpenMpWaitPolicy
{
    private static int s_applied;

    public static void PreferPassive()
    {
        if (Interlocked.Exchange(ref s_applied, 1) == 1 || !OperatingSystem.IsLinux())
        {
            return;
        }

        _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
