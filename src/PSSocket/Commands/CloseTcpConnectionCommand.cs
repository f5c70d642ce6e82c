using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Close-TcpConnection: closes connections, or with -Shutdown Send half-closes them (the peer
/// reads end of stream, this side can still receive). -Reset closes with a RST instead of a FIN.
/// </summary>
[Cmdlet(VerbsCommon.Close, "TcpConnection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = CloseSet)]
[OutputType(typeof(SocketConnection))]
public sealed class CloseTcpConnectionCommand : PSSocketCmdlet
{
    private const string CloseSet = "Close";
    private const string ShutdownSet = "Shutdown";
    private const string ResetSet = "Reset";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public SocketConnection[] Connection { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ShutdownSet)]
    public ShutdownDirection Shutdown { get; set; }

    /// <summary>Abort with a reset (RST), as a crashed program would; unsent data is discarded.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public SwitchParameter Reset { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string action = ParameterSetName switch
        {
            ShutdownSet => $"Shut down {Shutdown}",
            ResetSet => "Reset",
            _ => "Close",
        };
        foreach (SocketConnection connection in Connection)
        {
            if (!ShouldProcess(connection.ToString(), action))
            {
                continue;
            }

            try
            {
                switch (ParameterSetName)
                {
                    case ShutdownSet:
                        connection.Shutdown(Shutdown);
                        break;
                    case ResetSet:
                        connection.Abort();
                        break;
                    default:
                        connection.Close();
                        break;
                }
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
                continue;
            }

            if (PassThru)
            {
                WriteObject(connection);
            }
        }
    }
}
