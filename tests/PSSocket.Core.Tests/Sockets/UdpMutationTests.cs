using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// What the mutation run of the UDP files (issue #13 item 8) showed no test checked: the limit an
/// IPv4-mapped destination gets, the queue's byte bound as a bound on what is held (not on what
/// passes through), the receive buffer without privilege, what a timed-out or closed receive says,
/// and the text of each ping result.
/// </summary>
public partial class UdpMutationTests
{
    /// <summary>
    /// A dual-mode socket sends to ::ffff:127.0.0.1 over IPv4, so the IPv4 limit applies (RFC 791:
    /// 65,535 less the 20-byte IP and 8-byte UDP headers). The kernel is the oracle: a plain dual-mode
    /// socket finds the longest datagram it sends to that address.
    /// </summary>
    [Fact]
    public Task An_IPv4_mapped_destination_gets_the_IPv4_limit() => Bounded(async () =>
    {
        int most;
        using (var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        using (var plain = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true })
        {
            sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var sinkMapped = new IPEndPoint(IPAddress.Loopback.MapToIPv6(), ((IPEndPoint)sink.LocalEndPoint!).Port);
            plain.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            most = Enumerable.Range(65_400, 200).Last(n =>
            {
                try
                {
                    return plain.SendTo(new byte[n], sinkMapped) == n;
                }
                catch (SocketException x) when (x.SocketErrorCode == SocketError.MessageSize)
                {
                    return false;
                }
            });
        }

        Assert.Equal(65_535 - 20 - 8, most);
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var mapped = new IPEndPoint(IPAddress.Loopback.MapToIPv6(), server.Local.Port);
        using var dual = UdpEndpoint.Bind(IPAddress.IPv6Any, 0);
        await dual.SendToAsync(new byte[most], mapped, default);
        UdpDatagram d = await server.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal((most, "127.0.0.1", dual.Local.Port), (d.Length, d.RemoteAddress, d.RemotePort));
        var e = await Assert.ThrowsAsync<PSSocketException>(() => dual.SendToAsync(new byte[most + 1], mapped, default));
        Assert.Equal(("DatagramTooLong", (object)(most + 1)), (e.ErrorId, e.Target));
        Assert.Contains($"IPv4 address carries at most {most} bytes", e.Message, StringComparison.Ordinal);
    });

