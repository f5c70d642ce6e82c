using System.Text;
using PSSocket.Core.Integrity;

namespace PSSocket.Core.Tests.Integrity;

public class ChecksumCalculatorTests
{
    [Theory]
    [InlineData(ChecksumAlgorithm.Fletcher16, "abcde", 0xC8F0u)]
    [InlineData(ChecksumAlgorithm.Fletcher16, "abcdef", 0x2057u)]
    [InlineData(ChecksumAlgorithm.Fletcher16, "abcdefgh", 0x0627u)]
    [InlineData(ChecksumAlgorithm.Fletcher32, "abcde", 0xF04FC729u)]
    [InlineData(ChecksumAlgorithm.Fletcher32, "abcdef", 0x56502D2Au)]
    [InlineData(ChecksumAlgorithm.Fletcher32, "abcdefgh", 0xEBE19591u)]
    [InlineData(ChecksumAlgorithm.Adler32, "Wikipedia", 0x11E60398u)]
    [InlineData(ChecksumAlgorithm.Internet, "", 0xFFFFu)]
    [InlineData(ChecksumAlgorithm.Fletcher16, "", 0u)]
    [InlineData(ChecksumAlgorithm.Fletcher32, "", 0u)]
    [InlineData(ChecksumAlgorithm.Adler32, "", 1u)]
    public void Known_answers(ChecksumAlgorithm algorithm, string text, uint expected) =>
        Assert.Equal(expected, Checksums.Compute(Encoding.ASCII.GetBytes(text), algorithm).Value);

    [Theory]
    [InlineData(ChecksumAlgorithm.Internet, new byte[] { 0xab, 0xcd, 0xef }, 0x6531u)] // 0xabcd + 0xef00, RFC 1071 padding
    [InlineData(ChecksumAlgorithm.Internet, new byte[] { 0x12, 0x34, 0x00 }, 0xedcbu)]
    [InlineData(ChecksumAlgorithm.Fletcher32, new byte[] { 0x01, 0x02, 0x00 }, 0x04020201u)] // a zero last byte is still a word 0x0000
    public void An_odd_last_byte_is_a_word_padded_with_zero(ChecksumAlgorithm algorithm, byte[] data, uint expected) =>
        // Expected: python3, the definitions word by word (an odd last byte padded with 0x00).
        Assert.Equal(expected, Checksums.Compute(data, algorithm).Value);

    [Theory]
    [InlineData(ChecksumAlgorithm.Internet, 0xfffeu)] // the word 0x0001
    [InlineData(ChecksumAlgorithm.Fletcher32, 0x02020102u)] // the words 0x0100 and 0x0002 (little-endian)
    public void A_zero_byte_left_waiting_for_its_partner_joins_the_next_part(ChecksumAlgorithm algorithm, uint expected)
    {
        // Expected: python3 as above over 00 01 02 (Internet over 00 01); the first part is one zero byte.
        var calculator = new ChecksumCalculator(algorithm);
        calculator.Append([0x00]);
        calculator.Append(algorithm == ChecksumAlgorithm.Internet ? [0x01] : [0x01, 0x02]);
        Assert.Equal(expected, calculator.Value);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Internet)]
    [InlineData(ChecksumAlgorithm.Fletcher16)]
    [InlineData(ChecksumAlgorithm.Fletcher32)]
    [InlineData(ChecksumAlgorithm.Adler32)]
    public void Chunked_computation_equals_one_shot_for_every_split(ChecksumAlgorithm algorithm)
    {
        byte[] data = TestBytes.Random(301, seed: 1);
        uint whole = Checksums.Compute(data, algorithm).Value;
        for (int a = 0; a <= data.Length; a++)
        {
            for (int b = a; b <= data.Length; b += 37)
            {
                var calculator = new ChecksumCalculator(algorithm);
                calculator.Append(data.AsSpan(0, a));
                calculator.Append(data.AsSpan(a, b - a));
                calculator.Append(data.AsSpan(b));
                Assert.Equal(whole, calculator.Value);
                Assert.Equal(data.Length, calculator.Length);
            }
        }
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Fletcher16)]
    [InlineData(ChecksumAlgorithm.Fletcher32)]
    [InlineData(ChecksumAlgorithm.Adler32)]
    public void Deferred_modulo_is_exact_at_its_overflow_bound(ChecksumAlgorithm algorithm)
    {
        // All-0xFF data drives the sums to their maxima; lengths straddle each run bound.
        foreach (int length in new[] { 359 * 2, (359 * 2) + 1, 5552, 5553, 5802, 5803, 100_003 })
        {
            byte[] data = new byte[length];
            Array.Fill(data, (byte)0xff);
            Assert.Equal(Reference(algorithm, data), Checksums.Compute(data, algorithm).Value);
            byte[] random = TestBytes.Random(length, seed: length);
            Assert.Equal(Reference(algorithm, random), Checksums.Compute(random, algorithm).Value);
        }
    }

    [Fact]
    public void Internet_result_reports_the_sum_and_hex_of_width_16()
    {
        var result = Checksums.Compute([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7], ChecksumAlgorithm.Internet);
        Assert.Equal((ushort)0xddf2, result.Sum);
        Assert.Equal("220d", result.Hex);
        Assert.Equal(8, result.Length);
        Assert.Equal("InputObject", result.Source);
        Assert.Null(Checksums.Compute([1], ChecksumAlgorithm.Adler32).Sum);
        Assert.Equal("00020002", Checksums.Compute([1], ChecksumAlgorithm.Adler32).Hex);
    }

    /// <summary>The textbook definitions, modulo after every step.</summary>
    private static uint Reference(ChecksumAlgorithm algorithm, byte[] data)
    {
        uint s1 = algorithm == ChecksumAlgorithm.Adler32 ? 1u : 0u, s2 = 0;
        switch (algorithm)
        {
            case ChecksumAlgorithm.Fletcher16:
                foreach (byte b in data)
                {
                    s1 = (s1 + b) % 255;
                    s2 = (s2 + s1) % 255;
                }

                return (s2 << 8) | s1;
            case ChecksumAlgorithm.Fletcher32:
                for (int i = 0; i < data.Length; i += 2)
                {
                    s1 = (s1 + (uint)(data[i] | ((i + 1 < data.Length ? data[i + 1] : 0) << 8))) % 65535;
                    s2 = (s2 + s1) % 65535;
                }

                return (s2 << 16) | s1;
            default:
                foreach (byte b in data)
                {
                    s1 = (s1 + b) % 65521;
                    s2 = (s2 + s1) % 65521;
                }

                return (s2 << 16) | s1;
        }
    }
}
