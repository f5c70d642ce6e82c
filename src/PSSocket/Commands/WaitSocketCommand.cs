using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Host;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">select() for scripts: waits until listeners, connections or UDP sockets are ready, and says for what.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "Socket")]
[OutputType(typeof(SocketReadiness))]
public sealed class WaitSocketCommand : CancellableCmdlet
{
    private readonly List<SocketWaiter.Target> _targets = [];

    /// <summary>Listeners, connections and UDP sockets (System.Net.Sockets.Socket or UdpClient); all are waited on together.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object[] InputObject { get; set; } = [];

    /// <summary>Seconds to wait; 0 only looks. Without it, waits until a socket is ready or Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue / 1000)]
    public double Timeout { get; set; } = -1;

    /// <summary>Wait for sockets to read from: a pending connection, data, or a closed peer (the default).</summary>
    [Parameter]
    public SwitchParameter Read { get; set; }

    /// <summary>Wait for connections with room to send.</summary>
    [Parameter]
    public SwitchParameter Write { get; set; }

    protected override void ProcessRecord()
    {
        foreach (object item in InputObject)
        {
            object value = PipelineValue.Unwrap(item);
            try
            {
                _targets.Add(SocketWaiter.ToTarget(value));
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_targets.Count == 0)
        {
            return;
        }

        bool read = Read || !Write;
        TimeSpan? timeout = Timeout < 0 ? null : TimeSpan.FromSeconds(Timeout);
        List<SocketReadiness> ready;
        try
        {
            ready = SocketWaiter.Wait(_targets, read, Write, timeout, StopToken);
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        WriteObject(ready, enumerateCollection: true);
    }
}
