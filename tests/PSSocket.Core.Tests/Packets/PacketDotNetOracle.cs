using System.Globalization;
using System.Net;
using PSSocket.Core.Packets;
using Pdn = PacketDotNet;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// PacketDotNet 1.4.8 as a differential oracle: a second, independently written decoder. For every
/// field both decoders expose, our packet object and PacketDotNet's parse of the same bytes must
/// agree. Where our field is null (the bytes were not captured) nothing is compared: PacketDotNet
/// reads past a short buffer's end as zeros or throws, and what it reports there is counted as
/// invented, never as the truth. Where PacketDotNet throws, ours must still decode without throwing.
/// </summary>
internal sealed class PacketDotNetOracle
{
    /// <summary>Field comparisons made, per "Layer.Field".</summary>
    public Dictionary<string, int> Compared { get; } = [];

    /// <summary>"Layer.Field" PacketDotNet reported where our decoder has no captured bytes (ours null).</summary>
    public Dictionary<string, int> Invented { get; } = [];

    /// <summary>Fields whose PacketDotNet accessor threw while ours had a value.</summary>
    public Dictionary<string, int> TheyThrew { get; } = [];

    public List<string> Disagreements { get; } = [];

    /// <summary>
    /// Disagreements the RFCs decide against PacketDotNet, counted and then compared on the corrected
    /// value: "TCP.UrgentPointer": PacketDotNet 1.4.8 reads the field as a signed 16-bit number
    /// (-3563 for 61973), where RFC 9293 §3.1 makes it a 16-bit unsigned offset; likewise the UDP length
    /// (RFC 768), the IPv4 flags (RFC 791) and the Linux cooked header's packet and ARPHRD types; "IPv6 extension
    /// header length misread": see <see cref="Walk"/>'s IPv6 comparison.
    /// </summary>
    public Dictionary<string, int> TheirFaults { get; } = [];

    public int Frames { get; private set; }

    /// <summary>Frames PacketDotNet could not parse at all (ParsePacket threw).</summary>
    public int ParseFailures { get; private set; }

    /// <summary>Frames where PacketDotNet threw somewhere and ours reported no problem at all.</summary>
    public List<string> ThrewOnCleanFrame { get; } = [];

    public int TotalCompared => Compared.Values.Sum();

    /// <summary>Decodes <paramref name="frame"/> both ways and compares every shared field; ours must not throw.</summary>
    public void Check(byte[] frame, LinkType linkType, string label)
    {
        Frames++;
        var ours = new Packet(Frames, 0, null, linkType, frame.Length, frame, null);

        // Everything a user can reach on the packet: none of it may throw on any bytes.
        _ = (ours.Info, ours.ToString(), ours.Source, ours.Destination, ours.Problems, ours.Payload);
        string context = $"{label} [{linkType}] {Convert.ToHexString(frame)}";
        bool threw = false;
        Pdn.Packet? theirs;
        try
        {
            theirs = Pdn.Packet.ParsePacket((Pdn.LinkLayers)(int)linkType, frame);
        }
#pragma warning disable CA1031 // any exception PacketDotNet throws is an outcome to count
        catch (Exception)
#pragma warning restore CA1031
        {
            ParseFailures++;
            theirs = null;
            threw = true;
        }

        if (theirs is not null)
        {
            var walk = new Walk(this, context);
            walk.Frame(ours, theirs);
            threw = walk.Threw;
        }

        if (threw && ours.Problems == PacketProblems.None)
        {
            ThrewOnCleanFrame.Add(context);
        }
    }

    public string Report() =>
        $"{Frames} frames, {TotalCompared} field comparisons ({Compared.Count} distinct fields), " +
        $"{ParseFailures} PacketDotNet parse failures, invented by PacketDotNet: " +
        string.Join(", ", Invented.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}×{kv.Value}")) +
        "; PacketDotNet faults: " + string.Join(", ", TheirFaults.Select(kv => $"{kv.Key}×{kv.Value}")) +
        "; threw: " + string.Join(", ", TheyThrew.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}×{kv.Value}"));

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>One frame's comparison; PacketDotNet parses lazily, so any accessor may throw.</summary>
    private sealed class Walk(PacketDotNetOracle oracle, string context)
    {
        public bool Threw { get; private set; }

