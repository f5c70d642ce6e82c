using System.Text;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// Frames for the dissector written byte by byte from the standards, not through our builders:
/// DHCP (RFC 2131/2132), IGMPv2 (RFC 2236), 802.1Q, NDP (RFC 4861), LLDP (IEEE 802.1AB), PPPoE
/// (RFC 2516), radiotap (radiotap.org) with 802.11 management and data frames (IEEE 802.11 9.2-9.3),
/// and the inputs on which PacketDotNet 1.4.8 would loop (NDP, DRDA, OSPF).
/// </summary>
internal static class DissectorFrames
{
    public static readonly byte[] ClientMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    public static readonly byte[] ServerMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];
    public static readonly byte[] Bssid = [0x02, 0x00, 0x00, 0x00, 0x00, 0xAA];

    /// <summary>DHCPDISCOVER, 0.0.0.0:68 to 255.255.255.255:67, xid 0x3903F326, broadcast flag, requesting 192.168.1.100.</summary>
    public static byte[] DhcpDiscover()
    {
        var bootp = new List<byte> { 1, 1, 6, 0, 0x39, 0x03, 0xF3, 0x26, 0, 0, 0x80, 0 };
        bootp.AddRange(new byte[16]);                    // ciaddr yiaddr siaddr giaddr
        bootp.AddRange(ClientMac);
        bootp.AddRange(new byte[10 + 64 + 128]);          // chaddr padding, sname, file
        bootp.AddRange([0x63, 0x82, 0x53, 0x63]);         // magic cookie
        bootp.AddRange([53, 1, 1]);                       // message type: DISCOVER
        bootp.AddRange([50, 4, 192, 168, 1, 100]);        // requested address
        bootp.AddRange([55, 3, 1, 3, 6]);                 // parameter request list
        bootp.Add(255);
        byte[] udp = [0, 68, 0, 67, .. Be16(8 + bootp.Count), 0, 0, .. bootp];
        return [.. Ethernet([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 0x0800), .. IPv4(17, 64, [0, 0, 0, 0], [255, 255, 255, 255], [], udp)];
    }

    /// <summary>IGMPv2 Membership Report for 224.0.0.251 from 192.168.1.10, with the Router Alert option RFC 2236 asks for.</summary>
    public static byte[] IgmpV2Report()
    {
        byte[] igmp = [0x16, 0, 0, 0, 224, 0, 0, 251];
        Put16(igmp, 2, Checksum(igmp));
        return [.. Ethernet([0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB], 0x0800), .. IPv4(2, 1, [192, 168, 1, 10], [224, 0, 0, 251], [0x94, 0x04, 0x00, 0x00], igmp)];
    }

    /// <summary>A UDP datagram 10.0.0.1:5000 to 10.0.0.2:53 in an 802.1Q tag: priority 5, DEI 0, VLAN 100.</summary>
    public static byte[] VlanTagged()
    {
        byte[] udp = [0x13, 0x88, 0, 53, 0, 12, 0, 0, 0xDE, 0xAD, 0xBE, 0xEF];
        byte[] eth = Ethernet(ServerMac, 0x8100);
        return [.. eth, 0xA0, 0x64, 0x08, 0x00, .. IPv4(17, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], udp)];
    }

    /// <summary>Neighbor Solicitation from fe80::1 for fe80::2, to its solicited-node group, with a source link-layer address option.</summary>
    public static byte[] NeighborSolicitation(byte optionLength = 1)
    {
        byte[] src = [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        byte[] dst = [0xFF, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0, 0, 2];
        byte[] target = [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
        byte[] icmp = [135, 0, 0, 0, 0, 0, 0, 0, .. target, 1, optionLength, .. ClientMac];
        byte[] pseudo = [.. src, .. dst, 0, 0, .. Be16(icmp.Length), 0, 0, 0, 58, .. icmp];
        Put16(icmp, 2, Checksum(pseudo));
        byte[] ip6 = [0x60, 0, 0, 0, .. Be16(icmp.Length), 58, 255, .. src, .. dst];
        return [.. Ethernet([0x33, 0x33, 0xFF, 0x00, 0x00, 0x02], 0x86DD), .. ip6, .. icmp];
    }

    /// <summary>
    /// An LLDPDU (IEEE 802.1AB-2016 8.4-8.5) to the nearest-bridge group 01:80:C2:00:00:0E: chassis
    /// ID (MAC subtype 4), port ID (interface-name subtype 5, "eth0"), TTL 120 s, port description
    /// "uplink", system name "sw1", system description "lab switch", capabilities bridge+router with
    /// router enabled, management address 10.0.0.1 on ifIndex 3, end.
    /// </summary>
    public static byte[] Lldp() =>
    [
        .. Ethernet([0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E], 0x88CC),
        .. Tlv(1, [4, .. ClientMac]),
        .. Tlv(2, [5, .. "eth0"u8]),
        .. Tlv(3, Be16(120)),
        .. Tlv(4, "uplink"u8.ToArray()),
        .. Tlv(5, "sw1"u8.ToArray()),
        .. Tlv(6, "lab switch"u8.ToArray()),
        .. Tlv(7, [.. Be16(0x0014), .. Be16(0x0004)]),
        .. Tlv(8, [5, 1, 10, 0, 0, 1, 2, 0, 0, 0, 3, 0]), // address string length, IANA family 1 (IPv4), address, ifIndex subtype 2, number 3, OID length 0
        .. Tlv(0, []),
    ];

    /// <summary>An LLDP TLV: 7 bits of type and 9 bits of length, then the value (802.1AB 8.4.1).</summary>
    public static byte[] Tlv(int type, byte[] value) => [.. Be16((type << 9) | value.Length), .. value];

    /// <summary>PADI (RFC 2516 5.1): broadcast, version 1, type 1, code 0x09, session 0, an empty Service-Name TAG and a Host-Uniq TAG DEADBEEF.</summary>
    public static byte[] PppoePadi()
    {
        byte[] tags = [0x01, 0x01, 0, 0, 0x01, 0x03, 0, 4, 0xDE, 0xAD, 0xBE, 0xEF];
        return [.. Ethernet([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], 0x8863), 0x11, 0x09, 0, 0, .. Be16(tags.Length), .. tags];
    }

    /// <summary>A PPPoE session frame (RFC 2516 6): session 0x1234, PPP protocol 0x0021 (IPv4), UDP 10.0.0.1:40000 to 10.0.0.2:40001 "lab".</summary>
    public static byte[] PppoeSession()
    {
        byte[] ppp = [0x00, 0x21, .. IPv4(17, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], Udp([10, 0, 0, 1], [10, 0, 0, 2], 40000, 40001, "lab"u8.ToArray()))];
        return [.. Ethernet(ServerMac, 0x8864), 0x11, 0x00, 0x12, 0x34, .. Be16(ppp.Length), .. ppp];
    }

    /// <summary>
    /// A radiotap header (radiotap.org): version 0, pad, length 15 (little-endian), present 0x2E =
    /// Flags (bit 1, u8, 0), Rate (bit 2, u8, 2 x 500 kb/s), Channel (bit 3, two u16 aligned to 2:
    /// 2437 MHz, flags 0x00A0 CCK + 2 GHz), antenna signal (bit 5, s8, -50 dBm).
    /// </summary>
    public static byte[] Radiotap() => [0, 0, 15, 0, 0x2E, 0, 0, 0, 0x00, 0x02, 0x85, 0x09, 0xA0, 0x00, 0xCE];

    /// <summary>
    /// A beacon (IEEE 802.11-2020 9.3.3.3) from BSSID 02:00:00:00:00:aa, sequence number 1: timestamp
    /// 0x1122334455, interval 100 TU, capabilities 0x0401 (ESS, short slot), SSID "lab", rates, channel 6.
    /// </summary>
    public static byte[] RadiotapBeacon() =>
    [
        .. Radiotap(), 0x80, 0x00, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. Bssid, .. Bssid, 0x10, 0x00,
        0x55, 0x44, 0x33, 0x22, 0x11, 0, 0, 0, 100, 0, 0x01, 0x04,
        0, 3, .. "lab"u8, 1, 4, 0x82, 0x84, 0x8B, 0x96, 3, 1, 6,
    ];

    /// <summary>
    /// A data frame to the AP (To DS; 802.11 9.3.2.1: address 1 BSSID, 2 source, 3 destination),
    /// sequence number 2, carrying LLC/SNAP (AA AA 03, OUI 0, type 0x0800) and the UDP datagram of
    /// <see cref="PppoeSession"/>; with <paramref name="qos"/> the QoS data subtype and a QoS Control field (TID 5).
    /// </summary>
    public static byte[] RadiotapData(bool qos)
    {
        byte[] ip = IPv4(17, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], Udp([10, 0, 0, 1], [10, 0, 0, 2], 40000, 40001, "lab"u8.ToArray()));
        byte[] header = [qos ? (byte)0x88 : (byte)0x08, 0x01, 0x2C, 0x00, .. Bssid, .. ClientMac, .. ServerMac, 0x20, 0x00];
        return [.. Radiotap(), .. header, .. (qos ? new byte[] { 0x05, 0x00 } : []), 0xAA, 0xAA, 0x03, 0, 0, 0, 0x08, 0x00, .. ip];
    }

    /// <summary>
    /// A TCP segment 10.0.0.1:50000 to 10.0.0.2:50001 whose payload PacketDotNet 1.4.8 takes for DRDA
    /// (byte 2 is 0xD0 and the second header's length is the first's less 6), with a DDM length of 0
    /// after the first, on which its DrdaDdmPackets loop would never end.
    /// </summary>
    public static byte[] DrdaZeroLength()
    {
        byte[] payload = [0x00, 0x0C, 0xD0, 0x01, 0x00, 0x01, 0x00, 0x06, 0x10, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        byte[] tcp = [0xC3, 0x50, 0xC3, 0x51, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xFF, 0xFF, 0, 0, 0, 0, .. payload];
        return [.. Ethernet(ServerMac, 0x0800), .. IPv4(6, 64, [10, 0, 0, 1], [10, 0, 0, 2], [], tcp)];
    }

    /// <summary>
    /// OSPFv2 Link State Update (RFC 2328 A.3.5) from router 10.0.0.1 saying it carries 0xFFFFFFFF
    /// LSAs, the first a router LSA whose length field is 0 (A.4.1 says at least the 20-byte header).
    /// </summary>
    public static byte[] OspfZeroLengthLsa()
    {
        byte[] lsa = [0, 1, 0x02, 0x01, 10, 0, 0, 1, 10, 0, 0, 1, 0x80, 0, 0, 1, 0, 0, 0, 0];
        byte[] ospf = [2, 4, 0, 0, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, .. lsa];
        Put16(ospf, 2, ospf.Length);
        return [.. Ethernet([0x01, 0x00, 0x5E, 0x00, 0x00, 0x05], 0x0800), .. IPv4(89, 1, [10, 0, 0, 1], [224, 0, 0, 5], [], ospf)];
    }

    public static byte[] Ethernet(byte[] destination, int etherType) => [.. destination, .. ClientMac, .. Be16(etherType)];

    public static byte[] IPv4(byte protocol, byte ttl, byte[] source, byte[] destination, byte[] options, byte[] payload)
    {
        int headerLength = 20 + options.Length;
        byte[] header = [(byte)(0x40 | headerLength / 4), 0, .. Be16(headerLength + payload.Length), 0, 1, 0, 0, ttl, protocol, 0, 0, .. source, .. destination, .. options];
        Put16(header, 10, Checksum(header));
        return [.. header, .. payload];
    }

    /// <summary>A UDP datagram with its checksum over the RFC 768 pseudo-header.</summary>
    public static byte[] Udp(byte[] source, byte[] destination, int sourcePort, int destinationPort, byte[] payload)
    {
        byte[] udp = [.. Be16(sourcePort), .. Be16(destinationPort), .. Be16(8 + payload.Length), 0, 0, .. payload];
        Put16(udp, 6, Checksum([.. source, .. destination, 0, 17, .. Be16(udp.Length), .. udp]));
        return udp;
    }

    public static string Text(byte[] bytes) => Encoding.ASCII.GetString(bytes);

    public static byte[] Be16(int value) => [(byte)(value >> 8), (byte)value];

    public static void Put16(byte[] buffer, int offset, int value) => (buffer[offset], buffer[offset + 1]) = ((byte)(value >> 8), (byte)value);

    /// <summary>The Internet checksum (RFC 1071), written out here rather than taken from the code under test.</summary>
    public static int Checksum(byte[] data)
    {
        long sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (int)~sum & 0xFFFF;
    }
}
