using System.Management.Automation;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Wait-TcpConnection: accepts the next connection on each listener given (accept(2)).</summary>
[Cmdlet(VerbsLifecycle.Wait, "TcpConnection")]
[OutputType(typeof(SocketConnection))]
public sealed class WaitTcpConnectionCommand : SocketCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SocketListener[] Listener { get; set; } = [];

    /// <summary>Seconds to wait for a peer.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double Timeout { get; set; } = 30;

    /// <summary>How many connections to accept from each listener.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Count { get; set; } = 1;

    protected override void ProcessRecord()
    {
        foreach (SocketListener listener in Listener)
        {
            for (int i = 0; i < Count; i++)
            {
                if (!TryWait(listener.AcceptAsync(Seconds(Timeout), StopToken), out SocketConnection connection))
                {
                    break;
                }

                WriteVerbose($"Connected by {connection.RemoteAddress}:{connection.RemotePort}");
                WriteObject(connection);
            }
        }
    }
}
