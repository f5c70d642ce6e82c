using System.Runtime.InteropServices;

namespace PSSocket.Core.Tests.Support;

/// <summary>
/// Runs work on a thread of its own dropped to nobody (a raw setresuid changes only the calling
/// thread, and with it that thread's capabilities): what root may do there fails as it would for a
/// user. The process and its other threads stay root. A process that is not privileged runs the
/// work as it is, already a user.
/// </summary>
internal static partial class Unprivileged
{
    /// <summary>The exception the work threw, or null.</summary>
    public static Exception? Run(Action work)
    {
        long setresuid = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 117,
            Architecture.Arm64 => 147,
            _ => -1,
        };
        Assert.True(setresuid > 0 || !Environment.IsPrivilegedProcess, "no setresuid number for this architecture");
        Exception? caught = null;
        var thread = new Thread(() =>
        {
            if (Environment.IsPrivilegedProcess && Native.syscall(setresuid, 65534, 65534, 65534) != 0)
            {
                caught = new InvalidOperationException("setresuid failed: " + Marshal.GetLastPInvokeError());
                return;
            }

            try
            {
                work();
            }
            catch (Exception e)
            {
                caught = e;
            }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), "the unprivileged work did not end");
        return caught;
    }

    private static partial class Native
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA1401, SYSLIB1054 // a variadic libc call: LibraryImport cannot marshal it any better
        public static extern long syscall(long number, int ruid, int euid, int suid);
#pragma warning restore CA1401, SYSLIB1054
    }
}
