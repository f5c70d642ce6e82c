using System.Buffers.Binary;
using System.Net;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The one-in-65,536 datagram whose checksum computes to zero. RFC 768 sends it as 0xFFFF (zero
/// means "no checksum" over IPv4), and RFC 1071 arithmetic makes 0x0000 and 0xFFFF the same value,
/// so a verdict of "valid only when computed == stored" gets exactly these datagrams wrong. The
/// datagrams are built byte by byte here and their checksums computed by the small RFC 1071 sum
/// below, not by the engine; tshark is the second judge.
/// </summary>
public sealed class ZeroChecksumTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-zero-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>RFC 1071 §4.1, written out plainly: 16-bit big-endian words, end-around carry, complement.</summary>
    private static ushort Rfc1071(params byte[][] parts)
    {
        byte[] all = [.. parts.SelectMany(p => p)];
        uint sum = 0;
        for (int i = 0; i < all.Length; i += 2)
        {
            sum += (uint)(all[i] << 8) + (i + 1 < all.Length ? all[i + 1] : 0u);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static byte[] PseudoHeader(IPAddress source, IPAddress destination, byte protocol, int length)
    {
        byte[] s = source.GetAddressBytes(), d = destination.GetAddressBytes();
        byte[] tail = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? [0, protocol, (byte)(length >> 8), (byte)length]
            : [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, 0, 0, 0, protocol];
        return [.. s, .. d, .. tail];
    }

    private static byte[] IPHeader(IPAddress source, IPAddress destination, byte protocol, int payloadLength)
    {
        if (source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            byte[] h = new byte[20];
            h[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), (ushort)(20 + payloadLength));
            h[8] = 64;
            h[9] = protocol;
            source.GetAddressBytes().CopyTo(h, 12);
            destination.GetAddressBytes().CopyTo(h, 16);
            BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(10), Rfc1071(h));
            return h;
        }

        byte[] v6 = new byte[40];
        v6[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(4), (ushort)payloadLength);
        v6[6] = protocol;
        v6[7] = 64;
        source.GetAddressBytes().CopyTo(v6, 8);
        destination.GetAddressBytes().CopyTo(v6, 24);
        return v6;
    }

    /// <summary>
    /// Transport segments (checksum field zero) with a 16-bit counter in the payload, tried in turn
    /// until the checksum computes to zero; such a counter always exists, since the counter's word
    /// moves the sum through every residue.
    /// </summary>
    private static (byte[] Segment, int Counter) FirstWithZeroChecksum(IPAddress source, IPAddress destination, byte protocol)
    {
        int headerLength = protocol == 17 ? 8 : 20;
        for (int counter = 0; counter <= 0xFFFF; counter++)
        {
            byte[] segment = new byte[headerLength + 6];
            BinaryPrimitives.WriteUInt16BigEndian(segment, 40000);
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), 59000);
            if (protocol == 17)
            {
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(4), (ushort)segment.Length);
            }
            else
            {
                segment[12] = 0x50; // data offset 5 words
                segment[13] = 0x18; // PSH ACK
                BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), 1024);
            }

            "zero"u8.CopyTo(segment.AsSpan(headerLength));
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(headerLength + 4), (ushort)counter);
            if (Rfc1071(PseudoHeader(source, destination, protocol, segment.Length), segment) == 0)
            {
                return (segment, counter);
            }
        }

        throw new InvalidOperationException("no counter gives a zero checksum: the test's own RFC 1071 sum is wrong");
    }

    public static TheoryData<string, string> Addresses => new() { { "192.0.2.1", "198.51.100.7" }, { "2001:db8::1", "2001:db8::2" } };

    private static byte[] Datagram(IPAddress source, IPAddress destination, byte protocol, byte[] segment, ushort stored)
    {
        byte[] copy = [.. segment];
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(protocol == 17 ? 6 : 16), stored);
        return [.. IPHeader(source, destination, protocol, copy.Length), .. copy];
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public void A_UDP_datagram_whose_checksum_computes_to_zero_is_valid_when_sent_as_0xFFFF(string src, string dst)
    {
        IPAddress source = IPAddress.Parse(src), destination = IPAddress.Parse(dst);
        var (segment, counter) = FirstWithZeroChecksum(source, destination, 17);

        Packet p = PacketFactory.FromBytes(Datagram(source, destination, 17, segment, 0xFFFF), LinkType.RawIP, 1);
        Assert.Equal(0xFFFF, (int?)p.Udp!.Checksum);
        Assert.Equal(0xFFFF, (int?)p.Udp.ComputedChecksum); // what a sender stores, not the zero the sum gives (a Stryker survivor)
        Assert.Equal(ChecksumStatus.Valid, p.Udp.ChecksumStatus);
        Assert.Equal(PacketProblems.None, p.Problems);

        // Over IPv4 a stored zero means "not computed"; over IPv6 a zero UDP checksum is not allowed (RFC 8200 §8.1).
        Packet zero = PacketFactory.FromBytes(Datagram(source, destination, 17, segment, 0x0000), LinkType.RawIP, 2);
        Assert.Equal(source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? ChecksumStatus.NotPresent : ChecksumStatus.Invalid, zero.Udp!.ChecksumStatus);

        // A checksum one off is still caught.
        Packet off = PacketFactory.FromBytes(Datagram(source, destination, 17, segment, 0xFFFE), LinkType.RawIP, 3);
        Assert.Equal(ChecksumStatus.Invalid, off.Udp!.ChecksumStatus);

        // The builder, given the same datagram to make, writes 0xFFFF too.
        Packet built = PacketFactory.Build(new PacketTemplate
        {
            Source = source,
            Destination = destination,
            Kind = CraftedTransport.Udp,
            SourcePort = 40000,
            DestinationPort = 59000,
            Payload = segment[8..],
        });
        Assert.Equal(0xFFFF, (int?)built.Udp!.Checksum);
        Assert.Equal(ChecksumStatus.Valid, built.Udp.ChecksumStatus);
        Assert.InRange(counter, 0, 0xFFFF);
    }

    [Theory]
    [MemberData(nameof(Addresses))]
    public void A_TCP_segment_whose_checksum_computes_to_zero_is_valid_stored_either_way(string src, string dst)
    {
        IPAddress source = IPAddress.Parse(src), destination = IPAddress.Parse(dst);
        var (segment, _) = FirstWithZeroChecksum(source, destination, 6);
        foreach (ushort stored in new ushort[] { 0x0000, 0xFFFF })
        {
            Packet p = PacketFactory.FromBytes(Datagram(source, destination, 6, segment, stored), LinkType.RawIP, 1);
            Assert.Equal(stored, p.Tcp!.Checksum);
            Assert.Equal(ChecksumStatus.Valid, p.Tcp.ChecksumStatus);
        }
    }

    [Fact]
    public void Tshark_agrees_that_zero_computed_checksums_are_good()
    {
        // (frame, protocol, stored checksum, tshark's status: 1 good, 4 illegal; ours)
        var frames = new List<(byte[] Bytes, string Field, string Stored, string Tshark, ChecksumStatus Ours)>();
        foreach (var (src, dst) in new[] { ("192.0.2.1", "198.51.100.7"), ("2001:db8::1", "2001:db8::2") })
        {
            IPAddress source = IPAddress.Parse(src), destination = IPAddress.Parse(dst);
            var (udp, _) = FirstWithZeroChecksum(source, destination, 17);
            frames.Add((Datagram(source, destination, 17, udp, 0xFFFF), "udp", "0xffff", "1", ChecksumStatus.Valid));
            var (tcp, _) = FirstWithZeroChecksum(source, destination, 6);
            frames.Add((Datagram(source, destination, 6, tcp, 0x0000), "tcp", "0x0000", "1", ChecksumStatus.Valid));
            if (source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                // Zero over IPv6, though the sum would come out right: illegal (RFC 8200 §8.1).
                frames.Add((Datagram(source, destination, 17, udp, 0x0000), "udp", "0x0000", "4", ChecksumStatus.Invalid));
            }
        }

        // A pcap file written here byte by byte (LINKTYPE_RAW 101), so no writer of ours is involved.
        string file = Path.Combine(_dir, "zero.pcap");
        using (var f = File.Create(file))
        {
            byte[] header = new byte[24];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 65535);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 101);
            f.Write(header);
            foreach (var (bytes, _, _, _, _) in frames)
            {
                byte[] record = new byte[16];
                BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)bytes.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)bytes.Length);
                f.Write(record);
                f.Write(bytes);
            }
        }

        var rows = Tshark.Fields(file, "udp.checksum", "udp.checksum.status", "tcp.checksum", "tcp.checksum.status");
        Assert.Equal(frames.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var (bytes, field, stored, tshark, expected) = frames[i];
            int column = field == "udp" ? 0 : 2;
            Assert.Equal((stored, tshark), (rows[i][column], rows[i][column + 1]));
            Packet ours = PacketFactory.FromBytes(bytes, LinkType.RawIP, i + 1);
            Assert.Equal(expected, (ours.Udp?.ChecksumStatus ?? ours.Tcp?.ChecksumStatus)!.Value);
        }
    }
}
