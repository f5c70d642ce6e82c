using System.Globalization;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>
/// Turns socket failures into faults named after their <see cref="SocketError"/> (ConnectionRefused,
/// TimedOut, HostNotFound...), with the endpoint as target, so scripts can match a stable ErrorId.
/// </summary>
internal static class SocketFaults
{
    /// <summary>
    /// What an accept loop does after a failed accept: out of descriptors or of buffer memory, the next
    /// accept fails at once until something is freed, so the loop waits 50 ms instead of retrying at full
    /// speed (measured: a whole CPU for as long as the table stayed full; AcceptExhaustionTests).
    /// </summary>
    public static Task AfterFailedAcceptAsync(SocketError error) =>
        error is SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable ? Task.Delay(50, CancellationToken.None) : Task.CompletedTask;

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
}
