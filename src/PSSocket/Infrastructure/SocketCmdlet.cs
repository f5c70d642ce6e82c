using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Sockets;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of the socket cmdlets: waits on engine work like <see cref="CancellableCmdlet"/>, but a
/// failure of one input (one connection timing out, one host refusing) is reported and the
/// cmdlet goes on with the next.
/// </summary>
public abstract class SocketCmdlet : CancellableCmdlet
{
    /// <summary>Waits; on an engine fault writes a non-terminating error and returns false.</summary>
    protected bool TryWait<T>(Task<T> task, out T result) => TryWait(task, WriteFault, out result);

    /// <summary>
    /// Reports a fault, except TimedOut where <paramref name="timeoutEnds"/>: serving or receiving
    /// until silence ends by running out of time, which is then only said in verbose output.
    /// </summary>
    protected void WriteFault(PSSocketException fault, bool timeoutEnds)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (timeoutEnds && SocketFaults.IsTimedOut(fault))
        {
            WriteVerbose(fault.Message);
        }
        else
        {
            WriteFault(fault);
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
