namespace PSSocket.Core;

/// <summary>
/// A failure the engine can name: a stable ErrorId, a category and the input that caused it.
/// Cmdlets turn it into an ErrorRecord without knowing what went wrong.
/// </summary>
public sealed class PSSocketException : Exception
{
    public PSSocketException()
        : this(nameof(PSSocketException), FaultCategory.InvalidOperation, null, "The operation failed.")
    {
    }

    public PSSocketException(string message)
        : this(nameof(PSSocketException), FaultCategory.InvalidOperation, null, message)
    {
    }

    public PSSocketException(string message, Exception innerException)
        : this(nameof(PSSocketException), FaultCategory.InvalidOperation, null, message, innerException)
    {
    }

    public PSSocketException(string errorId, FaultCategory category, object? target, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    /// <summary>A stable PascalCase identifier, the first part of FullyQualifiedErrorId.</summary>
    public string ErrorId { get; }

    public FaultCategory Category { get; }

    /// <summary>The offending input: a name, a path, an endpoint, the bytes.</summary>
    public object? Target { get; }
}
