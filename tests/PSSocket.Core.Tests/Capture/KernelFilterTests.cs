using System.Buffers.Binary;
using System.Net;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The kernel filter compiled from -Protocol, -Port and -Address, judged by the kernel itself: the
/// program is attached to a packet socket on lo and fed frames of every kind the clauses tell apart
/// (IPv4 with options and fragments, IPv6 with extension headers, ARP, other EtherTypes), and the
/// frames that come through are exactly those the selection names. A live capture checks each packet
/// again in user space, so these frame-by-frame verdicts are the only place a too-open program shows.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class KernelFilterTests
{
    private static readonly byte[] A4 = [192, 0, 2, 1], B4 = [192, 0, 2, 2], C4 = [192, 0, 2, 9];

    private static readonly IPAddress A6 = IPAddress.Parse("2001:db8::1"), B6 = IPAddress.Parse("2001:db8::2"), C6 = IPAddress.Parse("2001:db8::9");

    private static readonly int[] Ipv4Frames = [1, 2, 3, 4, 5, 6, 7, 15, 17, 18, 19, 29];
    private static readonly int[] Ipv6Frames = [8, 9, 10, 11, 12, 16, 22, 23, 24, 25, 26, 27, 28, 30];
    private static readonly int[] ArpFrames = [13, 20, 21];

    /// <summary>Each selection and the frames (by number, see <see cref="Frames"/>) it lets through.</summary>
    public static TheoryData<string, bool, int[]> Selections => new()
    {
        { "all", false, [.. Enumerable.Range(1, 30)] },
        { "all", true, [.. Enumerable.Range(1, 30)] },
        { "protocol Unknown", false, [.. Enumerable.Range(1, 30)] },
        { "protocol Unknown|Tcp", false, [.. Enumerable.Range(1, 30)] },
        // IPv6 behind an extension header (11, 12) may be anything: the program lets it through.
        { "protocol Tcp", false, [1, 8, 11, 12, 17] },
        { "protocol Tcp", true, [1, 8, 11, 12, 17] },
        { "protocol Udp", false, [2, 4, 5, 6, 7, 9, 11, 12, 16, 18, 19, 22, 23, 24, 25, 26, 27, 29, 30] },
        { "protocol Icmp", false, [3] },
        { "protocol IcmpV6", false, [10, 11, 12] },
        { "protocol IPv4", false, Ipv4Frames },
        { "protocol IPv6", false, Ipv6Frames },
        { "protocol Arp", false, ArpFrames },
        { "protocol Tcp|Icmp", false, [1, 3, 8, 11, 12, 17] },
        { "protocol Arp|IcmpV6|IPv4", false, [.. ArpFrames, 10, 11, 12, .. Ipv4Frames] },
        // Later IPv4 fragments (5) carry no ports; GRE (15, 28) and ICMP have none.
        { "port 2000", false, [1, 2, 4, 6, 7, 8, 9, 11, 12, 29, 30] },
        { "port 2000", true, [1, 2, 4, 6, 7, 8, 9, 11, 12, 29, 30] },
        { "port 3000", false, [4, 11, 12] },
        { "port 5|4001|3000", false, [4, 11, 12, 16, 17, 18, 19, 22, 23, 24, 25, 26, 27] },
        { "address 192.0.2.9", false, [18, 19, 20, 21] },
        { "address 192.0.2.9", true, [18, 19, 20, 21] },
        { "address 2001:db8::9", false, [22, 23] },
        { "address 2001:db8::9", true, [22, 23] },
        { "address 2001:db8::9|192.0.2.9", false, [18, 19, 20, 21, 22, 23] },
        { "protocol Udp and port 2000 and address 192.0.2.2", false, [2, 4, 6, 7, 29] },
    };

    [RootTheory]
    [MemberData(nameof(Selections))]
    public void The_kernel_lets_through_exactly_the_frames_the_selection_names(string selection, bool cooked, int[] expected)
    {
        var filter = Parse(selection);
        var program = KernelFilter.Compile(filter, cooked ? 0 : 14, 0, 65535);
        Assert.Equal(selection, program.Description);
        using var probe = new KernelProbe(program, cooked);
        var seen = probe.Verdicts(Frames(probe), expected.Length);
        Assert.Equal(expected.Order(), seen.Keys.Order());
        Assert.All(seen.Values, n => Assert.InRange(n, 1, 2)); // going out, and (unless a backlog dropped it) coming in
    }

    /// <summary>
    /// lo's outgoing copies are dropped only when the loopback rule names lo's index: then no frame comes
    /// through twice, else some do (a round of frames is sent again while the backlog drops incoming copies).
    /// </summary>
    [RootTheory]
    [InlineData(0, "all", 2)]
    [InlineData(1000, "not lo outgoing", 2)] // an index that is not lo's
    [InlineData(-1, "not lo outgoing", 1)] // lo's own index
    public void The_loopback_rule_drops_only_los_outgoing_copies(int loopbackIndex, string description, int copies)
    {
        int index = loopbackIndex switch { -1 => KernelProbe.LoIndex, 0 => 0, _ => KernelProbe.LoIndex + loopbackIndex };
        var program = KernelFilter.Compile(null, 14, index, 65535);
        Assert.Equal(description, program.Description);
        using var probe = new KernelProbe(program);
        var all = new Dictionary<int, int>();
        for (int round = 0; round < 10 && !all.ContainsValue(copies); round++)
        {
            var seen = probe.Verdicts([probe.Frame(2 * round, 0x88B5, new byte[40]), probe.Frame((2 * round) + 1, 0x0800, Ipv4(17, A4, B4, 1, 2))], 2);
            foreach (var (id, n) in seen)
            {
                all[id] = n;
            }
        }

        Assert.Contains(copies, all.Values);
        Assert.All(all.Values, n => Assert.InRange(n, 1, copies));
    }

    /// <summary>
    /// An address clause reads addresses only where its EtherType puts them: an IPv4 packet to 0.0.8.6
    /// is not taken for ARP (its UDP length and checksum, where ARP's target address would be, hold the
    /// address asked for), and another EtherType carrying the IPv6 address where IPv6 has its source is not IPv6.
    /// </summary>
    [RootFact]
    public void An_address_is_looked_for_only_where_the_frames_ethertype_puts_it()
    {
        byte[] other = new byte[40];
        C6.GetAddressBytes().CopyTo(other, 8);
        byte[] toArpType = Ipv4(17, A4, [0, 0, 8, 6], 1, 2);
        C4.CopyTo(toArpType, 24); // UDP length and checksum: where ARP has the target address
        foreach (var (selected, expected) in new[] { ("192.0.2.9", 2), ("2001:db8::9", 4) })
        {
            var program = KernelFilter.Compile(new PacketFilter(null, null, [IPAddress.Parse(selected)]), 14, 0, 65535);
            using var probe = new KernelProbe(program);
            var seen = probe.Verdicts(
            [
                probe.Frame(1, 0x0800, toArpType),
                probe.Frame(2, 0x0800, Ipv4(17, C4, B4, 1, 2)),
                probe.Frame(3, 0x88B5, other),
                probe.Frame(4, 0x86DD, Ipv6(17, C6, B6, 1, 2)),
            ], 1);
            Assert.Equal([expected], seen.Keys);
        }
    }

    /// <summary>The accepting return keeps the snap length: the kernel cuts the frame there, and a longer snap keeps it whole.</summary>
    [RootTheory]
    [InlineData(60, 60)]
    [InlineData(61, 61)]
    [InlineData(65535, 122)]
    public void The_program_returns_the_snap_length(int snap, int length)
    {
        var program = KernelFilter.Compile(new PacketFilter([PacketProtocol.Udp], null, null), 14, 0, snap);
        using var probe = new KernelProbe(program);
        byte[] frame = probe.Frame(1, 0x0800, Ipv4(17, A4, B4, 7, 9, payloadLength: 72));
        Assert.Equal(122, frame.Length);
        var got = probe.Receive([frame], f => f.Length >= 60 && f.AsSpan(0, 60).SequenceEqual(frame.AsSpan(0, 60)), 1, TimeSpan.FromSeconds(5));
        Assert.Equal(length, Assert.Single(got).Length);
    }

    /// <summary>The last of many ports still matches, in the kernel, on both port fields of IPv4 and IPv6.</summary>
    [RootFact]
    public void A_long_port_list_matches_its_last_port()
    {
        int[] ports = [.. Enumerable.Range(101, 40)];
        var program = KernelFilter.Compile(new PacketFilter(null, ports, null), 14, 0, 65535);
        using var probe = new KernelProbe(program);
        var seen = probe.Verdicts(
        [
            probe.Frame(1, 0x0800, Ipv4(17, A4, B4, 140, 9)),
            probe.Frame(2, 0x0800, Ipv4(6, A4, B4, 9, 140)),
            probe.Frame(3, 0x86DD, Ipv6(17, A6, B6, 140, 9)),
            probe.Frame(4, 0x86DD, Ipv6(6, A6, B6, 9, 140)),
            probe.Frame(5, 0x0800, Ipv4(17, A4, B4, 141, 100)),
            probe.Frame(6, 0x86DD, Ipv6(17, A6, B6, 100, 141)),
        ], 4);
        Assert.Equal([1, 2, 3, 4], seen.Keys.Order());
    }

    /// <summary>Classic BPF's conditional jumps reach 255 instructions (an 8-bit offset); a selection that needs more is refused, not truncated.</summary>
    [Fact]
    public void A_selection_whose_jumps_exceed_255_instructions_is_KernelFilterTooLarge()
    {
        var e = Assert.Throws<PSSocketException>(() => KernelFilter.Compile(new PacketFilter(null, [.. Enumerable.Range(1, 200)], null), 14, 1, 65535));
        Assert.Equal("KernelFilterTooLarge", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
    }

    /// <summary>
    /// A jump of exactly 255 instructions is still classic BPF's (jt and jf are 8-bit): the loopback rule's
    /// jump to the rejecting return crosses two protocol tests and 55 ports twice for each IP version.
    /// The kernel takes the program and it selects the last port.
    /// </summary>
    [RootFact]
    public void A_selection_whose_longest_jump_is_255_instructions_compiles_and_works()
    {
        var selection = new PacketFilter([PacketProtocol.IPv4, PacketProtocol.IPv6], [.. Enumerable.Range(1, 55)], null);
        var program = KernelFilter.Compile(selection, 14, KernelProbe.LoIndex + 1000, 65535); // the rule of an index that is not lo's
        Assert.Equal(255, program.Instructions.Where(i => !i.IsReturn && (i.Code & 0xF0) != BpfInstruction.Ja).Max(i => Math.Max(i.JumpTrue, i.JumpFalse)));
        Assert.Throws<PSSocketException>(() => KernelFilter.Compile(new PacketFilter([PacketProtocol.IPv4, PacketProtocol.IPv6], [.. Enumerable.Range(1, 56)], null), 14, 1, 65535));
        using var probe = new KernelProbe(program);
        var seen = probe.Verdicts([probe.Frame(1, 0x86DD, Ipv6(17, A6, B6, 9999, 55)), probe.Frame(2, 0x86DD, Ipv6(17, A6, B6, 9999, 56))], 1);
        Assert.Equal([1], seen.Keys);
    }

    /// <summary>Every conditional jump of a compiled program lands inside it, within classic BPF's 8-bit reach, and the last instruction returns.</summary>
    [Fact]
    public void Every_jump_of_a_compiled_program_is_in_range()
    {
        foreach (var (name, _, _) in Selections.Select(r => ((string)r[0], (bool)r[1], (int[])r[2])))
        {
            var program = KernelFilter.Compile(Parse(name), 14, 1, 65535);
            var code = program.Instructions;
            Assert.True(code[^1].IsReturn, name);
            for (int i = 0; i < code.Count; i++)
            {
                if ((code[i].Code & 0x07) == BpfInstruction.Jmp)
                {
                    long reach = (code[i].Code & 0xF0) == BpfInstruction.Ja ? code[i].K : Math.Max(code[i].JumpTrue, code[i].JumpFalse);
                    Assert.InRange(i + 1 + reach, i + 1, code.Count - 1);
                }
            }
        }
    }

    /// <summary>
    /// The frames the selections are tried on: 1-7, 15, 17-19, 29 IPv4 (2 has IHL 6 in 4, a later fragment
    /// in 5, MF in 6, DF in 7, GRE in 15); 8-12, 16, 22-28, 30 IPv6 (hop-by-hop 12, fragment header 11,
    /// GRE 28, addresses near 2001:db8::9 in 24-27, each differing in one 32-bit word); 13, 20, 21 ARP;
    /// 14 another EtherType.
    /// </summary>
    private static List<byte[]> Frames(KernelProbe p)
    {
        byte[] options = [1, 1, 1, 1]; // four NOPs: ports read from the wrong place would read 0x0101
        return
        [
            p.Frame(1, 0x0800, Ipv4(6, A4, B4, 1000, 2000)),
            p.Frame(2, 0x0800, Ipv4(17, A4, B4, 1000, 2000)),
            p.Frame(3, 0x0800, Ipv4(1, A4, B4, 0x0800, 0)),
            p.Frame(4, 0x0800, Ipv4(17, A4, B4, 3000, 2000, options: options)),
            p.Frame(5, 0x0800, Ipv4(17, A4, B4, 1000, 2000, fragment: 0x0001)),
            p.Frame(6, 0x0800, Ipv4(17, A4, B4, 1000, 2000, fragment: 0x2000)),
            p.Frame(7, 0x0800, Ipv4(17, A4, B4, 1000, 2000, fragment: 0x4000)),
            p.Frame(8, 0x86DD, Ipv6(6, A6, B6, 1000, 2000)),
            p.Frame(9, 0x86DD, Ipv6(17, A6, B6, 1000, 2000)),
            p.Frame(10, 0x86DD, Ipv6(58, A6, B6, 0x8000, 0)),
            p.Frame(11, 0x86DD, Ipv6(44, A6, B6, 0x1100, 1)),
            p.Frame(12, 0x86DD, Ipv6(0, A6, B6, 0x1100, 0)),
            p.Frame(13, 0x0806, Arp(A4, B4)),
            p.Frame(14, 0x88B5, new byte[40]),
            p.Frame(15, 0x0800, Ipv4(47, A4, B4, 1000, 2000)),
            p.Frame(16, 0x86DD, Ipv6(17, A6, B6, 4000, 4001)),
            p.Frame(17, 0x0800, Ipv4(6, A4, B4, 4000, 4001)),
            p.Frame(18, 0x0800, Ipv4(17, C4, B4, 4000, 4001)),
            p.Frame(19, 0x0800, Ipv4(17, A4, C4, 4000, 4001)),
            p.Frame(20, 0x0806, Arp(C4, B4)),
            p.Frame(21, 0x0806, Arp(A4, C4)),
            p.Frame(22, 0x86DD, Ipv6(17, C6, B6, 4000, 4001)),
            p.Frame(23, 0x86DD, Ipv6(17, A6, C6, 4000, 4001)),
            p.Frame(24, 0x86DD, Ipv6(17, IPAddress.Parse("2002:db8::9"), B6, 4000, 4001)),
            p.Frame(25, 0x86DD, Ipv6(17, IPAddress.Parse("2001:db8:1::9"), B6, 4000, 4001)),
            p.Frame(26, 0x86DD, Ipv6(17, IPAddress.Parse("2001:db8::1:0:9"), B6, 4000, 4001)),
            p.Frame(27, 0x86DD, Ipv6(17, IPAddress.Parse("2001:db8::8"), B6, 4000, 4001)),
            p.Frame(28, 0x86DD, Ipv6(47, A6, B6, 1000, 2000)),
            p.Frame(29, 0x0800, Ipv4(17, A4, B4, 2000, 1000)),
            p.Frame(30, 0x86DD, Ipv6(17, A6, B6, 2000, 1000)),
        ];
    }

    /// <summary>"protocol X|Y and port N|M and address A|B", as the program's description says it.</summary>
    private static PacketFilter? Parse(string selection)
    {
        if (selection == "all")
        {
            return null;
        }

        PacketProtocol[]? protocols = null;
        int[]? ports = null;
        IPAddress[]? addresses = null;
        foreach (string part in selection.Split(" and "))
        {
            string[] words = part.Split(' ');
            string[] values = words[1].Split('|');
            switch (words[0])
            {
                case "protocol":
                    protocols = [.. values.Select(Enum.Parse<PacketProtocol>)];
                    break;
                case "port":
                    ports = [.. values.Select(int.Parse)];
                    break;
                default:
                    addresses = [.. values.Select(IPAddress.Parse)];
                    break;
            }
        }

        return new PacketFilter(protocols, ports, addresses);
    }

    /// <summary>An IPv4 header (RFC 791; the checksum is left 0, nothing here checks it) and 8 bytes of transport with the two ports.</summary>
    internal static byte[] Ipv4(byte protocol, byte[] source, byte[] destination, int sourcePort, int destinationPort, ushort fragment = 0, byte[]? options = null, int payloadLength = 0)
    {
        int header = 20 + (options?.Length ?? 0);
        byte[] ip = new byte[header + 8 + payloadLength];
        ip[0] = (byte)(0x40 | (header / 4));
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), fragment);
        ip[8] = 64;
        ip[9] = protocol;
        source.CopyTo(ip, 12);
        destination.CopyTo(ip, 16);
        options?.CopyTo(ip, 20);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(header), (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(header + 2), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(header + 4), (ushort)(8 + payloadLength));
        return ip;
    }

    /// <summary>An IPv6 header (RFC 8200) and 8 bytes after it, the first four read as the two ports.</summary>
    internal static byte[] Ipv6(byte nextHeader, IPAddress source, IPAddress destination, int sourcePort, int destinationPort)
    {
        byte[] ip = new byte[48];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), 8);
        ip[6] = nextHeader;
        ip[7] = 64;
        source.GetAddressBytes().CopyTo(ip, 8);
        destination.GetAddressBytes().CopyTo(ip, 24);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(40), (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(42), (ushort)destinationPort);
        return ip;
    }

    /// <summary>An Ethernet/IPv4 ARP request (RFC 826): sender protocol address at 14, target at 24.</summary>
    private static byte[] Arp(byte[] sender, byte[] target)
    {
        byte[] arp = Convert.FromHexString("0001080006040001" + "020000000001" + "00000000" + "000000000000" + "00000000");
        sender.CopyTo(arp, 14);
        target.CopyTo(arp, 24);
        return arp;
    }
}
