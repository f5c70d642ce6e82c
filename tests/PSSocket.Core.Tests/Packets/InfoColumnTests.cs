using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The Info column against tshark 4.0.17's Info column for the same fixed frames
/// (tshark -o tcp.relative_sequence_numbers:FALSE -T fields -e _ws.col.Info).
/// </summary>
public class InfoColumnTests
{
    private static string Info(string hex, LinkType linkType = LinkType.Ethernet, int? onWire = null)
    {
        byte[] frame = Convert.FromHexString(hex);
        return new Packet(1, 0, null, linkType, onWire ?? frame.Length, frame, null).Info;
    }

    [Fact]
    public void A_data_segment_reads_as_wireshark_reads_it_with_raw_sequence_numbers()
    {
        string info = Info("00000000000000000000000008004500003841f240004006facb7f0000017f000001e600b8139cdfb81099976a9680180040fe2c00000101080aae109b11883d796c6869210a");
        Assert.StartsWith("58880 → 47123 [PSH, ACK] Seq=2631907344 Ack=2576837270 Win=64 Len=4 TSval=2920323857 TSecr=2285730156", info, StringComparison.Ordinal);
    }

    // A SYN python built with MSS 1460, SACK permitted, timestamps, a NOP and window scale 7;
    // tshark's Info for it. The second frame is the same with its TCP checksum flipped.
    private const string Syn = "02000000000202000000000108004500003c1234400040062b03c0a807025db8d822c82201bbabcdef0100000000a002faf04d3f0000020405b40402080adeadbeef0000000001030307";
    private const string SynBadChecksum = "02000000000202000000000108004500003c1234400040062b03c0a807025db8d822c82201bbabcdef0100000000a002faf0b23f0000020405b40402080adeadbeef0000000001030307";
    private const string SynInfo = "51234 → 443 [SYN] Seq=2882400001 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=3735928559 TSecr=0 WS=128";

    [Theory]
    [InlineData(Syn, SynInfo)]
    [InlineData(SynBadChecksum, SynInfo + " [BadChecksum]")]
    public void A_syn_reads_the_same_whether_its_headers_were_decoded_before_or_not(string hex, string expected)
    {
        byte[] frame = Convert.FromHexString(hex);
        var fresh = new Packet(1, 0, null, LinkType.Ethernet, frame.Length, [.. frame], null);
        var decoded = new Packet(1, 0, null, LinkType.Ethernet, frame.Length, [.. frame], null);
        Assert.Equal(1460, decoded.Tcp!.MaximumSegmentSize); // the header objects exist before the column
        Assert.Equal(expected, fresh.Info);
        Assert.Equal(expected, decoded.Info);

        // The column decodes the headers for itself: they are still there, whole, afterwards.
        Assert.Equal(["MSS", "SackPermitted", "Timestamps", "NOP", "WindowScale"], fresh.Tcp!.Options.Select(o => o.Name));
        Assert.Equal(7, fresh.Tcp.WindowScale);
        Assert.Empty(fresh.IPv4!.Options);
    }

    [Fact]
    public void A_later_fragment_reads_as_wireshark_reads_it()
    {
        Assert.Equal(
            "Fragmented IP protocol (proto=UDP 17, off=1480, ID=beef)",
            Info("000000000000020000000001080045000020beef00b94011cee8c0000201c63364070035829a000cabcd61626364"));
    }

    [Fact]
    public void An_echo_reply_pads_its_name_to_20_columns_as_wireshark_does()
    {
        // tshark writes the type as "%-20s": four spaces after "reply", two after "request".
        Assert.Equal(
            "Echo (ping) reply    id=0x1234, seq=258/513, ttl=64",
            Info("00000000000002000000000108004500001e0001000040018ea2c0000201c633640700008b67123401026162"));
    }

    [Fact]
    public void An_icmpv6_echo_reply_reads_as_wireshark_reads_it()
    {
        // The echo reply of HeaderExplainTests with tshark's "should be 0xaead" checksum in place.
        Assert.Equal(
            "Echo (ping) reply id=0x1234, seq=258, hop limit=255",
            Info("6b912345000a3aff20010db800000000000000000000000120010db80000000000000000000000028100aead123401026162", LinkType.RawIP));
    }

    [Fact]
    public void A_udp_datagram_gives_its_ports_and_payload_length_and_a_snapped_one_no_problem()
    {
        const string Frame = "0000000000000200000000010800450000200002000040118e8fc0000201c63364070035829a000ccc0361626364";
        Assert.Equal("53 → 33434 Len=4", Info(Frame)); // tshark: "Src Port: 53, Dst Port: 33434", "UDP payload (4 bytes)"
        Assert.Equal("53 → 33434 Len=4", Info(Frame[..^4], onWire: 46)); // snapped: tshark flags no problem in Info either
    }

