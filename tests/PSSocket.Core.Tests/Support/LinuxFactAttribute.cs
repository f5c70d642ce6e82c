namespace PSSocket.Core.Tests.Support;

/// <summary>A fact about Linux behaviour (/dev/full, /proc/net/udp); skipped with the reason elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: it checks a Linux device or kernel counter.";
        }
    }
}
