using System.Buffers.Binary;

namespace PSSocket.Core.Integrity;

/// <summary>
/// The Internet checksum of RFC 1071: the ones' complement of the ones' complement sum of the
/// data taken as big-endian 16-bit words, an odd last byte padded with a zero byte.
/// </summary>
internal static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to a running sum of big-endian 16-bit words without folding.
    /// Chained calls must split the data at even offsets (an odd part is padded with zero).
    /// </summary>
    public static ulong Accumulate(ReadOnlySpan<byte> data, ulong sum = 0)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < data.Length)
        {
            sum += (ulong)data[i] << 8;
        }

        return sum;
    }

    /// <summary>Folds a running sum to 16 bits with end-around carries.</summary>
    public static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }

    /// <summary>The checksum to transmit: ~Fold(Accumulate(data)).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => (ushort)~Fold(Accumulate(data));
}
