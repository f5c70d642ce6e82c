using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// New-TcpListener: binds and listens. TCP on loopback unless -Address says otherwise; -UnixPath
/// makes an AF_UNIX stream listener that the same Wait/Send/Receive/Close cmdlets serve.
/// </summary>
[Cmdlet(VerbsCommon.New, "TcpListener", SupportsShouldProcess = true, DefaultParameterSetName = TcpSet)]
[OutputType(typeof(SocketListener))]
public sealed class NewTcpListenerCommand : PSSocketCmdlet
{
    private const string TcpSet = "Tcp";
    private const string UnixSet = "Unix";

    /// <summary>0 (the default) lets the system pick a free port; read it back from LocalPort.</summary>
    [Parameter(Position = 0, ParameterSetName = TcpSet)]
    public int Port { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = "127.0.0.1";

    [Parameter(Mandatory = true, ParameterSetName = UnixSet)]
    [ValidateNotNullOrEmpty]
    public string UnixPath { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(1, 65535)]
    public int Backlog { get; set; } = 128;

    [Parameter(ParameterSetName = TcpSet)]
    public SwitchParameter DualMode { get; set; }

    protected override void EndProcessing()
    {
        string target = ParameterSetName == UnixSet ? UnixPath : $"{Address} port {Port}";
        if (!ShouldProcess(target, "Listen"))
        {
            return;
        }

        try
        {
            WriteObject(ParameterSetName == UnixSet
                ? SocketListener.StartUnix(GetUnresolvedProviderPathFromPSPath(UnixPath), Backlog)
                : SocketListener.Start(HostResolver.ParseBindAddress(Address), Port, Backlog, DualMode));
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }
    }
}
