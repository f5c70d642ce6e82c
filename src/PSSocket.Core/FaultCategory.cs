namespace PSSocket.Core;

/// <summary>
/// What kind of failure an engine operation met. The cmdlet layer maps each member to the
/// PowerShell ErrorCategory of the same name; the engine stays free of PowerShell types.
/// </summary>
public enum FaultCategory
{
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    ConnectionError,
    ResourceUnavailable,
    ResourceExists,
    PermissionDenied,
    OperationTimeout,
    OperationStopped,
    InvalidOperation,
    NotImplemented,
    ProtocolError,
    ReadError,
    WriteError,
}
