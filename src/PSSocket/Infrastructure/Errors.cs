using System.Management.Automation;
using System.Net.Sockets;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>Builds ErrorRecords: stable ErrorId, specific category, the offending input as target.</summary>
internal static class Errors
{
    public static ErrorRecord From(PSSocketException fault) =>
        new(fault, fault.ErrorId, Map(fault.Category), fault.Target);

    public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target) =>
        new(exception, errorId, category, target);

    /// <summary>A socket failure, named after its SocketError (ConnectionRefused, TimedOut, ...).</summary>
    public static ErrorRecord FromSocket(SocketException exception, object? target) =>
        new(exception, exception.SocketErrorCode.ToString(), SocketCategory(exception.SocketErrorCode), target);

    internal static ErrorCategory SocketCategory(SocketError error) => error switch
    {
        SocketError.TimedOut or SocketError.WouldBlock => ErrorCategory.OperationTimeout,
        SocketError.AccessDenied => ErrorCategory.PermissionDenied,
        SocketError.AddressAlreadyInUse => ErrorCategory.ResourceExists,
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => ErrorCategory.ObjectNotFound,
        SocketError.AddressNotAvailable or SocketError.InvalidArgument or SocketError.AddressFamilyNotSupported => ErrorCategory.InvalidArgument,
        SocketError.OperationAborted or SocketError.Interrupted => ErrorCategory.OperationStopped,
        SocketError.NoBufferSpaceAvailable or SocketError.TooManyOpenSockets => ErrorCategory.ResourceUnavailable,
        _ => ErrorCategory.ConnectionError,
    };

    internal static ErrorCategory Map(FaultCategory category) => category switch
    {
        FaultCategory.InvalidArgument => ErrorCategory.InvalidArgument,
        FaultCategory.InvalidData => ErrorCategory.InvalidData,
        FaultCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
        FaultCategory.ConnectionError => ErrorCategory.ConnectionError,
        FaultCategory.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        FaultCategory.ResourceExists => ErrorCategory.ResourceExists,
        FaultCategory.PermissionDenied => ErrorCategory.PermissionDenied,
        FaultCategory.OperationTimeout => ErrorCategory.OperationTimeout,
        FaultCategory.OperationStopped => ErrorCategory.OperationStopped,
        FaultCategory.InvalidOperation => ErrorCategory.InvalidOperation,
        FaultCategory.NotImplemented => ErrorCategory.NotImplemented,
        FaultCategory.ProtocolError => ErrorCategory.ProtocolError,
        FaultCategory.ReadError => ErrorCategory.ReadError,
        FaultCategory.WriteError => ErrorCategory.WriteError,
        _ => ErrorCategory.NotSpecified,
    };
}
