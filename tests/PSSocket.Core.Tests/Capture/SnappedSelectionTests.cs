using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// A snap length that cuts a datagram's UDP ports. The kernel (or libpcap) checks the selection on the
/// whole packet and then cuts it, and tcpdump -s 36 'udp port N' on lo keeps each such datagram
/// (tcpdump 4.99 with libpcap 1.10, measured); the reader used to check the ports again on the cut frame,
/// found none, and dropped them all (found by the capture6 helper). A frame cut inside its IPv4 header
/// tcpdump -s 30 'udp port N' drops (0 captured, 2 received by filter), and so do we.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class SnappedSelectionTests
{
    [RootTheory]
    [InlineData("Ring")]
    [InlineData("Receive")]
    [InlineData("Pcap")]
    public void Datagrams_the_kernel_selected_are_kept_when_the_snap_length_cuts_their_ports(string backend)
    {
        // Ethernet on lo: 14 + 20 bytes of IPv4, then the UDP ports at 34 to 37.
        const int Snap = 36;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var other = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        var options = new CaptureOptions
        {
            Interface = "lo",
            SnapLength = Snap,
            Method = backend == "Receive" ? CaptureMethod.Receive : CaptureMethod.Ring,
            Selection = new PacketFilter([PacketProtocol.Udp], [LinuxCaptureTests.Port(receiver)], [IPAddress.Loopback]),
        };
        using var capture = backend == "Pcap" ? new CaptureHarness(PcapLibraryCapture.Open(options)) : new CaptureHarness(options);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        // libpcap on Linux checks the frames that came while it started (before pcap_setfilter, everything passes)
        // once more in user space, on the cut frame, and its count of such frames reaches one or two past them
        // (pcap-linux.c, blocks_to_filter_in_userland): with other traffic on lo during the start, the first
        // datagram sent after Open was dropped there (2 of 3 captured, the kernel counting 72 received; made
        // at will by a flood to another port while Open runs: 2 of 3 at -SnapLength 36, 3 of 3 at 100). One-byte
        // datagrams go first until one is kept, so the measured ones come after that window; the help of
        // -SnapLength says so for users.
        const int Measured = 14 + 20 + 8 + 10, Primer = 14 + 20 + 8 + 1;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (capture.Capture.Captured == 0 && DateTime.UtcNow < until)
        {
            sender.SendTo(new byte[1], receiver.LocalEndPoint!);
            Thread.Sleep(20);
        }

        long primed = capture.Capture.Captured;
        Assert.True(primed > 0, "no datagram to the selected port was kept");
        for (int i = 0; i < 3; i++)
        {
            sender.SendTo(new byte[10], receiver.LocalEndPoint!);
            sender.SendTo(new byte[20], other.LocalEndPoint!); // another port: the kernel leaves these out
        }

        var packets = capture.Collect((int)primed + 3, TimeSpan.FromSeconds(10));
        var counted = capture.Capture.Statistics;
        Assert.True(packets.Count(p => p.Length == Measured) == 3, $"{packets.Count(p => p.Length == Measured)} of 3 captured; kernel: {counted.KernelReceived} received, {counted.KernelDropped} dropped");
        Assert.All(packets, p =>
        {
            Assert.Equal(Snap, p.CapturedLength);
            Assert.Contains(p.Length, new[] { Measured, Primer }); // none of the other port's 20-byte datagrams
        });
    }

    [RootFact]
    public void Datagrams_cut_inside_their_ip_header_are_not_kept_as_tcpdump_keeps_none()
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var capture = new CaptureHarness(new CaptureOptions { Interface = "lo", SnapLength = 30, Selection = new PacketFilter(null, [LinuxCaptureTests.Port(receiver)], null) });
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.SendTo(new byte[10], receiver.LocalEndPoint!);
        Assert.Empty(capture.Collect(1, TimeSpan.FromSeconds(1)));
        Assert.True(capture.Capture.Statistics.KernelReceived >= 1); // the kernel's program passed it; the reader left it out
    }

    /// <summary>
    /// Which cut frames pass a port selection the kernel checked: a UDP header cut inside its ports,
    /// behind IPv4 or a bare IPv6 header; not behind an IPv6 extension header, which the kernel's
    /// program passes for the reader to decide (RFC 8200: next header at byte 6 of the fixed header).
    /// </summary>
    [Theory]
    [InlineData(4, 17, 36, 100, true)] // IPv4: cut inside the ports
    [InlineData(4, 17, 100, 100, false)] // IPv4 whole: its ports are not the selection's
    [InlineData(4, 17, 30, 100, false)] // IPv4 cut inside its header
    [InlineData(4, 6, 36, 100, true)] // TCP likewise
    [InlineData(4, 1, 36, 100, false)] // ICMP has no ports
    [InlineData(6, 17, 56, 100, true)] // IPv6, cut inside the ports
    [InlineData(6, 0, 64, 100, false)] // IPv6 with a Hop-by-Hop Options header, cut inside the ports behind it
    public void A_cut_frame_passes_a_port_selection_the_kernel_checked_only_behind_a_header_it_reads(int version, byte protocol, int captured, int original, bool passes)
    {
        byte[] frame = new byte[original];
        if (version == 4)
        {
            frame[12] = 0x08;
            frame[14] = 0x45;
            frame[14 + 3] = (byte)(original - 14); // total length
            frame[14 + 8] = 64;
            frame[14 + 9] = protocol;
        }
        else
        {
            frame[12] = 0x86;
            frame[13] = 0xDD;
            frame[14] = 0x60;
            frame[14 + 5] = (byte)(original - 14 - 40); // payload length
            frame[14 + 6] = protocol;
            frame[14 + 7] = 64;
            frame[14 + 40] = 17; // after a Hop-by-Hop header (8 bytes): UDP
        }

        var selection = new PacketFilter(null, [9], null);
        FrameDecoder.Decode(frame.AsSpan(0, captured), LinkType.Ethernet, original, out var summary);
        Assert.Equal(passes, selection.Matches(frame.AsSpan(0, captured), summary, portsCheckedOnWholePacket: true));
        Assert.False(selection.Matches(frame.AsSpan(0, captured), summary)); // checked only here: never
    }
}
