using System.Globalization;

namespace PSSocket.Core.Tests.Support;

/// <summary>A fact about ports below 1024 needing privilege; skipped, with the reason, where the system makes every port unprivileged.</summary>
public sealed class PrivilegedPortsFactAttribute : FactAttribute
{
    public PrivilegedPortsFactAttribute()
    {
        const string Setting = "/proc/sys/net/ipv4/ip_unprivileged_port_start";
        if (!File.Exists(Setting) || int.Parse(File.ReadAllText(Setting).Trim(), CultureInfo.InvariantCulture) == 0)
        {
            Skip = $"{Setting} is 0 or absent: every port is unprivileged here, so there is no AccessDenied to see.";
        }
    }
}
