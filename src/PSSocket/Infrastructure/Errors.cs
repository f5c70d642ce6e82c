using System.Management.Automation;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>Builds ErrorRecords: stable ErrorId, specific category, the offending input as target.</summary>
internal static class Errors
{
    public static ErrorRecord From(PSSocketException fault) =>
        new(fault, fault.ErrorId, Map(fault.Category), fault.Target);

    public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target) =>
        new(exception, errorId, category, target);

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