    /// <summary>
    /// The 64 MiB bound is on what waits in the queue: a reader that takes each datagram as it comes
    /// gets far more than 64 MiB through, every datagram, none held back.
    /// </summary>
    [Fact]
    public Task More_than_the_queue_bound_passes_through_a_reader_that_keeps_up() => Bounded(async () =>
    {
        const int Size = 65_507;
        int count = (int)(UdpEndpoint.MaxQueuedBytes / Size) + 64;
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        byte[] payload = new byte[Size];
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            await client.SendToAsync(payload, server.Local, default);
            UdpDatagram d = await server.ReceiveAsync(Short, Encoding.ASCII, default);
            Assert.Equal(i, BitConverter.ToInt32(d.Data));
            total += d.Length;
        }

        Assert.True(total > UdpEndpoint.MaxQueuedBytes, $"{total} bytes passed");
    }, seconds: 60);

    /// <summary>
    /// Past the queue's 65,536 datagrams the receive loop waits and leaves the rest in the kernel's
    /// buffer, which counts what it cannot hold: every datagram sent either reaches the reader, in the
    /// order sent, or is in the kernel's drop count (/proc/net/udp); none is lost unseen.
    /// </summary>
    [LinuxFact]
    public Task More_datagrams_than_the_queue_holds_are_received_in_order_or_counted_as_dropped() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        server.StartReceiving();
        int sent = UdpEndpoint.QueueCapacity + 4_000;
        NumberedDatagrams.Send(server.Local, sent, 8);

        int received = 0;
        int last = -1;
        try
        {
            while (true)
            {
                int sequence = NumberedDatagrams.Number((await server.ReceiveAsync(TimeSpan.FromMilliseconds(500), Encoding.ASCII, default)).Data);
                Assert.True(sequence > last, $"{sequence} after {last}");
                last = sequence;
                received++;
            }
        }
        catch (PSSocketException e) when (e.ErrorId == "TimedOut")
        {
            // drained
        }

        Assert.Equal(sent, received + server.KernelDrops!.Value);
    }, seconds: 60);

    /// <summary>
    /// Without CAP_NET_ADMIN, SO_RCVBUFFORCE is refused and the plain request is capped at
    /// net.core.rmem_max; the kernel keeps twice the value it granted (socket(7)). As root the socket is
    /// made on a thread that drops to nobody with the raw setresuid call, which changes only that
    /// thread's credentials and clears its capabilities.
    /// </summary>
    [LinuxFact]
    public void Without_privilege_the_receive_buffer_is_the_systems_cap_doubled()
    {
        long rmemMax = long.Parse(File.ReadAllText("/proc/sys/net/core/rmem_max").Trim(), CultureInfo.InvariantCulture);
        int size = 0;
        Assert.Null(Unprivileged.Run(() =>
        {
            using Socket socket = UdpEndpoint.BindSockets([IPAddress.Loopback], 0)[0];
            size = socket.ReceiveBufferSize;
        }));
        Assert.Equal(2 * Math.Min(UdpEndpoint.ReceiveBufferBytes, rmemMax), size);
    }

    [Fact]
    public Task A_receive_that_times_out_says_where_it_waited_and_how_long() => Bounded(async () =>
    {
        using var server = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveAsync(TimeSpan.FromMilliseconds(120), Encoding.ASCII, default));
        Assert.Equal(("TimedOut", FaultCategory.OperationTimeout), (e.ErrorId, e.Category));
        Assert.Equal($"Receiving on 127.0.0.1:{server.Local.Port} timed out after 0.12 s.", e.Message);
    });

    /// <summary>A receive on an endpoint already closed is ConnectionClosed, as a send is, not a raw .NET exception.</summary>
    [Fact]
    public Task A_receive_on_a_closed_endpoint_is_ConnectionClosed() => Bounded(async () =>
    {
        var endpoint = UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0);
        int port = endpoint.Local.Port;
        endpoint.Dispose();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => endpoint.ReceiveAsync(Short, Encoding.ASCII, default));
        Assert.Equal(("ConnectionClosed", FaultCategory.InvalidOperation, (object)$"127.0.0.1:{port}, [::1]:{port}"), (e.ErrorId, e.Category, e.Target));
        Assert.StartsWith("Receiving:", e.Message, StringComparison.Ordinal);
    });

    /// <summary>A receive started before the close and one started after: both end as ConnectionClosed, neither waits out its timeout.</summary>
    [Fact]
    public Task Receives_queued_on_a_closing_endpoint_all_end_as_ConnectionClosed() => Bounded(async () =>
    {
        var endpoint = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        Task<UdpDatagram> first = endpoint.ReceiveAsync(TimeSpan.FromSeconds(30), Encoding.ASCII, default);
        Task<UdpDatagram> second = endpoint.ReceiveAsync(TimeSpan.FromSeconds(30), Encoding.ASCII, default);
        await Task.Delay(100);
        endpoint.Dispose();
        foreach (Task<UdpDatagram> waiting in new[] { first, second })
        {
            var e = await Assert.ThrowsAsync<PSSocketException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal("ConnectionClosed", e.ErrorId);
        }
    });

    /// <summary>
    /// An address the machine lacks is an error even beside another: only ::1 is dropped quietly
    /// (192.0.2.1 is TEST-NET-1, RFC 5737, on no interface).
    /// </summary>
    [Fact]
    public void A_missing_address_other_than_IPv6_loopback_fails_the_bind_beside_another()
    {
        var e = Assert.Throws<PSSocketException>(() => UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.Parse("192.0.2.1")], 0));
        Assert.Equal("AddressNotAvailable", e.ErrorId);
        Assert.StartsWith("192.0.2.1:", (string)e.Target!, StringComparison.Ordinal);
    }

    /// <summary>The IPv6 wildcard answers a plain IPv4 destination (127.0.0.1, not ::ffff:127.0.0.1) over IPv4.</summary>
    [Fact]
    public Task The_IPv6_wildcard_sends_to_a_plain_IPv4_address() => Bounded(async () =>
    {
        using var any = UdpEndpoint.Bind(IPAddress.IPv6Any, 0);
        using var v4 = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        await any.SendToAsync("four"u8.ToArray(), v4.Local, default);
        UdpDatagram d = await v4.ReceiveAsync(Short, Encoding.ASCII, default);
        Assert.Equal(("four", "127.0.0.1", any.Local.Port), (d.Text, d.RemoteAddress, d.RemotePort));
    });

    /// <summary>What Receive-UdpDatagram -Summary shows is what it was handed.</summary>
    [Fact]
    public void A_receive_summary_keeps_what_it_was_given()
    {
        DateTimeOffset first = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var summary = new UdpReceiveSummary("127.0.0.1:5000, [::1]:5000", 3, 300, 2, first, first.AddSeconds(1));
        Assert.Equal(("127.0.0.1:5000, [::1]:5000", 3L, 300L, (long?)2, (DateTimeOffset?)first, (DateTimeOffset?)first.AddSeconds(1)),
            (summary.LocalEndpoints, summary.Received, summary.Bytes, summary.KernelDrops, summary.FirstAt, summary.LastAt));
    }

    /// <summary>
    /// The drops of no socket, or of a socket with no row in /proc/net/udp (a TCP socket), are unknown
    /// (null), not 0; a missing list is refused.
    /// </summary>
    [LinuxFact]
    public void Drops_are_unknown_for_no_socket_and_for_a_socket_without_a_UDP_row()
    {
        Assert.Equal("sockets", Assert.Throws<ArgumentNullException>(() => UdpDrops.Read(null!)).ParamName);
        Assert.Null(UdpDrops.Read([]));
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Null(UdpDrops.Read([tcp]));
    }

    /// <summary>A connected endpoint's receive after its peer's port answered ICMP port unreachable says what it was doing.</summary>
    [Fact]
    public Task A_refused_receive_on_a_connected_endpoint_names_the_peer() => Bounded(async () =>
    {
        // A port held by a socket connected elsewhere: the kernel answers anything else sent to it with port unreachable.
        using var held = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        held.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        held.Connect(new IPEndPoint(IPAddress.Loopback, 1));
        var peer = (IPEndPoint)held.LocalEndPoint!;
        using var connected = UdpEndpoint.Connect(peer, 0);
        connected.StartReceiving();
        await connected.SendToAsync("x"u8.ToArray(), peer, default);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => connected.ReceiveAsync(Short, Encoding.ASCII, default));
        Assert.Equal(("ConnectionRefused", (object)$"127.0.0.1:{peer.Port}"), (e.ErrorId, e.Target));
        Assert.StartsWith($"Receiving from 127.0.0.1:{peer.Port} failed", e.Message, StringComparison.Ordinal);
    });

    /// <summary>The lines Test-UdpEcho prints, one per status, in the words and layout of ping(8).</summary>
    [Fact]
    public void Each_ping_result_reads_like_ping()
    {
        Assert.Equal("Reply from 127.0.0.1:7: seq=3 time=1.500 ms", new UdpPingResult(3, "127.0.0.1:7", UdpPingStatus.Success, 1.5, "PING 3").ToString());
        Assert.Equal("Wrong reply from [::1]:7: seq=4 time=0.125 ms", new UdpPingResult(4, "[::1]:7", UdpPingStatus.WrongReply, 0.125, "pong").ToString());
        Assert.Equal("Destination port unreachable: seq=5", new UdpPingResult(5, "127.0.0.1:7", UdpPingStatus.PortUnreachable, null, null).ToString());
        Assert.Equal("Request timed out: seq=6", new UdpPingResult(6, "127.0.0.1:7", UdpPingStatus.TimedOut, null, null).ToString());
    }

    /// <summary>
    /// A datagram from source port 0 (sent through a raw socket with a UDP header of our own, to
    /// loopback only): Linux's udp_sendmsg refuses a destination port of 0 (EINVAL), so its echo cannot
    /// go out. It counts as received, not as echoed or sent, is named in LastError, and the next
    /// datagram is echoed as usual.
    /// </summary>
    [RootFact]
    public Task An_echo_that_cannot_go_out_is_not_counted_as_echoed_and_the_server_goes_on() => Bounded(async () =>
    {
        using var server = EchoServer.Start(new EchoServerOptions { Protocol = SocketProtocol.Udp, Address = IPAddress.Loopback });
        byte[] datagram = [0, 0, (byte)(server.LocalPort >> 8), (byte)server.LocalPort, 0, 8 + 5, 0, 0, .. "hello"u8];
        using (var raw = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Udp))
        {
            raw.SendTo(datagram, new IPEndPoint(IPAddress.Loopback, 0));
        }

        for (int i = 0; i < 200 && server.LastError is null; i++)
        {
            await Task.Delay(25);
        }

        Assert.Contains("Invalid argument", server.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((1L, 5L, 0L, 0L, 0L), (server.DatagramsReceived, server.BytesReceived, server.DatagramsEchoed, server.BytesSent, server.DatagramsDropped));

        using var client = UdpEndpoint.Bind(IPAddress.Loopback, 0);
        await client.SendToAsync("again"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, server.LocalPort), default);
        Assert.Equal("again", (await client.ReceiveAsync(Short, Encoding.ASCII, default)).Text);
        Assert.Equal((2L, 10L, 1L, 5L), (server.DatagramsReceived, server.BytesReceived, server.DatagramsEchoed, server.BytesSent));
    });
}
