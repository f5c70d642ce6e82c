using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>Receiving under load, the kernel's drop counter, and serving both loopbacks.</summary>
public class UdpLoadTests
{
    [Fact]
    public void Localhost_binds_both_loopbacks_on_one_port()
    {
        IPAddress[] both = HostResolver.ParseBindAddresses("localhost");
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], both);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], HostResolver.ParseBindAddresses(null));
        Assert.Equal([IPAddress.Any], HostResolver.ParseBindAddresses("0.0.0.0"));
        using var endpoint = UdpEndpoint.Bind(both, 0);
        Assert.Equal(2, endpoint.Locals.Count);
        Assert.Equal(endpoint.Locals[0].Port, endpoint.Locals[1].Port);
        Assert.Equal(IPAddress.IPv6Loopback, endpoint.Locals[1].Address);
    }

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_server_on_localhost_answers_a_client_of_either_family(string client) => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(HostResolver.ParseBindAddresses("localhost"), 0);
        var target = new IPEndPoint(IPAddress.Parse(client), server.Local.Port);
        using var peer = UdpEndpoint.Connect(target, 0);
        await peer.SendToAsync("hi"u8.ToArray(), target, default);
        UdpDatagram request = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal(client, request.LocalAddress);
        await UdpReplies.SendAsync(request, "ho"u8.ToArray(), default);
        Assert.Equal("ho", (await peer.ReceiveAsync(Short, Encoding.ASCII, default)).Text);
    });

    [Fact]
    public void The_drops_column_of_proc_net_udp_is_read_for_the_socket_s_inode()
    {
        // Rows as Linux 6.x prints them (header, then one socket per line; drops is the last column).
        string[] lines =
        [
            "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
            " 1234: 0100007F:A2C3 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 424242 2 0000000000000000 17",
            " 1235: 0100007F:A2C4 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 424243 2 0000000000000000 99",
        ];
        long total = 0;
        Assert.Equal(1, UdpDrops.Sum(lines, new HashSet<string> { "424242" }, ref total));
        Assert.Equal(17, total);
    }

    [LinuxFact]
    public Task Every_datagram_sent_is_either_received_or_counted_as_dropped_by_the_kernel() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        Assert.Equal(0, server.KernelDrops);
        // Nothing takes datagrams out yet: far more than the receive buffer holds must overflow it.
        const int Sent = 40_000;
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            sender.Connect(server.Local);
            byte[] payload = new byte[512];
            for (int i = 0; i < Sent; i++)
            {
                sender.Send(payload);
            }
        }

        long dropped = server.KernelDrops!.Value;
        Assert.InRange(dropped, 1, Sent - 1);
        Assert.Equal(dropped, SsDrops(server.Local.Port) ?? dropped);
        int received = 0;
        try
        {
            while (true)
            {
                await server.ReceiveAsync(TimeSpan.FromMilliseconds(500), Encoding.ASCII, default);
                received++;
            }
        }
        catch (PSSocketException e) when (e.ErrorId == "TimedOut")
        {
            // drained
        }

        Assert.Equal(Sent, received + dropped);
    }, seconds: 60);

    [Fact]
    public Task A_slow_reader_does_not_make_the_kernel_drop_a_burst_the_queue_can_hold() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        server.StartReceiving();
        const int Sent = 20_000;
        NumberedDatagrams.Send(server.Local, Sent, 64);

        // Only now does the reader start: the background loop held them all.
        var seen = new HashSet<int>();
        for (int i = 0; i < Sent - (int)(server.KernelDrops ?? 0); i++)
        {
            UdpDatagram d = await server.ReceiveAsync(Short, Encoding.ASCII, default);
            seen.Add(NumberedDatagrams.Number(d.Data));
        }

        Assert.Equal(0, server.KernelDrops ?? 0);
        Assert.Equal(Sent, seen.Count);
    }, seconds: 60);

    /// <summary>The kernel's drop count for a UDP port as ss shows it (skmem d), an independent reading; null without ss.</summary>
    private static long? SsDrops(int port)
    {
        if (!Peers.Exists("ss"))
        {
            return null;
        }

        string output = Peer.Run("ss", ["-u", "-a", "-n", "-m", "sport", "=", ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Out;
        var match = System.Text.RegularExpressions.Regex.Match(output, @"\bd(\d+)\)");
        return match is { Success: true } ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
