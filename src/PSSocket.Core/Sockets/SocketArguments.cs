using System.Globalization;

namespace PSSocket.Core.Sockets;

/// <summary>Checks of the numbers a socket operation is given, each failure a fault with a stable ErrorId.</summary>
internal static class SocketArguments
{
    /// <summary>Checks a port number; 0 is allowed where the system picks (binding).</summary>
    public static int CheckPort(int port, bool allowZero)
    {
        if (port is < 0 or > 65535 || (port == 0 && !allowZero))
        {
            throw new PSSocketException("PortOutOfRange", FaultCategory.InvalidArgument, port,
                string.Create(CultureInfo.InvariantCulture,
                    $"Port {port} is out of range: use {(allowZero ? 0 : 1)} to 65535{(allowZero ? " (0 lets the system pick a free port)" : string.Empty)}."));
        }

        return port;
    }

    public static TimeSpan CheckTimeout(TimeSpan timeout, string what)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new PSSocketException("TimeoutOutOfRange", FaultCategory.InvalidArgument, timeout,
                $"The {what} timeout must be positive.");
        }

        return timeout;
    }
}
