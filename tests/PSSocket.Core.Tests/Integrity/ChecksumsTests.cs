using PSSocket.Core.Integrity;

namespace PSSocket.Core.Tests.Integrity;

public sealed class ChecksumsTests : IDisposable
{
    private static readonly byte[] Rfc1071Example = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-checksum-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Trace_shows_each_addition_its_carry_and_the_complement()
    {
        var steps = ChecksumTrace.Steps(Rfc1071Example).ToList();
        Assert.Equal(
            [("Add", 0, 0x0001, 0x0000, 0x00001u, false, 0x0001), ("Add", 2, 0xf203, 0x0001, 0x0f204u, false, 0xf204),
             ("Add", 4, 0xf4f5, 0xf204, 0x1e6f9u, true, 0xe6fa), ("Add", 6, 0xf6f7, 0xe6fa, 0x1ddf1u, true, 0xddf2),
             ("Complement", -1, 0, 0xddf2, 0xddf2u, false, 0x220d)],
            steps.Select(s => (s.Action, s.Offset, (int)s.Word, (int)s.SumBefore, s.RawSum, s.Carry, (int)s.Sum)));
        Assert.Equal([1, 2, 3, 4, 5], steps.Select(s => s.Step));
        Assert.Equal("0xf204 + 0xf4f5 = 0x1e6f9; carry wraps around: 0xe6f9 + 1 = 0xe6fa", steps[2].Note);
        Assert.Equal("~0xddf2 = 0x220d", steps[4].Note);
    }

    [Fact]
    public void Trace_pads_an_odd_last_byte_and_says_so()
    {
        var steps = ChecksumTrace.Steps([0xab, 0xcd, 0xef]).ToList();
        Assert.Equal(0xef00, steps[1].Word);
        Assert.EndsWith("odd last byte padded with 0x00", steps[1].Note, StringComparison.Ordinal);
        Assert.Equal(InternetChecksum.Compute([0xab, 0xcd, 0xef]), steps[^1].Sum);
    }

    [Fact]
    public void Receiver_sums_data_with_its_checksum_and_finds_complement_zero()
    {
        byte[] sent = [.. Rfc1071Example, 0x22, 0x0d];
        var result = Checksums.Test(Checksums.Compute(sent, ChecksumAlgorithm.Internet), expected: null);
        Assert.True(result.Valid);
        Assert.Equal(0u, result.Actual);
        Assert.Contains("complement is 0", result.Reason, StringComparison.Ordinal);

        sent[2] ^= 0x10; // one bit flipped in transit
        var damaged = Checksums.Test(Checksums.Compute(sent, ChecksumAlgorithm.Internet), expected: null);
        Assert.False(damaged.Valid);
        Assert.Equal(0x1000u, damaged.Actual);
        Assert.Equal("The ones' complement sum is 0xefff; its complement 0x1000 is not 0: the data or the checksum was altered.", damaged.Reason);
    }

    [Fact]
    public void Test_against_an_expected_value_compares_and_says_which_differs()
    {
        byte[] data = "abcde"u8.ToArray();
        Assert.True(Checksums.Test(Checksums.Compute(data, ChecksumAlgorithm.Fletcher16), 0xC8F0).Valid);
        var bad = Checksums.Test(Checksums.Compute(data, ChecksumAlgorithm.Fletcher16), 0xC8F1);
        Assert.False(bad.Valid);
        Assert.Equal(0xC8F1u, bad.Expected);
        Assert.Equal("The computed checksum 0xc8f0 differs from the expected 0xc8f1: the data or the checksum was altered.", bad.Reason);
    }

    [Fact]
    public void Test_against_an_equal_expected_value_says_so()
    {
        // zlib.adler32(b"Wikipedia") == 0x11e60398 (python3)
        var result = Checksums.Test(Checksums.Compute("Wikipedia"u8, ChecksumAlgorithm.Adler32), 0x11E60398);
        Assert.True(result.Valid);
        Assert.Equal((0x11E60398u, (uint?)0x11E60398u), (result.Actual, result.Expected));
        Assert.Equal("The computed checksum 0x11e60398 equals the expected value.", result.Reason);
    }

    [Fact]
    public void A_32_bit_expected_value_is_shown_with_eight_digits()
    {
        // zlib.adler32(b"\x01") == 0x00020002 (python3); the expected value keeps its leading zeros.
        var bad = Checksums.Test(Checksums.Compute([1], ChecksumAlgorithm.Adler32), 0x1);
        Assert.False(bad.Valid);
        Assert.Equal("The computed checksum 0x00020002 differs from the expected 0x00000001: the data or the checksum was altered.", bad.Reason);
    }

    [Fact]
    public void A_result_shows_as_its_hex_value_and_null_arguments_are_argument_errors()
    {
        Assert.Equal("0x220d", Checksums.Compute(Rfc1071Example, ChecksumAlgorithm.Internet).ToString());
        Assert.Equal("computed", Assert.Throws<ArgumentNullException>(() => Checksums.Test(null!, 1)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => ChecksumTrace.Steps(null!).ToList()).ParamName);
    }

    [Fact]
    public void A_sum_of_exactly_ffff_has_no_carry_and_complements_to_zero()
    {
        // RFC 1071: 0xffff is the ones' complement "negative zero"; adding it to 0 overflows nothing.
        var steps = ChecksumTrace.Steps([0xff, 0xff]).ToList();
        Assert.Equal((false, (ushort)0xffff, "0x0000 + 0xffff = 0xffff"), (steps[0].Carry, steps[0].Sum, steps[0].Note));
        Assert.Equal((ushort)0x0000, steps[1].Sum);
    }

    [Fact]
    public void Fletcher_without_an_expected_value_is_a_clear_error()
    {
        var e = Assert.Throws<PSSocketException>(() => Checksums.Test(Checksums.Compute([1], ChecksumAlgorithm.Adler32), null));
        Assert.Equal("ExpectedChecksumRequired", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Internet)]
    [InlineData(ChecksumAlgorithm.Fletcher16)]
    [InlineData(ChecksumAlgorithm.Fletcher32)]
    [InlineData(ChecksumAlgorithm.Adler32)]
    public void A_file_streamed_in_blocks_gives_the_in_memory_value(ChecksumAlgorithm algorithm)
    {
        byte[] data = TestBytes.Random((3 << 20) + 1, seed: 9); // crosses 1 MiB blocks, odd length
        string path = Path.Combine(_dir, "data.bin");
        File.WriteAllBytes(path, data);
        var fromFile = Checksums.ComputeFile(path, algorithm);
        Assert.Equal(Checksums.Compute(data, algorithm).Value, fromFile.Value);
        Assert.Equal(data.Length, fromFile.Length);
        Assert.Equal(path, fromFile.Source);
    }
}
