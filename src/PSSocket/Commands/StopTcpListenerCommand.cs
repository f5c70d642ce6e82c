using System.Management.Automation;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Stop-TcpListener: closes listening sockets (and removes an AF_UNIX listener's socket file).</summary>
[Cmdlet(VerbsLifecycle.Stop, "TcpListener", SupportsShouldProcess = true)]
[OutputType(typeof(SocketListener))]
public sealed class StopTcpListenerCommand : PSSocketCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SocketListener[] Listener { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (SocketListener listener in Listener)
        {
            if (ShouldProcess(listener.ToString(), "Stop listening"))
            {
                listener.Stop();
                if (PassThru)
                {
                    WriteObject(listener);
                }
            }
        }
    }
}
