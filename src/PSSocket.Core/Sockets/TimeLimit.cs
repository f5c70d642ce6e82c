namespace PSSocket.Core.Sockets;

/// <summary>
/// Bounds a socket operation in time. The one place where a wait that ran out becomes a fault
/// (TimedOut), while the caller's own cancellation (Ctrl+C) stays a cancellation.
/// </summary>
internal static class TimeLimit
{
    /// <summary>A token cancelled by <paramref name="cancellationToken"/> or after <paramref name="timeout"/> (never, when infinite).</summary>
    public static CancellationTokenSource Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(timeout);
        }

        return deadline;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> with a token that also ends after <paramref name="timeout"/>;
    /// running out raises <paramref name="timedOut"/>'s fault. Without a limit (infinite) no linked
    /// token is made, which matters for server loops that wait for each next peer.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, TimeSpan timeout, Func<PSSocketException> timedOut, CancellationToken cancellationToken)
    {
        using var deadline = timeout == Timeout.InfiniteTimeSpan ? null : Start(timeout, cancellationToken);
        try
        {
            return await operation(deadline?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw timedOut();
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{CancellationToken, Task{T}}, TimeSpan, Func{PSSocketException}, CancellationToken)"/>
    public static Task RunAsync(Func<CancellationToken, Task> operation, TimeSpan timeout, Func<PSSocketException> timedOut, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        }, timeout, timedOut, cancellationToken);
}