        public void Frame(Packet ours, Pdn.Packet theirs)
        {
            if (ours.Ethernet is { } eth && theirs is Pdn.EthernetPacket e)
            {
                Ethernet(eth, e);
            }

            if (ours.LinuxSll is { Version: 1 } sll && theirs is Pdn.LinuxSllPacket s1)
            {
                Field("SLL.PacketType", sll.PacketType, () => Unsigned("SLL.PacketType", (int)s1.Type, 0xFFFF));
                Field("SLL.ArphrdType", sll.ArphrdType, () => Unsigned("SLL.ArphrdType", s1.LinkLayerAddressType, 0xFFFF));
                Field("SLL.AddressLength", sll.AddressLength, () => Unsigned("SLL.AddressLength", s1.LinkLayerAddressLength, 0xFFFF));
                Field("SLL.Address", sll.AddressLength is <= 8 ? Mac(sll.Address) : null, () => Convert.ToHexString(s1.LinkLayerAddress));
                Field("SLL.Protocol", sll.Protocol, () => (int)s1.EthernetProtocolType);
            }

            if (ours.LinuxSll is { Version: 2 } sll2 && theirs is Pdn.LinuxSll2Packet s2)
            {
                Field("SLL2.Protocol", sll2.Protocol, () => (int)s2.EthernetProtocolType);
                Field("SLL2.InterfaceIndex", sll2.InterfaceIndex, () => s2.InterfaceIndex);
                Field("SLL2.ArphrdType", sll2.ArphrdType, () => Unsigned("SLL2.ArphrdType", s2.LinkLayerAddressType, 0xFFFF));
                Field("SLL2.PacketType", sll2.PacketType, () => (int)s2.Type);
                Field("SLL2.AddressLength", sll2.AddressLength, () => s2.LinkLayerAddressLength);
                Field("SLL2.Address", sll2.AddressLength is <= 8 ? Mac(sll2.Address) : null, () => Convert.ToHexString(s2.LinkLayerAddress));
            }

            if (ours.Arp is { } arp)
            {
                Arp(arp, Extract<Pdn.ArpPacket>(theirs, "ARP"));
            }

            if (ours.IPv4 is { } v4)
            {
                IPv4(v4, Extract<Pdn.IPv4Packet>(theirs, "IPv4"));
            }

            if (ours.IPv6 is { } v6 && !IPv6(v6, Extract<Pdn.IPv6Packet>(theirs, "IPv6"), ours.IPBytes(6)!))
            {
                return; // PacketDotNet lost its way in the extension headers: what follows is at another offset
            }

            if (ours.Tcp is { } tcp)
            {
                Tcp(tcp, Extract<Pdn.TcpPacket>(theirs, "TCP"));
            }

            if (ours.Udp is { } udp)
            {
                Udp(udp, Extract<Pdn.UdpPacket>(theirs, "UDP"));
            }

            if (ours.Icmp is { IPVersion: 4 } icmp)
            {
                Icmp(icmp, Extract<Pdn.IcmpV4Packet>(theirs, "ICMP"));
            }

            if (ours.Icmp is { IPVersion: 6 } icmp6)
            {
                IcmpV6(icmp6, Extract<Pdn.IcmpV6Packet>(theirs, "ICMPv6"));
            }
        }

        private void Ethernet(EthernetHeader ours, Pdn.EthernetPacket theirs)
        {
            Field("Ethernet.Destination", Mac(ours.Destination), () => theirs.DestinationHardwareAddress.ToString());
            Field("Ethernet.Source", Mac(ours.Source), () => theirs.SourceHardwareAddress.ToString());
            if (ours.VlanTags.Count == 0)
            {
                Field("Ethernet.EtherType", ours.EtherType, () => (int)theirs.Type);
                return;
            }

            Field("Ethernet.EtherType", ours.VlanTags[0].TagProtocol, () => (int)theirs.Type);
            Pdn.Packet? next = Try("VLAN", () => theirs.PayloadPacket);
            foreach (var tag in ours.VlanTags)
            {
                // PacketDotNet dissects 802.1Q (0x8100) tags only; an 802.1ad tag is payload to it.
                if (next is not Pdn.Ieee8021QPacket q)
                {
                    return;
                }

                Field("VLAN.VlanId", tag.VlanId, () => q.VlanIdentifier);
                Field("VLAN.Priority", tag.Priority, () => (int)q.PriorityControlPoint);
                Field("VLAN.DropEligible", tag.DropEligible, () => q.CanonicalFormatIndicator);
                Field("VLAN.EtherType", tag.EtherType, () => (int)q.Type);
                next = Try("VLAN", () => q.PayloadPacket);
            }
        }

