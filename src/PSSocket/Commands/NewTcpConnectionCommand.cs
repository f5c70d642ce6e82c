using System.Management.Automation;
using PSSocket.Core.Sockets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// New-TcpConnection: connects (connect(2)). A host name is tried address by address until one
/// accepts; -UnixPath connects to an AF_UNIX stream socket instead.
/// </summary>
[Cmdlet(VerbsCommon.New, "TcpConnection", SupportsShouldProcess = true, DefaultParameterSetName = TcpSet)]
[OutputType(typeof(SocketConnection))]
public sealed class NewTcpConnectionCommand : SocketCmdlet
{
    private const string TcpSet = "Tcp";
    private const string UnixSet = "Unix";

    [Parameter(Position = 0, ParameterSetName = TcpSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Host", "HostName")]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = "localhost";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = TcpSet, ValueFromPipelineByPropertyName = true)]
    public int Port { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = UnixSet)]
    [ValidateNotNullOrEmpty]
    public string UnixPath { get; set; } = string.Empty;

    /// <summary>Seconds to wait for each address to accept.</summary>
    [Parameter]
    [ValidateRange(0.001, 86400)]
    public double Timeout { get; set; } = 5;

    /// <summary>Bind this local port first (0: any).</summary>
    [Parameter(ParameterSetName = TcpSet)]
    public int LocalPort { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    public IPFamily AddressFamily { get; set; } = IPFamily.Any;

    protected override void ProcessRecord()
    {
        string target = ParameterSetName == UnixSet ? UnixPath : $"{ComputerName} port {Port}";
        if (!ShouldProcess(target, "Connect"))
        {
            return;
        }

        Task<SocketConnection> connecting = ParameterSetName == UnixSet
            ? StreamConnector.ConnectUnixAsync(GetUnresolvedProviderPathFromPSPath(UnixPath), Seconds(Timeout), StopToken)
            : StreamConnector.ConnectAsync(ComputerName, Port, Seconds(Timeout), LocalPort, IPFamilies.ToAddressFamily(AddressFamily), StopToken);
        if (TryWait(connecting, out SocketConnection connection))
        {
            WriteObject(connection);
        }
    }
}
