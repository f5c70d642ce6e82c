using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The UDP endpoint's edges: missing and out-of-range arguments, the family a peer socket takes,
/// the receive buffer it asks for, the kernel's drop counter and a closed endpoint.
/// </summary>
public class UdpEndpointEdgeTests
{
    [Fact]
    public async Task Missing_arguments_are_named()
    {
        Assert.Equal("address", Assert.Throws<ArgumentNullException>(() => UdpEndpoint.Bind((IPAddress)null!, 0)).ParamName);
        Assert.Equal("addresses", Assert.Throws<ArgumentNullException>(() => UdpEndpoint.BindSockets(null!, 0)).ParamName);
        Assert.Equal("remote", Assert.Throws<ArgumentNullException>(() => UdpEndpoint.ForPeer(null!, 0)).ParamName);
        Assert.Equal("remote", Assert.Throws<ArgumentNullException>(() => UdpEndpoint.Connect(null!, 0)).ParamName);
        Assert.Equal("socket", Assert.Throws<ArgumentNullException>(() => UdpEndpoint.GrowReceiveBuffer(null!)).ParamName);
        using var endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        Assert.Equal("remote", (await Assert.ThrowsAsync<ArgumentNullException>(() => endpoint.SendToAsync("x"u8.ToArray(), null!, default))).ParamName);
        Assert.Equal("encoding", (await Assert.ThrowsAsync<ArgumentNullException>(() => endpoint.ReceiveAsync(TimeSpan.FromMilliseconds(50), null!, default))).ParamName);
    }

    /// <summary>A UDP port is a 16-bit field (RFC 768); 0 lets the system pick.</summary>
    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_outside_0_to_65535_is_PortOutOfRange(int port)
    {
        var e = Assert.Throws<PSSocketException>(() => UdpEndpoint.Bind(IPAddress.Loopback, port));
        Assert.Equal(("PortOutOfRange", (object)port), (e.ErrorId, e.Target));
    }

    [Theory]
    [InlineData("127.0.0.1", AddressFamily.InterNetwork)]
    [InlineData("::1", AddressFamily.InterNetworkV6)]
    public void A_socket_for_a_peer_or_connected_to_it_takes_the_peers_family(string address, AddressFamily family)
    {
        var ip = IPAddress.Parse(address);
        using var server = UdpEndpoint.Bind(ip, 0);
        using var forPeer = UdpEndpoint.ForPeer(ip, 0);
        using var connected = UdpEndpoint.Connect(server.Local, 0);
        Assert.Equal(family, forPeer.Local.AddressFamily);
        Assert.Equal(family, connected.Local.AddressFamily);
        Assert.Equal(server.Local, connected.Peer);
    }

    /// <summary>
    /// As root, SO_RCVBUFFORCE passes net.core.rmem_max: the kernel keeps twice the size asked for
    /// (socket(7)), so a burst of 8 MiB fits whatever the sysctl says.
    /// </summary>
    [PeerFact(NeedsRoot = true)]
    public void The_receive_buffer_is_the_8_MiB_asked_for_as_root()
    {
        Socket[] sockets = UdpEndpoint.BindSockets([IPAddress.Loopback], 0);
        using var socket = sockets[0];
        Assert.Equal(2 * UdpEndpoint.ReceiveBufferBytes, socket.ReceiveBufferSize);
    }

    /// <summary>The "drops" column of /proc/net/udp (proc(5), the kernel's udp4_format_sock): the 13th field, summed over the rows of the wanted inodes.</summary>
    [Fact]
    public void Drops_are_summed_over_the_rows_of_the_sockets_inodes()
    {
        string[] lines =
        [
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
            "  254: 0100007F:A1B2 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12345 2 0000000000000000 17",
            "  255: 0100007F:A1B3 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 99999 2 0000000000000000 50",
            "  256: 0100007F:A1B4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 678 2 0000000000000000 3",
            "  257: 0100007F:A1B5 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 12345 2 0000000000000000",
            "  258: cut short 0 0 0 0 0 0 678",
            "",
        ];
        long total = 5;
        int found = UdpDrops.Sum(lines, new HashSet<string>(StringComparer.Ordinal) { "12345", "678" }, ref total);
        Assert.Equal((2, 25L), (found, total));
    }

    [Fact]
    public void Drops_refuse_missing_rows_or_inodes()
    {
        Assert.Equal("lines", Assert.Throws<ArgumentNullException>(() => SumOf(null!, new HashSet<string>())).ParamName);
        Assert.Equal("inodes", Assert.Throws<ArgumentNullException>(() => SumOf([], null!)).ParamName);

        static long SumOf(string[] lines, HashSet<string> inodes)
        {
            long total = 0;
            UdpDrops.Sum(lines, inodes, ref total);
            return total;
        }
    }

