using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// A snap length shorter than the headers a selection reads. The kernel (or libpcap) checks the
/// selection on the whole packet and then cuts it, so tcpdump -s 36 'udp port N' shows every datagram
/// to N; the reader used to check the selection again on the cut frame, found no ports, and dropped
/// them all (found by the capture6 helper's measurements).
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class SnappedSelectionTests
{
    public static TheoryData<string, int> Cases => new()
    {
        // Ethernet on lo: 14 + 20 bytes of IPv4, then the UDP ports at 34 to 37.
        { "Ring", 36 }, // inside the UDP ports
        { "Ring", 20 }, // inside the IPv4 header
        { "Receive", 36 },
        { "Pcap", 36 },
    };

    [RootTheory]
    [MemberData(nameof(Cases))]
    public void Datagrams_the_kernel_selected_are_kept_when_the_snap_length_cuts_their_ports(string backend, int snap)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        using var other = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        var options = new CaptureOptions
        {
            Interface = "lo",
            SnapLength = snap,
            Method = backend == "Receive" ? CaptureMethod.Receive : CaptureMethod.Ring,
            Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]),
        };
        using var capture = backend == "Pcap" ? new CaptureHarness(PcapLibraryCapture.Open(options)) : new CaptureHarness(options);
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        for (int i = 0; i < 3; i++)
        {
            sender.SendTo(new byte[10], receiver.LocalEndPoint!);
            sender.SendTo(new byte[20], other.LocalEndPoint!); // another port: the kernel leaves these out
        }

        // Interleaved with the others, so any that got through would be among the first three.
        var packets = capture.Collect(3, TimeSpan.FromSeconds(10));
        Assert.Equal(3, packets.Count);
        Assert.All(packets, p =>
        {
            Assert.Equal(snap, p.CapturedLength);
            Assert.Equal(14 + 20 + 8 + 10, p.Length);
        });
    }

    /// <summary>
    /// Which cut frames count as decided by the kernel: one cut inside a header, where the whole packet
    /// was longer; not a whole frame, and not IPv6 behind an extension header, which the kernel's program
    /// passes for the reader to decide (RFC 8200 layout: next header at byte 6 of the fixed header).
    /// </summary>
    [Theory]
    [InlineData(17, 56, 100, true)] // UDP, cut inside its ports
    [InlineData(17, 100, 100, false)] // whole
    [InlineData(0, 56, 100, false)] // a Hop-by-Hop Options header first
    [InlineData(17, 30, 100, true)] // cut inside the IPv6 header
    public void A_frame_cut_inside_a_header_counts_as_decided_by_the_kernel_except_behind_an_ipv6_extension_header(byte nextHeader, int captured, int original, bool decided)
    {
        byte[] frame = new byte[original];
        frame[12] = 0x86;
        frame[13] = 0xDD;
        frame[14] = 0x60;
        frame[14 + 5] = (byte)(original - 14 - 40); // payload length
        frame[14 + 6] = nextHeader;
        frame[14 + 7] = 64;
        frame[14 + 40 + 1] = 8; // a Hop-by-Hop header's length (units of 8 bytes beyond the first 8), or a UDP source port's low byte
        FrameDecoder.Decode(frame.AsSpan(0, captured), LinkType.Ethernet, original, out var summary);
        Assert.Equal(decided, PacketFilter.CutBeforeItsFields(frame.AsSpan(0, captured), summary));
    }
}
