using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// A TCP/UDP checksum field holding exactly the folded pseudo-header sum is what Linux leaves for
/// checksum offload (CHECKSUM_PARTIAL); a file shows it that way, and only that value is offload.
/// </summary>
public sealed class OffloadTests
{
    // IPv4 127.0.0.1 → 127.0.0.2, UDP 1234 → 53, length 12, "abcd". Pseudo-header by hand:
    // 7f00 + 0001 + 7f00 + 0002 + 0011 (UDP) + 000c (length) = 0xfe20.
    private static byte[] Datagram(string checksum)
    {
        byte[] ip = Convert.FromHexString("450000200000400040110000" + "7f0000017f000002" + "04d20035000c" + checksum + "61626364");
        FixIpChecksum(ip);
        return ip;
    }

    [Theory]
    [InlineData("fe20", ChecksumStatus.Offloaded, PacketProblems.None, " [ChecksumOffloaded]")]
    [InlineData("fe21", ChecksumStatus.Invalid, PacketProblems.BadChecksum, " [BadChecksum]")]
    [InlineData("0000", ChecksumStatus.NotPresent, PacketProblems.None, "")]
    public void A_file_packet_whose_field_is_the_pseudo_header_sum_is_offloaded_and_no_other(string field, ChecksumStatus expected, PacketProblems problems, string hint)
    {
        byte[] bytes = Datagram(field);
        var p = new Packet(1, 0, null, LinkType.RawIP, bytes.Length, bytes, null);
        Assert.Equal(expected, p.Udp!.ChecksumStatus);
        Assert.Equal(problems, p.Problems);
        Assert.Equal("1234 → 53 Len=4" + hint, p.Info);
    }

    [Fact]
    public void The_kernel_saying_not_ready_makes_any_unfinished_value_offloaded_but_a_right_one_stays_valid()
    {
        byte[] wrong = Datagram("1234");
        Assert.Equal(ChecksumStatus.Offloaded, new Packet(1, 0, "lo", LinkType.RawIP, wrong.Length, wrong, null, KernelChecksum.NotReady).Udp!.ChecksumStatus);
        Assert.Equal(ChecksumStatus.Invalid, new Packet(1, 0, "lo", LinkType.RawIP, wrong.Length, wrong, null).Udp!.ChecksumStatus);

        // The right checksum, by RFC 1071 arithmetic written out here rather than taken from the code under test.
        ushort right = (ushort)~Fold(0xfe20 + 0x04d2 + 0x0035 + 0x000c + 0x6162 + 0x6364);
        byte[] good = Datagram(right.ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ChecksumStatus.Valid, new Packet(1, 0, "lo", LinkType.RawIP, good.Length, good, null, KernelChecksum.NotReady).Udp!.ChecksumStatus);
    }

    private static void FixIpChecksum(byte[] ip)
    {
        uint sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += i == 10 ? 0u : (uint)((ip[i] << 8) | ip[i + 1]);
        }

        ushort c = (ushort)~Fold(sum);
        ip[10] = (byte)(c >> 8);
        ip[11] = (byte)c;
    }

    private static ushort Fold(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