        private void Arp(ArpPacket ours, Pdn.ArpPacket? theirs)
        {
            if (theirs is null)
            {
                return;
            }

            Field("ARP.HardwareType", ours.HardwareType, () => (int)theirs.HardwareAddressType);
            Field("ARP.ProtocolType", ours.ProtocolType, () => (int)theirs.ProtocolAddressType);
            Field("ARP.HardwareSize", ours.HardwareSize, () => theirs.HardwareAddressLength);
            Field("ARP.ProtocolSize", ours.ProtocolSize, () => theirs.ProtocolAddressLength);
            Field("ARP.Operation", ours.Operation, () => (int)theirs.Operation);

            // PacketDotNet reads the addresses at Ethernet/IPv4 offsets whatever the sizes say.
            bool ethernetIPv4 = ours.HardwareSize == 6 && ours.ProtocolSize == 4;
            Field("ARP.SenderHardwareAddress", ethernetIPv4 ? Mac(ours.SenderHardwareAddress) : null, () => theirs.SenderHardwareAddress.ToString());
            Field("ARP.SenderProtocolAddress", ethernetIPv4 ? ours.SenderProtocolAddress : null, () => theirs.SenderProtocolAddress.ToString());
            Field("ARP.TargetHardwareAddress", ethernetIPv4 ? Mac(ours.TargetHardwareAddress) : null, () => theirs.TargetHardwareAddress.ToString());
            Field("ARP.TargetProtocolAddress", ethernetIPv4 ? ours.TargetProtocolAddress : null, () => theirs.TargetProtocolAddress.ToString());
        }

        private void IPv4(IPv4Header ours, Pdn.IPv4Packet? theirs)
        {
            if (theirs is null)
            {
                return;
            }

            Field("IPv4.Version", ours.Version, () => (int)theirs.Version);
            Field("IPv4.Ihl", ours.Ihl, () => theirs.HeaderLength);
            Field("IPv4.Tos", ours.Dscp is int d && ours.Ecn is int n ? (d << 2) | n : null, () => theirs.TypeOfService);
            Field("IPv4.TotalLength", ours.TotalLength, () => theirs.TotalLength);
            Field("IPv4.Identification", ours.Identification, () => theirs.Id);
            Field("IPv4.Flags", ours.Flags is { } f ? (int)f : null, () => Unsigned("IPv4.Flags", theirs.FragmentFlags, 7));
            Field("IPv4.FragmentOffset", ours.FragmentOffset, () => theirs.FragmentOffset);
            Field("IPv4.Ttl", ours.Ttl, () => theirs.TimeToLive);
            Field("IPv4.Protocol", ours.Protocol, () => (int)theirs.Protocol);
            Field("IPv4.HeaderChecksum", ours.HeaderChecksum, () => theirs.Checksum);
            Field("IPv4.SourceAddress", ours.SourceAddress, () => theirs.SourceAddress);
            Field("IPv4.DestinationAddress", ours.DestinationAddress, () => theirs.DestinationAddress);
            Field("IPv4.ChecksumValid", Verdict(ours.ChecksumStatus), () => theirs.ValidIPChecksum);
        }

        /// <returns>False when PacketDotNet's extension header chain is not the one RFC 8200 gives.</returns>
        private bool IPv6(IPv6Header ours, Pdn.IPv6Packet? theirs, byte[] bytes)
        {
            if (theirs is null)
            {
                return true;
            }

            Field("IPv6.Version", ours.Version, () => (int)theirs.Version);
            Field("IPv6.TrafficClass", ours.TrafficClass, () => theirs.TrafficClass);
            Field("IPv6.FlowLabel", ours.FlowLabel, () => theirs.FlowLabel);
            Field("IPv6.PayloadLength", ours.PayloadLength, () => theirs.PayloadLength);
            Field("IPv6.NextHeader", ours.NextHeader, () => (int)theirs.NextHeader);
            Field("IPv6.HopLimit", ours.HopLimit, () => theirs.HopLimit);
            Field("IPv6.SourceAddress", ours.SourceAddress, () => theirs.SourceAddress);
            Field("IPv6.DestinationAddress", ours.DestinationAddress, () => theirs.DestinationAddress);
            string rfc = Rfc8200Chain(bytes);
            string? their = Try("IPv6.ExtensionHeaders", () => string.Join(",", theirs.ExtensionHeaders.Select(x => $"{(int)x.Header}/{x.Length}")));
            if (ours.Problems != PacketProblems.None)
            {
                // A chain cut short is ours to report; where PacketDotNet's differs, its upper layer is elsewhere.
                return their is null || their == rfc;
            }

            if (their is not null && their != rfc)
            {
                // Decided by RFC 8200 §4.3-4.6 (Hdr Ext Len counts 8-octet units after the first 8):
                // PacketDotNet 1.4.8 gives every options header after the first the first one's length.
                Count(oracle.TheirFaults, "IPv6 extension header length misread");
                Field("IPv6.ExtensionHeaders", string.Join(",", ours.ExtensionHeaders.Select(x => $"{x.Type}/{x.Length}")), () => rfc);
                return false;
            }

            Field("IPv6.ExtensionHeaders", string.Join(",", ours.ExtensionHeaders.Select(x => $"{x.Type}/{x.Length}")), () => their);
            Field("IPv6.UpperLayerProtocol", ours.UpperLayerProtocol, () => (int)theirs.Protocol);
            return true;
        }

