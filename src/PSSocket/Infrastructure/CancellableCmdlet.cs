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
    /// Waits for engine work on the pipeline thread. Cancellation by Ctrl+C surfaces as
    /// PipelineStoppedException; an engine fault terminates the cmdlet with its ErrorRecord.
    /// </summary>
    protected T Wait<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new System.Management.Automation.PipelineStoppedException();
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            throw; // unreachable: ThrowFault always throws
        }
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
