using System.Management.Automation;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of the socket cmdlets: waits on engine work like <see cref="CancellableCmdlet"/>, but a
/// failure of one input (one connection timing out, one host refusing) is reported and the
/// cmdlet goes on with the next.
/// </summary>
public abstract class SocketCmdlet : CancellableCmdlet
{
    /// <summary>Waits; on an engine fault writes a non-terminating error and returns false.</summary>
    protected bool TryWait<T>(Task<T> task, out T result)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            result = task.GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
            result = default!;
            return false;
        }
    }

    /// <inheritdoc cref="TryWait{T}(Task{T}, out T)"/>
    protected bool TryWait(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return TryWait(AsValue(task), out _);

        static async Task<bool> AsValue(Task task)
        {
            await task.ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>Seconds as users give them (-Timeout 1, -Timeout 0.25).</summary>
    protected static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
}