        /// <summary>The extension header chain as RFC 8200 §4 lays it out: "type/bytes" each.</summary>
        private static string Rfc8200Chain(byte[] ip)
        {
            var chain = new List<string>();
            if (ip.Length < 40)
            {
                return string.Empty;
            }

            byte next = ip[6];
            int at = 40;
            while (next is 0 or 43 or 44 or 51 or 60 && at + 2 <= ip.Length)
            {
                int length = next switch { 44 => 8, 51 => (ip[at + 1] + 2) * 4, _ => (ip[at + 1] + 1) * 8 };
                chain.Add($"{next}/{length}");
                next = ip[at];
                at += length;
            }

            return string.Join(",", chain);
        }

        private void Tcp(TcpHeader ours, Pdn.TcpPacket? theirs)
        {
            if (theirs is null)
            {
                return;
            }

            Field("TCP.SourcePort", ours.SourcePort, () => theirs.SourcePort);
            Field("TCP.DestinationPort", ours.DestinationPort, () => theirs.DestinationPort);
            Field("TCP.SequenceNumber", ours.SequenceNumber, () => theirs.SequenceNumber);
            Field("TCP.AcknowledgmentNumber", ours.AcknowledgmentNumber, () => theirs.AcknowledgmentNumber);
            Field("TCP.DataOffset", ours.DataOffset, () => theirs.DataOffset);
            Field("TCP.Flags", ours.Flags is { } f ? (int)f : null, () => theirs.Flags & 0x1FF);
            Field("TCP.Window", ours.Window, () => theirs.WindowSize);
            Field("TCP.Checksum", ours.Checksum, () => theirs.Checksum);
            Field("TCP.UrgentPointer", ours.UrgentPointer, () => Unsigned("TCP.UrgentPointer", theirs.UrgentPointer, 0xFFFF));
            // PacketDotNet's OptionsCollection throws for a header without options (ArgumentNullException)
            // and for any segment with URG set (NotImplementedException), so those are not compared.
            // It never returns on an option whose length byte is 0 (RFC 9293 §3.2: at least 2, kind and
            // length included; found by the mutated frames), so only options ours found well formed are compared.
            if (ours.DataOffset > 5 && (ours.Flags & TcpFlags.Urg) == 0
                && (ours.Problems & (PacketProblems.Truncated | PacketProblems.BadDataOffset | PacketProblems.LengthMismatch | PacketProblems.BadOptions)) == 0)
            {
                Field("TCP.Options", Options(ours.Options), () => string.Join(" ", theirs.OptionsCollection.Where(o => (int)o.Kind != 0).Select(o => $"{(int)o.Kind}/{OptionLength(o)}:{OptionData(o)}")));
            }

            Field("TCP.ChecksumValid", Verdict(ours.ChecksumStatus), () => theirs.ValidTcpChecksum);
        }

        private void Udp(UdpHeader ours, Pdn.UdpPacket? theirs)
        {
            if (theirs is null)
            {
                return;
            }

            Field("UDP.SourcePort", ours.SourcePort, () => theirs.SourcePort);
            Field("UDP.DestinationPort", ours.DestinationPort, () => theirs.DestinationPort);
            Field("UDP.Length", ours.Length, () => Unsigned("UDP.Length", theirs.Length, 0xFFFF));
            Field("UDP.Checksum", ours.Checksum, () => theirs.Checksum);
            Field("UDP.ChecksumValid", Verdict(ours.ChecksumStatus), () => theirs.ValidUdpChecksum);
        }

        private void Icmp(IcmpHeader ours, Pdn.IcmpV4Packet? theirs)
        {
            if (theirs is null)
            {
                return;
            }

            Field("ICMP.Type", ours.Type, () => (int)theirs.TypeCode >> 8);
            Field("ICMP.Code", ours.Code, () => (int)theirs.TypeCode & 0xFF);
            Field("ICMP.Checksum", ours.Checksum, () => theirs.Checksum);
            Field("ICMP.Identifier", ours.Identifier, () => theirs.Id);
            Field("ICMP.SequenceNumber", ours.SequenceNumber, () => theirs.Sequence);
            Field("ICMP.ChecksumValid", Verdict(ours.ChecksumStatus), () => theirs.ValidIcmpChecksum);
        }

