using PSSocket.Core.Integrity;

namespace PSSocket.Core.Tests.Integrity;

public class InternetChecksumTests
{
    private static readonly byte[] Rfc1071Example = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];

    public static TheoryData<string> Kernels => new() { "Scalar", "Vector256", "Vector512", "Dispatch" };

    [Fact]
    public void Rfc1071_example_sums_to_ddf2_and_checksums_to_220d()
    {
        Assert.Equal(0xddf2, InternetChecksum.Fold(InternetChecksum.Accumulate(Rfc1071Example)));
        Assert.Equal(0x220d, InternetChecksum.Compute(Rfc1071Example));
    }

    [Theory]
    [InlineData(0x0000_0000_0000_0000UL, 0x0000)]
    [InlineData(0x0000_0000_0000_FFFFUL, 0xFFFF)]
    [InlineData(0x0000_0000_0001_0000UL, 0x0001)]
    [InlineData(0x8000_0000_0000_0000UL, 0x8000)]
    [InlineData(0xFFFF_0000_0000_0001UL, 0x0001)]
    [InlineData(0xFFFF_FFFF_FFFF_FFFFUL, 0xFFFF)]
    [InlineData(0x0000_0001_0000_FFFFUL, 0x0001)]
    [InlineData(0x0001_0000_FFFF_FFFFUL, 0x0001)] // the only kind of sum that needs the fourth end-around carry
    public void Fold_is_the_ones_complement_sum_of_the_16_bit_parts(ulong sum, int folded) =>
        // Expected: python3, x % 0xFFFF, or 0xFFFF for a nonzero multiple of it (ones' complement has no +0 there).
        Assert.Equal((ushort)folded, InternetChecksum.Fold(sum));

    [Fact]
    public void Empty_data_sums_to_zero_and_checksums_to_ffff() =>
        Assert.Equal(0xffff, InternetChecksum.Compute([]));

    [Fact]
    public void Odd_last_byte_is_padded_with_zero() =>
        Assert.Equal(InternetChecksum.Compute([0x12, 0x34, 0x56, 0x00]), InternetChecksum.Compute([0x12, 0x34, 0x56]));

    [Fact]
    public void Chained_accumulation_split_at_even_offsets_equals_one_shot()
    {
        byte[] data = TestBytes.Random(1001, seed: 7);
        ulong whole = InternetChecksum.Accumulate(data);
        for (int split = 0; split <= data.Length; split += 2)
        {
            ulong chained = InternetChecksum.Accumulate(data.AsSpan(split), InternetChecksum.Accumulate(data.AsSpan(0, split)));
            Assert.Equal(InternetChecksum.Fold(whole), InternetChecksum.Fold(chained));
        }
    }

    [Theory]
    [Trait("Category", "Vector")]
    [MemberData(nameof(Kernels))]
    public void Every_kernel_matches_the_word_by_word_definition_for_every_length_to_1100(string kernel)
    {
        byte[] data = TestBytes.Random(1100 + 3, seed: 11);
        for (int offset = 0; offset < 4; offset++)
        {
            for (int length = 0; length + offset <= 1100; length++)
            {
                var span = data.AsSpan(offset, length);
                Assert.Equal(Reference(span), Folded(kernel, span));
            }
        }
    }

    [Theory]
    [Trait("Category", "Vector")]
    [MemberData(nameof(Kernels))]
    public void Every_kernel_survives_lane_wrap_around_on_large_all_ones_data(string kernel)
    {
        // 0xFFFF words make every 32-bit lane wrap on almost every add: the carry counting must be exact.
        byte[] ones = new byte[(4 << 20) + 6];
        Array.Fill(ones, (byte)0xff);
        Assert.Equal(Reference(ones), Folded(kernel, ones));
        byte[] random = TestBytes.Random((3 << 20) + 1, seed: 5);
        Assert.Equal(Reference(random), Folded(kernel, random));
    }

    [Theory]
    [Trait("Category", "Vector")]
    [InlineData(64)]
    [InlineData(32)]
    public unsafe void An_aligned_run_after_an_odd_or_even_prefix_matches_the_definition(int alignment)
    {
        byte[] data = TestBytes.Random(20_000, seed: 17);
        for (int offset = 0; offset < 70; offset++)
        {
            var span = data.AsSpan(offset, data.Length - offset - (offset % 5));
            ulong native = alignment == 64
                ? InternetChecksum.Aligned(span, 64, &InternetChecksum.SumVector512)
                : InternetChecksum.Aligned(span, 32, &InternetChecksum.SumVector256);
            ushort folded = InternetChecksum.Fold(native);
            Assert.Equal(Reference(span), BitConverter.IsLittleEndian ? (ushort)((folded >> 8) | (folded << 8)) : folded);
        }
    }

    [Theory]
    [Trait("Category", "Vector")]
    [InlineData(64)]
    [InlineData(32)]
    public unsafe void An_aligned_run_on_a_short_span_starts_within_its_first_alignment_bytes(int alignment)
    {
        // The prefix before the boundary is under one alignment, so any span longer than that can be aligned.
        byte[] data = TestBytes.Random(300, seed: 23);
        for (int offset = 0; offset < 70; offset++)
        {
            var span = data.AsSpan(offset, 100 + (offset % 3));
            ulong native = alignment == 64
                ? InternetChecksum.Aligned(span, 64, &InternetChecksum.SumVector512)
                : InternetChecksum.Aligned(span, 32, &InternetChecksum.SumVector256);
            ushort folded = InternetChecksum.Fold(native);
            Assert.Equal(Reference(span), BitConverter.IsLittleEndian ? (ushort)((folded >> 8) | (folded << 8)) : folded);
        }
    }

    [Fact]
    [Trait("Category", "Vector")]
    public void Checksum_of_data_followed_by_its_checksum_verifies_to_zero()
    {
        byte[] data = TestBytes.Random(4096, seed: 3);
        ushort checksum = InternetChecksum.Compute(data);
        byte[] withChecksum = [.. data, (byte)(checksum >> 8), (byte)checksum];
        Assert.Equal(0xffff, InternetChecksum.Fold(InternetChecksum.Accumulate(withChecksum)));
    }

    /// <summary>RFC 1071 as written: big-endian words, end-around carry after every add.</summary>
    private static ushort Reference(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0));
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)sum;
    }

    private static ushort Folded(string kernel, ReadOnlySpan<byte> data)
    {
        ulong native = kernel switch
        {
            "Scalar" => InternetChecksum.SumScalar(data),
            "Vector256" => InternetChecksum.SumVector256(data),
            "Vector512" => InternetChecksum.SumVector512(data),
            _ => InternetChecksum.SumNative(data),
        };
        ushort folded = InternetChecksum.Fold(native);
        return BitConverter.IsLittleEndian ? (ushort)((folded >> 8) | (folded << 8)) : folded;
    }
}