    [Fact]
    public void A_problem_is_named_after_the_text()
    {
        // The same fragment with a header checksum of 0x1234 (tshark: "incorrect, should be 0x5825").
        string info = Info("0000000000000200000000010800" + "46bb0024beef20b901111234c0000201c6336407940400000035829a000cabcd61626364");
        Assert.StartsWith("Fragmented IP protocol (proto=UDP 17, off=1480, ID=beef)", info, StringComparison.Ordinal);
        Assert.EndsWith(" [" + PacketProblems.BadChecksum + "]", info, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_protocols_are_named_by_number_ethertype_or_link_type()
    {
        Assert.Contains("253", Info("0000000000000200000000010800450000170001000040fd8dadc0000201c633640778797a"), StringComparison.Ordinal); // tshark: "Unknown (253)"
        Assert.Contains("LLDP", Info("0180c200000e02000000000188cc020704020000000001040704020000000001060200780000"), StringComparison.Ordinal); // tshark's Protocol: LLDP
        Assert.Contains("80211", Info("0800000000000000", LinkType.Ieee80211), StringComparison.Ordinal);
    }

    // The Info of a well-formed TCP/IPv4 frame is written straight from its bytes (no header
    // objects); every other frame's from the header objects, which the tests above hold to tshark.
    // Both ways must give the same text for any frame: random segments with random options, flags,
    // payloads, checksums left to offload, a flipped bit anywhere, a cut capture, IPv4 options.
    [Fact]
    public void Info_written_straight_from_a_tcp_frame_equals_the_info_its_header_objects_give()
    {
        var random = new Random(12);
        int straightCount = 0;
        for (int n = 0; n < 20_000; n++)
        {
            byte[] address = new byte[8];
            random.NextBytes(address);
            byte[] rawOptions = new byte[random.Next(4) == 0 ? Math.Max(0, (random.Next(0, 11) * 4) - random.Next(0, 4)) : 0];
            random.NextBytes(rawOptions);
            bool named = rawOptions.Length == 0 && random.Next(2) == 0;
            byte[] ipOptions = random.Next(10) == 0 ? [1, 1, 1, 0] : [];
            byte[] frame = PacketBuilder.Build(new PacketTemplate
            {
                Source = new System.Net.IPAddress(address.AsSpan(0, 4)),
                Destination = new System.Net.IPAddress(address.AsSpan(4, 4)),
                Kind = CraftedTransport.Tcp,
                LinkType = LinkType.Ethernet,
                SourcePort = random.Next(65536),
                DestinationPort = random.Next(65536),
                Sequence = (uint)random.NextInt64(1L << 32),
                Acknowledgment = (uint)random.NextInt64(1L << 32),
                TcpFlags = (TcpFlags)random.Next(512),
                Window = random.Next(65536),
                MaximumSegmentSize = named && random.Next(2) == 0 ? random.Next(65536) : null,
                SackPermitted = named && random.Next(2) == 0,
                Timestamps = named && random.Next(2) == 0 ? ((uint)random.NextInt64(1L << 32), (uint)random.NextInt64(1L << 32)) : null,
                WindowScale = named && random.Next(2) == 0 ? random.Next(16) : null,
                TcpOptions = rawOptions,
                IPOptions = ipOptions,
                Payload = new byte[random.Next(0, 300)],
            });
            int tcp = 14 + 20 + ipOptions.Length;
            if (random.Next(8) == 0)
            {
                // The partial sum Linux leaves for the card to finish (CHECKSUM_PARTIAL).
                ulong pseudo = HeaderChecksums.PseudoHeader(frame.AsSpan(26, 4), frame.AsSpan(30, 4), 6, frame.Length - tcp);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(tcp + 16), PSSocket.Core.Integrity.InternetChecksum.Fold(pseudo));
            }

            if (random.Next(2) == 0)
            {
                frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
            }

            byte[] captured = random.Next(4) == 0 ? frame[..random.Next(14, frame.Length + 1)] : frame;
            var kernel = random.Next(6) == 0 ? KernelChecksum.NotReady : KernelChecksum.Unknown;
            var straight = new Packet(1, 0, null, LinkType.Ethernet, frame.Length, [.. captured], null, kernel);
            var layered = new Packet(1, 0, null, LinkType.Ethernet, frame.Length, [.. captured], null, kernel);
            _ = layered.Tcp; // the header objects exist first, so its Info is written from them
            if (InfoColumnFormatter.TryDescribeTcp(straight, out _))
            {
                straightCount++;
            }

            Assert.Equal(layered.Info, straight.Info);
        }

        Assert.InRange(straightCount, 8_000, 18_000); // both ways were taken, many times each
    }

    /// <summary>
    /// A UDP datagram over IPv4 cut by the snap length inside its IP header (30 bytes) and inside its
    /// ports (36): tshark 4.0.17 says "[Packet size limited during capture]" for both and names no
    /// protocol or port. Before, ours said "HOPOPT" (protocol 0, never read) and "40000 →  Len=0".
    /// </summary>
    [Theory]
    [InlineData(30)]
    [InlineData(36)]
    public void A_frame_cut_before_its_protocol_or_ports_names_neither(int captured)
    {
        const string Frame = "00000000000000000000000008004500004e0001000040117c9c7f0000017f0000019c40";
        Assert.Equal("[Truncated]", Info(Frame[..(2 * captured)], LinkType.Ethernet, onWire: 14 + 20 + 8 + 50));
    }
}