    /// <summary>A socket that has received nothing has dropped nothing: 0 read from /proc, not "unknown".</summary>
    [LinuxFact]
    public void A_fresh_endpoint_reports_zero_kernel_drops_and_none_once_closed()
    {
        var endpoint = UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0);
        Assert.Equal(0L, endpoint.KernelDrops);
        endpoint.Dispose();
        Assert.Null(endpoint.KernelDrops);
    }

    [Fact]
    public Task A_closed_endpoint_refuses_to_send_and_to_receive() => Bounded(async () =>
    {
        var endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        endpoint.Dispose();
        Assert.True(endpoint.IsDisposed);
        Assert.Throws<ObjectDisposedException>(endpoint.StartReceiving);
        var send = await Assert.ThrowsAsync<PSSocketException>(() => endpoint.SendToAsync("x"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, 9), default));
        Assert.Equal(("ConnectionClosed", "127.0.0.1:" + endpoint.Local.Port), (send.ErrorId, send.Target));
        Assert.StartsWith("Sending:", send.Message, StringComparison.Ordinal);
    });

    /// <summary>Disposing an endpoint ends a receive that is waiting on it at once, as Closed and not as a timeout.</summary>
    [Fact]
    public Task Closing_the_endpoint_ends_a_waiting_receive_as_Closed() => Bounded(async () =>
    {
        var endpoint = UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0);
        Task<UdpDatagram> waiting = endpoint.ReceiveAsync(TimeSpan.FromSeconds(30), Encoding.ASCII, default);
        await Task.Delay(100);
        endpoint.Dispose();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        int port = endpoint.Local.Port;
        Assert.Equal(("ConnectionClosed", $"127.0.0.1:{port}, [::1]:{port}"), (e.ErrorId, e.Target));
        Assert.StartsWith("Receiving:", e.Message, StringComparison.Ordinal);
    });

    /// <summary>An endpoint on both loopbacks answers each peer from the socket of the peer's family.</summary>
    [Fact]
    public Task A_two_family_endpoint_sends_from_the_socket_of_the_peers_family() => Bounded(async () =>
    {
        using var both = UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0);
        Assert.Equal(2, both.Locals.Count);
        using var v6 = UdpEndpoint.Bind(IPAddress.IPv6Loopback, 0);
        await both.SendToAsync("six"u8.ToArray(), v6.Local, default);
        UdpDatagram d = await v6.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal(("six", "::1", both.Local.Port), (d.Text, d.RemoteAddress, d.RemotePort));
    });

    /// <summary>A failed bind of several addresses releases the ones already bound: the port is free again at once.</summary>
    [Fact]
    public void A_bind_that_fails_on_one_address_releases_the_others()
    {
        using var holder = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        int port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var e = Assert.Throws<PSSocketException>(() => UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], port));
        Assert.Equal(("AddressAlreadyInUse", $"[::1]:{port}"), (e.ErrorId, e.Target));
        Assert.StartsWith($"Binding [::1]:{port} failed", e.Message, StringComparison.Ordinal);
        using var again = UdpEndpoint.Bind(IPAddress.Loopback, port);
        Assert.Equal(port, again.Local.Port);
    }

    /// <summary>192.0.2.1 is TEST-NET-1 (RFC 5737): no interface of this machine has it.</summary>
    [Fact]
    public void Binding_an_address_the_machine_does_not_have_is_AddressNotAvailable()
    {
        var e = Assert.Throws<PSSocketException>(() => UdpEndpoint.Bind(IPAddress.Parse("192.0.2.1"), 0));
        Assert.Equal(("AddressNotAvailable", "192.0.2.1:0"), (e.ErrorId, e.Target));
    }

    /// <summary>Linux refuses connect() to a broadcast address without SO_BROADCAST (EACCES), before anything is sent.</summary>
    [Fact]
    public void Connecting_to_a_broadcast_address_without_the_option_is_AccessDenied()
    {
        var e = Assert.Throws<PSSocketException>(() => UdpEndpoint.Connect(new IPEndPoint(IPAddress.Broadcast, 9), 0));
        Assert.Equal(("AccessDenied", "255.255.255.255:9"), (e.ErrorId, e.Target));
        Assert.StartsWith("Connecting to 255.255.255.255:9 failed", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The kernel refuses a broadcast destination unless SO_BROADCAST is set (EACCES), so nothing leaves the machine.</summary>
    [Fact]
    public Task A_refused_send_names_the_destination() => Bounded(async () =>
    {
        using var client = UdpEndpoint.ForPeer(IPAddress.Broadcast, 0);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendToAsync("x"u8.ToArray(), new IPEndPoint(IPAddress.Broadcast, 9), default));
        Assert.StartsWith("Sending to 255.255.255.255:9 failed", e.Message, StringComparison.Ordinal);
    });

    /// <summary>The IPv6 wildcard takes IPv4 peers too (dual mode); ::1 takes IPv6 only.</summary>
    [Fact]
    public Task The_IPv6_wildcard_receives_from_IPv4_peers() => Bounded(async () =>
    {
        using var any = UdpEndpoint.Bind(IPAddress.IPv6Any, 0);
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        await client.SendToAsync("four"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, any.Local.Port), default);
        UdpDatagram d = await any.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal(("four", client.Local.Port), (d.Text, d.RemotePort));
        Assert.Equal($"127.0.0.1:{client.Local.Port} 4 bytes", d.ToString());
    });
}
