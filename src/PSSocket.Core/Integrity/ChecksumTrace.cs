using System.Globalization;

namespace PSSocket.Core.Integrity;

/// <summary>The Internet checksum, one 16-bit addition at a time, for teaching.</summary>
internal static class ChecksumTrace
{
    /// <summary>
    /// The steps: split into big-endian words (an odd last byte padded with zero), add each with
    /// end-around carry, then complement. The sender transmits the complement; the receiver,
    /// summing data that includes the checksum, expects a complement of 0.
    /// </summary>
    public static IEnumerable<ChecksumTraceStep> Steps(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ushort sum = 0;
        int step = 0;
        for (int offset = 0; offset < data.Length; offset += 2)
        {
            bool padded = offset + 1 >= data.Length;
            ushort word = (ushort)((data[offset] << 8) | (padded ? 0 : data[offset + 1]));
            uint raw = (uint)sum + word;
            bool carry = raw > 0xFFFF;
            ushort after = (ushort)(carry ? (raw & 0xFFFF) + 1 : raw);
            string note = string.Create(CultureInfo.InvariantCulture, $"0x{sum:x4} + 0x{word:x4} = 0x{raw:x}")
                + (carry ? string.Create(CultureInfo.InvariantCulture, $"; carry wraps around: 0x{raw & 0xFFFF:x4} + 1 = 0x{after:x4}") : string.Empty)
                + (padded ? "; odd last byte padded with 0x00" : string.Empty);
            yield return new ChecksumTraceStep(++step, "Add", offset, word, sum, raw, carry, after, note);
            sum = after;
        }

        ushort complement = (ushort)~sum;
        yield return new ChecksumTraceStep(++step, "Complement", -1, 0, sum, sum, false, complement,
            string.Create(CultureInfo.InvariantCulture, $"~0x{sum:x4} = 0x{complement:x4}"));
    }
}
