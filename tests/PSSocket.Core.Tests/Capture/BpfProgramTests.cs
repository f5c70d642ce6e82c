using System.Net;
using System.Runtime.InteropServices;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Capture.LinuxPacketSocketNative;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// Classic BPF programs as the kernel and libpcap see them: the instruction limit is the kernel's
/// (BPF_MAXINSNS), libpcap's compiled programs are tcpdump -dd's instruction for instruction, a
/// program joined to another in the kernel accepts only what both accept, and libpcap's verdict on
/// a frame follows the link type and the length on the wire.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class BpfProgramTests
{
    private const int Einval = 22;

    /// <summary>linux/bpf_common.h: BPF_MAXINSNS is 4096; the kernel refuses an empty program and one instruction more.</summary>
    [RootTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(4097)]
    public void A_program_has_1_to_4096_instructions_as_the_kernel_takes(int count)
    {
        // ld #0 (BPF_LD|BPF_IMM) repeated, then ret #65535: valid for the kernel at any length.
        var code = Enumerable.Repeat(new BpfInstruction(0x00, 0, 0, 0), Math.Max(count - 1, 0)).ToList();
        if (count > 0)
        {
            code.Add(new BpfInstruction(BpfInstruction.Ret | BpfInstruction.K_, 0, 0, 65535));
        }

        int fd = Socket(AfPacket, SockRaw | SockCloexec, 0);
        Assert.True(fd >= 0);
        int errno;
        try
        {
            errno = KernelProbe.Attach(fd, code);
        }
        finally
        {
            _ = Close(fd);
        }

        bool valid = count is >= 1 and <= 4096;
        Assert.Equal(valid ? 0 : Einval, errno);
        if (valid)
        {
            Assert.Equal(count, new BpfProgram(code, "n").Instructions.Count);
        }
        else
        {
            var e = Assert.Throws<ArgumentException>(() => new BpfProgram(code, "n"));
            Assert.Equal("instructions", e.ParamName);
        }
    }

    [Theory]
    [InlineData(0x06, true)] // ret #k
    [InlineData(0x16, true)] // ret a
    [InlineData(0x0e, true)] // ret x (BPF_RET|BPF_X)
    [InlineData(0x05, false)] // ja
    [InlineData(0x15, false)] // jeq #k
    [InlineData(0x07, false)] // BPF_MISC (tax)
    [InlineData(0x00, false)] // ld #k
    public void IsReturn_is_the_ret_class_of_linux_bpf_common_h(ushort code, bool isReturn) =>
        Assert.Equal(isReturn, new BpfInstruction(code, 0, 0, 0).IsReturn);

    /// <summary>libpcap's program for an expression and link type, instruction by instruction as tcpdump -dd prints it.</summary>
    [PeerTheory("tcpdump")]
    [InlineData("udp port 53", "lo", LinkType.Ethernet)]
    [InlineData("tcp[tcpflags] & tcp-syn != 0 and not host 10.1.2.3", "lo", LinkType.Ethernet)]
    [InlineData("len > 100", "lo", LinkType.Ethernet)]
    [InlineData("udp or arp", "any", LinkType.LinuxSll2)]
    public void A_compiled_expression_is_the_program_tcpdump_dd_prints(string expression, string device, LinkType linkType)
    {
        var (exit, output, error) = Peer.Run("tcpdump", ["-i", device, "-dd", expression], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, "tcpdump: " + error);
        string[] theirs = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var compiled = FilterExpression.Compile(expression);
        var program = compiled.KernelProgram(linkType);
        Assert.Equal(theirs, program.Instructions.Select(i => i + ","));
        Assert.Equal("'" + expression + "'", program.Description);
        Assert.Equal(program.Instructions, compiled.KernelProgram(linkType).Instructions); // the second call finds the first's program
    }

    /// <summary>
    /// Raw IP frames are libpcap's DLT_RAW (12 on Linux), cooked ones SLL2: the same expression decides on
    /// each link type's frames as tcpdump does, and "len" is the length on the wire, not what was kept.
    /// </summary>
    [Fact]
    public void Libpcap_judges_raw_ip_and_cooked_frames_and_the_length_on_the_wire()
    {
        byte[] udp = KernelFilterTests.Ipv4(17, [192, 0, 2, 1], [192, 0, 2, 2], 1000, 53);
        byte[] tcp = KernelFilterTests.Ipv4(6, [192, 0, 2, 1], [192, 0, 2, 2], 1000, 53);
        using var dns = FilterExpression.Compile("udp port 53");
        Assert.True(dns.Matches(LinkType.RawIP, udp, udp.Length));
        Assert.False(dns.Matches(LinkType.RawIP, tcp, tcp.Length));
        // SLL2 (tcpdump -i any): EtherType 0x0800, reserved, ifindex 1, ARPHRD 772, PACKET_HOST, address length 6, address.
        byte[] cooked = [.. Convert.FromHexString("0800" + "0000" + "00000001" + "0304" + "00" + "06" + "0000000000000000"), .. udp];
        Assert.True(dns.Matches(LinkType.LinuxSll2, cooked, cooked.Length));
        Assert.False(dns.Matches(LinkType.LinuxSll2, [.. cooked[..20], .. tcp], cooked.Length));

        using var longer = FilterExpression.Compile("len > 100");
        Assert.True(longer.Matches(LinkType.RawIP, udp, 101)); // cut to 28 bytes by a snap length, 101 on the wire
        Assert.False(longer.Matches(LinkType.RawIP, udp, 100));
        Assert.False(longer.Matches(LinkType.RawIP, udp, 0)); // no length given: the bytes held
        Assert.True(longer.Matches(LinkType.RawIP, new byte[101], 0));
    }

    /// <summary>The fault carries libpcap's own reason, as tcpdump prints it ("unknown port 'banana'").</summary>
    [Fact]
    public void A_bad_expression_gives_libpcaps_reason()
    {
        var e = Assert.Throws<PSSocketException>(() => FilterExpression.Compile("tcp port banana"));
        Assert.Contains("unknown port 'banana'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_expression_refuses_to_judge_and_disposing_again_does_nothing()
    {
        var expression = FilterExpression.Compile("udp");
        _ = expression.KernelProgram(LinkType.LinuxSll2);
        expression.Dispose();
        expression.Dispose();
        Assert.Throws<ObjectDisposedException>(() => expression.KernelProgram(LinkType.Ethernet));
        Assert.Throws<ObjectDisposedException>(() => expression.Matches(LinkType.Ethernet, new byte[60], 60));
    }

    [Fact]
    public void The_first_library_of_the_list_that_loads_is_used()
    {
        nint library = FilterExpression.FindLibrary(["libpcap-not-here.so.9", .. FilterExpression.LibraryNames]);
        Assert.NotEqual(0, library);
        Assert.True(NativeLibrary.TryGetExport(library, "pcap_compile", out _));
        Assert.True(CaptureInterfaces.PcapAvailable());
    }

    /// <summary>
    /// Then joins two programs: in the kernel a frame passes only if the first program (a port, or all)
    /// and the second (libpcap's, longer than the first) both accept it.
    /// </summary>
    [RootTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_joined_program_passes_only_what_both_programs_accept(bool withPort)
    {
        using var expression = FilterExpression.Compile("udp[8:4] = 0x6b656570"); // the payload starts "keep"
        var selection = withPort ? new PacketFilter(null, [2000], null) : null;
        var first = KernelFilter.Compile(selection, 14, 0, 65535);
        var second = expression.KernelProgram(LinkType.Ethernet);
        var joined = first.Then(second);
        Assert.Equal((withPort ? "port 2000" : "all") + " and 'udp[8:4] = 0x6b656570'", joined.Description);
        Assert.Equal(first.Instructions.Count + second.Instructions.Count, joined.Instructions.Count);
        Assert.Equal(second.Instructions, joined.Instructions.Skip(first.Instructions.Count));
        using var probe = new KernelProbe(joined);
        byte[] keep = [.. "keep"u8], drop = [.. "drop"u8];
        var seen = probe.Verdicts(
        [
            probe.Frame(1, 0x0800, [.. KernelFilterTests.Ipv4(17, [192, 0, 2, 1], [192, 0, 2, 2], 1000, 2000, payloadLength: 0), .. keep]),
            probe.Frame(2, 0x0800, [.. KernelFilterTests.Ipv4(17, [192, 0, 2, 1], [192, 0, 2, 2], 1000, 2000, payloadLength: 0), .. drop]),
            probe.Frame(3, 0x0800, [.. KernelFilterTests.Ipv4(17, [192, 0, 2, 1], [192, 0, 2, 2], 1000, 2001, payloadLength: 0), .. keep]),
            probe.Frame(4, 0x0800, [.. KernelFilterTests.Ipv4(6, [192, 0, 2, 1], [192, 0, 2, 2], 1000, 2000, payloadLength: 0), .. keep]),
        ], withPort ? 1 : 2);
        Assert.Equal(withPort ? [1] : [1, 3], seen.Keys.Order());
    }
}
