using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>
/// Turns socket failures into faults named after their <see cref="SocketError"/> (ConnectionRefused,
/// TimedOut, HostNotFound...), with the endpoint as target, so scripts can match a stable ErrorId.
/// </summary>
internal static class SocketFaults
{
    public static PSSocketException From(SocketException exception, string target, string? action = null)
    {
        string name = exception.SocketErrorCode.ToString();
        string message = action is null
            ? $"{target}: {exception.Message} ({name})."
            : $"{action} {target} failed: {exception.Message} ({name}).";
        return new PSSocketException(name, Category(exception.SocketErrorCode), target, message, exception);
    }

    public static FaultCategory Category(SocketError error) => error switch
    {
        SocketError.TimedOut or SocketError.WouldBlock => FaultCategory.OperationTimeout,
        SocketError.AccessDenied => FaultCategory.PermissionDenied,
        SocketError.AddressAlreadyInUse => FaultCategory.ResourceExists,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => FaultCategory.ObjectNotFound,
        SocketError.AddressNotAvailable or SocketError.InvalidArgument or SocketError.AddressFamilyNotSupported => FaultCategory.InvalidArgument,
        SocketError.OperationAborted or SocketError.Interrupted => FaultCategory.OperationStopped,
        SocketError.NoBufferSpaceAvailable or SocketError.TooManyOpenSockets => FaultCategory.ResourceUnavailable,
        _ => FaultCategory.ConnectionError,
    };

    public static PSSocketException TimedOut(string target, string what, TimeSpan timeout) =>
        new(nameof(SocketError.TimedOut), FaultCategory.OperationTimeout, target,
            string.Create(CultureInfo.InvariantCulture, $"{what} {target} timed out after {timeout.TotalSeconds:0.###} s."));

    /// <summary>Whether <paramref name="fault"/> is a wait that ran out of time (<see cref="TimedOut"/>, or the system's own timeout).</summary>
    public static bool IsTimedOut(PSSocketException fault) => fault.ErrorId == nameof(SocketError.TimedOut);

    public static PSSocketException Closed(string target, string what) =>
        new("ConnectionClosed", FaultCategory.InvalidOperation, target, $"{what}: the connection {target} is closed.");

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

    /// <summary>
    /// AF_UNIX failures name the path: the system reports a missing socket file or directory as
    /// ENOENT, which .NET turns into AddressNotAvailable ("Cannot assign requested address").
    /// </summary>
    public static PSSocketException FromUnix(SocketException exception, string path, bool listening)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (listening && directory is not null && !Directory.Exists(directory))
        {
            return new PSSocketException("UnixSocketDirectoryNotFound", FaultCategory.ObjectNotFound, path,
                $"Cannot create the socket '{path}': the directory '{directory}' does not exist.", exception);
        }

        if (!listening && !File.Exists(path) && !Directory.Exists(path))
        {
            return new PSSocketException("UnixSocketNotFound", FaultCategory.ObjectNotFound, path,
                $"No socket at '{path}': the file does not exist (is the server running, and is the path right?).", exception);
        }

        return From(exception, path, listening ? "Listening on" : "Connecting to");
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

    /// <summary>How users write endpoints: 127.0.0.1:80 and [::1]:80.</summary>
    public static string Format(IPAddress address, int port) =>
        new IPEndPoint(Plain(address), port).ToString();

    /// <summary>Shows IPv4 peers of a dual-mode socket as IPv4, as netstat does.</summary>
    public static IPAddress Plain(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
