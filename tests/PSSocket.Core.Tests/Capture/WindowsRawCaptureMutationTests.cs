using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The Windows raw-socket reader beyond what CaptureQueueTests checks: its reader loop on a datagram
/// socket here (handover as packets come, the socket's errors, a socket closed under it, Dispose),
/// its selection on frames no kernel checked, and the parts of Open that do not need Windows (the
/// address it binds, what a set-up error means), on synthetic interfaces and errors. Written for the
/// survivors of the Capture base mutation run (tests/stryker/Capture-base-survivors.md).
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class WindowsRawCaptureMutationTests
{
    private static readonly CaptureInterface Loopback = new("lo", 1, null, ["127.0.0.1"], 65536, true, true, -1, LinkType.RawIP, ["Native"]);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void Open_anywhere_but_windows_is_CapturePlatformNotSupported()
    {
        Assert.Throws<ArgumentNullException>(() => WindowsRawCapture.Open(null!));
        var e = Assert.Throws<PSSocketException>(() => WindowsRawCapture.Open(new CaptureOptions { Interface = "lo" }));
        Assert.Equal("CapturePlatformNotSupported", e.ErrorId);
        Assert.Equal(FaultCategory.NotImplemented, e.Category);
    }

    [Fact]
    public void The_raw_socket_binds_the_interfaces_first_ipv4_address()
    {
        var device = Interface("eth9", 3, ["fe80::1", "not an address", "2001:db8::7", "192.0.2.7", "198.51.100.1"]);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), WindowsRawCapture.BindAddress(device, "eth9"));
    }

    [Fact]
    public void The_any_interface_and_an_interface_without_ipv4_are_refused_by_name()
    {
        var any = Assert.Throws<PSSocketException>(() => WindowsRawCapture.BindAddress(Interface("any", 0, ["192.0.2.7"]), "any"));
        Assert.Equal("CaptureInterfaceRequired", any.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, any.Category);
        Assert.Equal("any", any.Target);

        var v6 = Assert.Throws<PSSocketException>(() => WindowsRawCapture.BindAddress(Interface("eth9", 3, ["fe80::1", "2001:db8::7"]), "eth9"));
        Assert.Equal("CaptureInterfaceHasNoAddress", v6.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, v6.Category);
        Assert.Equal("eth9", v6.Target);
    }

    /// <summary>WSAEACCES (10013) is what Windows gives a raw socket without elevation; any other error is a set-up failure that keeps its cause.</summary>
    [Fact]
    public void A_setup_error_is_CapturePermissionDenied_only_for_access_denied()
    {
        var device = Interface("eth9", 3, ["192.0.2.7"]);
        var address = IPAddress.Parse("192.0.2.7");
        var denied = WindowsRawCapture.SetupFault(device, address, new SocketException((int)SocketError.AccessDenied));
        Assert.Equal("CapturePermissionDenied", denied.ErrorId);
        Assert.Equal(FaultCategory.PermissionDenied, denied.Category);
        Assert.Equal("eth9", denied.Target);

        var cause = new SocketException((int)SocketError.AddressNotAvailable);
        var failed = WindowsRawCapture.SetupFault(device, address, cause);
        Assert.Equal("CaptureSetupFailed", failed.ErrorId);
        Assert.Equal(FaultCategory.ResourceUnavailable, failed.Category);
        Assert.Same(cause, failed.InnerException);
        Assert.Contains("192.0.2.7", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_describes_itself_as_an_ipv4_raw_socket_reader()
    {
        using var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var capture = new WindowsRawCapture(new CaptureOptions(), Loopback, source);
        Assert.Equal(LinkType.RawIP, capture.LinkType);
        Assert.Contains("SIO_RCVALL", capture.Description, StringComparison.Ordinal);
    }

    /// <summary>The reader may wait in Poll next, so each packet must reach the consumer at once, not when the capture ends.</summary>
    [Fact]
    public async Task Each_packet_reaches_the_consumer_while_the_capture_still_runs()
    {
        using var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var capture = new WindowsRawCapture(new CaptureOptions(), Loopback, source);
        using var stop = new CancellationTokenSource();
        await using var packets = capture.ReadAllAsync(stop.Token).GetAsyncEnumerator();
        var next = packets.MoveNextAsync().AsTask();
        using var feeder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var before = DateTimeOffset.UtcNow;
        feeder.SendTo(Ip(5000, [1, 2, 3]), source.LocalEndPoint!);
        Assert.True(await Ends(next), "the packet waited with the reader");
        Assert.True(await next);
        Assert.Equal(5000, packets.Current.DestinationPort);
        Assert.InRange(packets.Current.Timestamp, before, DateTimeOffset.UtcNow); // the time it was read: the socket gives none
        Assert.Equal(1, capture.Captured);
        await stop.CancelAsync();
        Assert.False(await packets.MoveNextAsync().AsTask().WaitAsync(Bound));
    }

    /// <summary>
    /// A raw socket has no kernel program, so the reader checks the selection on the frame as cut: a
    /// datagram cut (-SnapLength 22) two bytes into its UDP header has no ports to match and is left
    /// out, where a kernel-checked capture keeps it (SnappedSelectionTests); cut after them (28) it is kept.
    /// </summary>
    [Theory]
    [InlineData(22, 0)]
    [InlineData(28, 2)]
    public void A_datagram_cut_before_its_ports_does_not_pass_a_port_selection(int snap, int kept)
    {
        using var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        var options = new CaptureOptions { SnapLength = snap, Selection = new PacketFilter([PacketProtocol.Udp], [5000], null) };
        using var capture = new CaptureHarness(new WindowsRawCapture(options, Loopback, source));
        using var feeder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        feeder.SendTo(Ip(5000, new byte[40]), source.LocalEndPoint!);
        feeder.SendTo(Ip(5000, new byte[40]), source.LocalEndPoint!);
        var until = DateTime.UtcNow + Bound;
        while (source.Available > 0 && DateTime.UtcNow < until)
        {
            Thread.Sleep(10); // until the reader has taken both from the socket
        }

        var packets = capture.Collect(kept, TimeSpan.FromSeconds(1));
        Assert.Equal(2, capture.Capture.Statistics.KernelReceived);
        Assert.Equal(kept, packets.Count);
        Assert.All(packets, p => Assert.Equal(snap, p.CapturedLength));
    }

    /// <summary>
    /// A receive error ends the stream with CaptureSetupFailed naming the interface. Here: the socket,
    /// connected to a peer, holds a datagram from it; the peer closes and the socket's next datagram to
    /// it draws an ICMP port unreachable, so the socket is readable and its next receive fails with
    /// ECONNREFUSED (Linux reports ICMP errors on connected UDP sockets, udp(7); the pending error
    /// comes before the queued datagram, as python's recv shows on this kernel).
    /// </summary>
    [Fact]
    public async Task A_receive_error_ends_the_stream_with_CaptureSetupFailed()
    {
        using var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using (var peer = LinuxCaptureTests.UdpOn(IPAddress.Loopback))
        {
            source.Connect(peer.LocalEndPoint!);
            peer.SendTo(Ip(5000, [1]), source.LocalEndPoint!);
        }

        source.Send([1]);
        using var capture = new WindowsRawCapture(new CaptureOptions(), Loopback, source);
        var reading = CaptureHarness.ReadToEndAsync(capture);
        Assert.True(await Ends(reading), "the reader did not end on the socket's error");
        var fault = await Assert.ThrowsAsync<PSSocketException>(() => reading);
        Assert.Equal("CaptureSetupFailed", fault.ErrorId);
        Assert.Equal(FaultCategory.ResourceUnavailable, fault.Category);
        Assert.Equal("lo", fault.Target);
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(fault.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task A_socket_closed_under_the_reader_ends_the_stream_quietly()
    {
        var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var capture = new WindowsRawCapture(new CaptureOptions(), Loopback, source);
        var reading = CaptureHarness.ReadToEndAsync(capture);
        await Task.Delay(100);
        source.Dispose();
        Assert.True(await Ends(reading), "the reader did not end when its socket closed");
        Assert.Empty(await reading);
    }

    /// <summary>
    /// An IPv4 packet is at most 65,535 bytes (RFC 791's 16-bit total length), and the raw socket hands
    /// it over whole into the reader's 64 KiB buffer. A UDP datagram cannot carry one that size (65,507
    /// bytes at most), so a Unix datagram socket carries it here. A message longer than the buffer is
    /// taken as cut to the buffer (Windows reports WSAEMSGSIZE, .NET on Linux MessageSize), not as a failure.
    /// </summary>
    [Theory]
    [InlineData(65535, 65535)]
    [InlineData(70000, 65536)]
    public void The_largest_ip_packet_fits_the_buffer_and_a_longer_message_is_cut_to_it(int sent, int taken)
    {
        string path = Path.Combine(Path.GetTempPath(), "pssocket-raw-" + Guid.NewGuid().ToString("n")[..8]);
        try
        {
            using var source = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            source.Bind(new UnixDomainSocketEndPoint(path));
            using var feeder = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { SendBufferSize = 1 << 20 };
            byte[] message = [.. Ip(5000, new byte[65535 - 28]), .. new byte[sent - 65535]];
            using var capture = new CaptureHarness(new WindowsRawCapture(new CaptureOptions(), Loopback, source));
            feeder.SendTo(message, new UnixDomainSocketEndPoint(path));
            var p = Assert.Single(capture.Collect(1));
            Assert.Equal(taken, p.Length);
            Assert.Equal(message[..taken], p.Data);
            Assert.Equal(5000, p.DestinationPort);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Dispose_closes_the_socket()
    {
        var source = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        var capture = new WindowsRawCapture(new CaptureOptions(), Loopback, source);
        capture.Dispose();
        Assert.True(source.SafeHandle.IsClosed);
    }

    private static CaptureInterface Interface(string name, int index, string[] addresses) =>
        new(name, index, null, addresses, 1500, true, false, 1, LinkType.RawIP, ["Native"]);

    private static async Task<bool> Ends(Task task) => await Task.WhenAny(task, Task.Delay(Bound)) == task;

    private static byte[] Ip(int port, byte[] payload) => PacketFactory.Build(new PacketTemplate
    {
        Source = IPAddress.Loopback,
        Destination = IPAddress.Loopback,
        Kind = CraftedTransport.Udp,
        SourcePort = 40010,
        DestinationPort = port,
        Payload = payload,
        LinkType = LinkType.RawIP,
    }).Data;
}
