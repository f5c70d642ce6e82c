using System.Buffers.Binary;
using PSSocket.Core.Integrity;

namespace PSSocket.Core.Packets;

/// <summary>Header checksum verification shared by IPv4, TCP, UDP, ICMP and ICMPv6.</summary>
internal static class HeaderChecksums
{
    /// <summary>The unfolded sum of the TCP/UDP/ICMPv6 pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1).</summary>
    public static ulong PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, int upperLayerLength)
    {
        ulong sum = InternetChecksum.Accumulate(source);
        sum = InternetChecksum.Accumulate(destination, sum);
        return sum + protocol + (ulong)(uint)upperLayerLength;
    }

    /// <summary>
    /// Verifies the checksum at <paramref name="checksumOffset"/> (even) in <paramref name="covered"/>.
    /// The computed value is what a sender would store; the verdict follows RFC 1071 (the sum over
    /// everything, checksum included, is all ones), so 0x0000 and 0xFFFF are the same checksum.
    /// Stored is null when the field was not captured, Computed when the covered bytes are incomplete:
    /// a value nobody read is not reported as zero.
    /// </summary>
    public static (ushort? Stored, ushort? Computed, ChecksumStatus Status) Verify(ReadOnlySpan<byte> covered, int checksumOffset, ulong pseudoHeader, bool complete)
    {
        if (covered.Length < checksumOffset + 2)
        {
            return (null, null, ChecksumStatus.Unverifiable);
        }

        ushort stored = BinaryPrimitives.ReadUInt16BigEndian(covered[checksumOffset..]);
        if (!complete)
        {
            return (stored, null, ChecksumStatus.Unverifiable);
        }

        ulong withoutField = InternetChecksum.Accumulate(covered[..checksumOffset], pseudoHeader);
        withoutField = InternetChecksum.Accumulate(covered[(checksumOffset + 2)..], withoutField);
        ushort computed = (ushort)~InternetChecksum.Fold(withoutField);
        bool valid = InternetChecksum.Fold(withoutField + stored) == 0xFFFF;
        return (stored, computed, valid ? ChecksumStatus.Valid : ChecksumStatus.Invalid);
    }

    /// <summary>
    /// Turns an Invalid TCP/UDP verdict into Offloaded when the kernel said the checksum was left to
    /// the card, or when the stored value is exactly the folded pseudo-header sum that Linux writes
    /// for CHECKSUM_PARTIAL (__tcp_v4_send_check, udp4_hwcsum) and the card would have completed.
    /// </summary>
    public static ChecksumStatus Offload(ChecksumStatus status, ushort? stored, ulong pseudoHeaderWithLength, bool kernelNotReady) =>
        status == ChecksumStatus.Invalid && (kernelNotReady || stored == InternetChecksum.Fold(pseudoHeaderWithLength))
            ? ChecksumStatus.Offloaded
            : status;
}