        private void IcmpV6(IcmpHeader ours, Pdn.IcmpV6Packet? theirs)
        {
            if (theirs is null)
            {
                return;
            }

            Field("ICMPv6.Type", ours.Type, () => (int)theirs.Type);
            Field("ICMPv6.Code", ours.Code, () => theirs.Code);
            Field("ICMPv6.Checksum", ours.Checksum, () => theirs.Checksum);
            Field("ICMPv6.ChecksumValid", Verdict(ours.ChecksumStatus), () => theirs.ValidIcmpChecksum);
        }

        /// <summary>
        /// PacketDotNet reads some unsigned fields through signed types, so a value with its top bit set
        /// comes out negative; counted as its fault and compared on the bits.
        /// </summary>
        private int Unsigned(string field, int value, int mask)
        {
            if (value < 0)
            {
                Count(oracle.TheirFaults, field + " read as signed");
            }

            return value & mask;
        }

        private T? Extract<T>(Pdn.Packet theirs, string layer)
            where T : Pdn.Packet => Try(layer, () => theirs.Extract<T>());

        private T? Try<T>(string field, Func<T> read)
            where T : class
        {
            try
            {
                return read();
            }
#pragma warning disable CA1031 // PacketDotNet's exceptions are outcomes to count
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Threw = true;
                Count(oracle.TheyThrew, $"{field} ({ex.GetType().Name}: {ex.Message})");
                return null;
            }
        }

        /// <summary>Compares one field; <paramref name="ours"/> null means the bytes were not there.</summary>
        private void Field(string name, object? ours, Func<object?> theirs)
        {
            object? value;
            try
            {
                value = theirs();
            }
#pragma warning disable CA1031 // PacketDotNet's exceptions are outcomes to count
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Threw = true;
                if (ours is not null)
                {
                    Count(oracle.TheyThrew, $"{name} ({ex.GetType().Name}: {ex.Message})");
                }

                return;
            }

            if (ours is null)
            {
                Count(oracle.Invented, name);
                return;
            }

            Count(oracle.Compared, name);
            string a = Text(ours), b = Text(value);
            if (a != b && oracle.Disagreements.Count < 50)
            {
                oracle.Disagreements.Add($"{name}: ours {a}, PacketDotNet {b} — {context}");
            }
        }

        private static string Text(object? value) => value switch
        {
            null => "null",
            Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };

        /// <summary>True/false where ours verified a checksum; null (not compared) where it could not.</summary>
        private static bool? Verdict(ChecksumStatus status) => status switch
        {
            ChecksumStatus.Valid => true,
            ChecksumStatus.Invalid => false,
            _ => null,
        };

        private static string? Mac(string? address) => address?.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

        /// <summary>
        /// The End of Option List (kind 0) is left out on both sides: ours lists it where it closes the
        /// list, PacketDotNet lists it or not depending on the bytes around it.
        /// </summary>
        private static string Options(IReadOnlyList<HeaderOption> options) =>
            string.Join(" ", options.Where(o => o.Kind != 0).Select(o => $"{o.Kind}/{o.Length}:{Convert.ToHexString(o.Data)}"));

        /// <summary>PacketDotNet's single-byte options (EOL, NOP) report the length byte that follows them; on the wire they are 1 byte.</summary>
        private static int OptionLength(Pdn.Tcp.TcpOption o) => (int)o.Kind is 0 or 1 ? 1 : o.Length;

        private static string OptionData(Pdn.Tcp.TcpOption o) => (int)o.Kind is 0 or 1 ? string.Empty : Convert.ToHexString(o.Bytes.AsSpan(2, Math.Max(0, Math.Min(o.Bytes.Length, o.Length) - 2)));
    }
}

/// <summary>Pseudo-header and RFC 1071 sums written here, apart from the engine's, for the generated frames.</summary>
internal static class OracleChecksum
{
    public static ushort Compute(ReadOnlySpan<byte> data, uint initial = 0)
    {
        uint sum = initial;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        if ((data.Length & 1) == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    public static uint Pseudo(IPAddress source, IPAddress destination, int protocol, int length)
    {
        uint sum = 0;
        foreach (byte[] a in new[] { source.GetAddressBytes(), destination.GetAddressBytes() })
        {
            for (int i = 0; i < a.Length; i += 2)
            {
                sum += (uint)((a[i] << 8) | a[i + 1]);
            }
        }

        return sum + (uint)protocol + (uint)(length >> 16) + (uint)(length & 0xFFFF);
    }
}
