using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace PSSocket.Core.Host;

/// <summary>
/// macOS (and any platform without a better source): .NET's view of the TCP and UDP tables
/// (sysctl net.inet.*.pcblist on macOS). It cannot fill owning process, user, queue sizes or
/// inodes, and lists no AF_UNIX sockets: macOS gives those only through libproc per process,
/// which needs the caller to own the process or be root.
/// </summary>
internal sealed class PortableSocketTable : ISocketTableSource
{
    private readonly IPGlobalProperties _properties = IPGlobalProperties.GetIPGlobalProperties();

    public IEnumerable<SocketTableEntry> Read(SocketTableProtocol protocol) => protocol switch
    {
        SocketTableProtocol.Tcp => _properties.GetActiveTcpListeners().Select(l => Entry(protocol, l, null, TcpState.Listen))
            .Concat(_properties.GetActiveTcpConnections().Select(c => Entry(protocol, c.LocalEndPoint, c.RemoteEndPoint, c.State))),
        SocketTableProtocol.Udp => _properties.GetActiveUdpListeners().Select(l => Entry(protocol, l, null, TcpState.Unknown)),
        _ => [],
    };

    public void AddOwners(IReadOnlyList<SocketTableEntry> entries)
    {
        // Nothing to add: see the class remarks.
    }

    internal static SocketTableEntry Entry(SocketTableProtocol protocol, IPEndPoint local, IPEndPoint? remote, TcpState state)
    {
        IPAddress none = local.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        SocketTableState s = protocol == SocketTableProtocol.Udp ? SocketTableState.Unconnected : state switch
        {
            TcpState.Listen => SocketTableState.Listen,
            TcpState.Established => SocketTableState.Established,
            TcpState.SynSent => SocketTableState.SynSent,
            TcpState.SynReceived => SocketTableState.SynReceived,
            TcpState.FinWait1 => SocketTableState.FinWait1,
            TcpState.FinWait2 => SocketTableState.FinWait2,
            TcpState.TimeWait => SocketTableState.TimeWait,
            TcpState.Closed => SocketTableState.Closed,
            TcpState.CloseWait => SocketTableState.CloseWait,
            TcpState.LastAck => SocketTableState.LastAck,
            TcpState.Closing => SocketTableState.Closing,
            _ => SocketTableState.Unknown,
        };
        string family = local.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
        return new SocketTableEntry(protocol, family, local.Address.ToString(), local.Port, (remote?.Address ?? none).ToString(), remote?.Port ?? 0,
            s, null, null, null, 0);
    }
}
