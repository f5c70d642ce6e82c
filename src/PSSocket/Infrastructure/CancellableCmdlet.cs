using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of cmdlets that wait on I/O. Ctrl+C cancels the token; PowerShell disposes the cmdlet
/// even when EndProcessing never runs, so the token source and anything registered with
/// <see cref="OwnForCmdletLifetime"/> are released there.
/// </summary>
public abstract class CancellableCmdlet : PSSocketCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<IDisposable> _owned = [];
    private bool _disposed;

    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>Disposes <paramref name="resource"/> when the cmdlet is disposed, however it ends.</summary>
    protected T OwnForCmdletLifetime<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>
    /// The one place where a cmdlet meets engine faults and Ctrl+C: runs <paramref name="work"/>;
    /// cancellation by Ctrl+C surfaces as PipelineStoppedException, an engine fault goes to
    /// <paramref name="onFault"/> (which reports it or throws) and the result is false.
    /// </summary>
    protected bool TryRun(Action work, Action<PSSocketException> onFault)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(onFault);
        try
        {
            work();
            return true;
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new System.Management.Automation.PipelineStoppedException();
        }
        catch (PSSocketException fault)
        {
            onFault(fault);
            return false;
        }
    }

    /// <summary>Waits for engine work on the pipeline thread, faults and Ctrl+C handled as <see cref="TryRun"/> does.</summary>
    protected bool TryWait<T>(Task<T> task, Action<PSSocketException> onFault, out T result)
    {
        ArgumentNullException.ThrowIfNull(task);
        T value = default!;
        bool done = TryRun(() => value = task.GetAwaiter().GetResult(), onFault);
        result = value;
        return done;
    }

    /// <summary>Waits for engine work; an engine fault terminates the cmdlet with its ErrorRecord.</summary>
    protected T Wait<T>(Task<T> task)
    {
        TryWait(task, ThrowFault, out T result);
        return result;
    }

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _stopping.Cancel();
            for (int i = _owned.Count - 1; i >= 0; i--)
            {
                _owned[i].Dispose();
            }

            _stopping.Dispose();
        }
    }
}
