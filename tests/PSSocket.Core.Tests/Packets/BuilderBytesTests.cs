using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// Built packets compared byte for byte with the same packets written by a python script from the RFC layouts
/// (struct.pack, RFC 1071 sum over the RFC 793/768/4443 pseudo-headers), not read back through our decoder.
/// </summary>
public partial class BuilderBytesTests
{
    private static readonly IPAddress Source4 = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Destination4 = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Source6 = IPAddress.Parse("2001:db8::1");
    private static readonly IPAddress Destination6 = IPAddress.Parse("2001:db8::2");

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    [Fact]
    public void A_syn_with_linux_options_over_ethernet_is_the_bytes_python_writes()
    {
        var t = new PacketTemplate
        {
            Source = Source4,
            Destination = Destination4,
            Kind = CraftedTransport.Tcp,
            LinkType = LinkType.Ethernet,
            SourceMac = "02:00:00:00:00:01",
            DestinationMac = "02:00:00:00:00:02",
            Dscp = 10,
            Ecn = 2,
            Identification = 0x1234,
            SourcePort = 40000,
            DestinationPort = 80,
            Sequence = 1000,
            MaximumSegmentSize = 1460,
            SackPermitted = true,
            Timestamps = (1, 0),
            WindowScale = 7,
        };

        // MSS, SACK_PERM, TS, NOP, WS: data offset 10; DF; TTL 64; window 65535; IP 0x3c22, TCP 0xbb4a.
        Assert.Equal(
            "020000000002020000000001" + "0800" + "452a003c1234400040063c22c0000201c6336407" +
            "9c400050000003e800000000a002ffffbb4a0000020405b40402080a000000010000000001030307",
            Hex(PacketBuilder.Build(t)));
    }

    [Fact]
    public void A_udp_datagram_over_ipv6_is_the_bytes_python_writes()
    {
        var t = new PacketTemplate
        {
            Source = Source6,
            Destination = Destination6,
            Kind = CraftedTransport.Udp,
            Dscp = 46,
            Ecn = 1,
            FlowLabel = 0x12345,
            Ttl = 255,
            SourcePort = 53,
            DestinationPort = 33434,
            Payload = "abcd"u8.ToArray(),
        };

        Assert.Equal(
            "6b912345000c11ff20010db800000000000000000000000120010db8000000000000000000000002" + "0035829a000c5ccb61626364",
            Hex(PacketBuilder.Build(t)));
    }

    [Fact]
    public void Icmp_echoes_are_the_bytes_python_writes_over_either_ip_version()
    {
        var v4 = new PacketTemplate
        {
            Source = Source4,
            Destination = Destination4,
            Kind = CraftedTransport.IcmpEcho,
            IcmpIdentifier = 0x5872,
            IcmpSequence = 1,
            Payload = [0, 1, 2, 3, 4, 5, 6, 7],
        };
        Assert.Equal("450000240000400040014e9dc0000201c63364070800937c587200010001020304050607", Hex(PacketBuilder.Build(v4)));

        var v6 = new PacketTemplate
        {
            Source = Source6,
            Destination = Destination6,
            Kind = CraftedTransport.IcmpEcho,
            IcmpIdentifier = 0x5873,
            IcmpSequence = 2,
            Payload = "xy"u8.ToArray(),
        };
        Assert.Equal(
            "60000000000a3a4020010db800000000000000000000000120010db80000000000000000000000028000535758730002" + "7879",
            Hex(PacketBuilder.Build(v6)));
    }

    [Fact]
    public void An_ip_option_is_padded_to_4_bytes_and_counted_in_the_ihl()
    {
        var t = new PacketTemplate
        {
            Source = Source4,
            Destination = Destination4,
            Kind = CraftedTransport.Tcp,
            IPOptions = [1],
            SourcePort = 40000,
            DestinationPort = 80,
            Sequence = 1000,
            Payload = "hi"u8.ToArray(),
        };

        Assert.Equal("4600002e0000400040064c8ec0000201c633640701000000" + "9c400050000003e8000000005002ffffbac200006869", Hex(PacketBuilder.Build(t)));
    }

    [Fact]
    public void Forty_bytes_of_options_fit_and_forty_one_do_not()
    {
        // RFC 791 and RFC 9293: a 4-bit header length in 32-bit words leaves 60 − 20 = 40 bytes for options.
        byte[] ip = PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Udp, IPOptions = new byte[40] });
        Assert.Equal(0x4f, ip[0]);
        var ipError = Assert.Throws<PSSocketException>(() =>
            PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Udp, IPOptions = new byte[41] }));
        Assert.Equal("IPOptionsTooLong", ipError.ErrorId);

        byte[] tcp = PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Tcp, TcpOptions = new byte[40] });
        Assert.Equal(0xf0, tcp[20 + 12] & 0xf0);
        var tcpError = Assert.Throws<PSSocketException>(() =>
            PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Tcp, MaximumSegmentSize = 1460, TcpOptions = new byte[37] }));
        Assert.Equal("TcpOptionsTooLong", tcpError.ErrorId);
    }

    [Fact]
    public void Mixed_families_other_link_types_and_bad_mac_addresses_are_refused_by_name()
    {
        Assert.Equal("MixedAddressFamilies", Assert.Throws<PSSocketException>(() =>
            PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination6 })).ErrorId);
        Assert.Equal("MixedAddressFamilies", Assert.Throws<PSSocketException>(() =>
            PacketBuilder.Build(new PacketTemplate { Source = Source6, Destination = Destination4 })).ErrorId);
        Assert.Equal("UnsupportedLinkType", Assert.Throws<PSSocketException>(() =>
            PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, LinkType = LinkType.LinuxSll })).ErrorId);
        Assert.Equal("InvalidMacAddress", Assert.Throws<PSSocketException>(() =>
            PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, LinkType = LinkType.Ethernet, SourceMac = "02:00:00:00:01" })).ErrorId);
    }

    [Fact]
    public void The_template_defaults_are_what_linux_sends()
    {
        // TTL 64, DF, an echo request (ICMP type 8), zero MAC addresses, a SYN with window 65535: Linux's defaults (ip(7), tcp(7)).
        byte[] frame = PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.IcmpEcho, LinkType = LinkType.Ethernet });
        Assert.Equal("000000000000000000000000", Hex(frame[..12]));
        Assert.Equal(64, frame[14 + 8]);
        Assert.Equal(0x40, frame[14 + 6]);
        Assert.Equal(8, frame[14 + 20]); // echo request

        byte[] syn = PacketBuilder.Build(new PacketTemplate { Source = Source4, Destination = Destination4, Kind = CraftedTransport.Tcp });
        Assert.Equal(0x02, syn[20 + 13]);
        Assert.Equal("ffff", Hex(syn[(20 + 14)..(20 + 16)]));
    }
}
