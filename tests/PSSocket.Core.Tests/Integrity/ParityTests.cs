using PSSocket.Core.Integrity;

namespace PSSocket.Core.Tests.Integrity;

public class ParityTests
{
    [Theory]
    [InlineData("0000000", "00000000", "00000001")]
    [InlineData("1010001", "10100011", "10100010")]
    [InlineData("1101001", "11010010", "11010011")]
    [InlineData("1111111", "11111111", "11111110")]
    public void The_course_parity_table(string data, string even, string odd)
    {
        var result = Parity.OfBits(data);
        Assert.Equal((data, even, odd), (result.Data, result.EvenCodeword, result.OddCodeword));
        Assert.Equal(result.EvenBit, 1 - result.OddBit);
    }

    [Theory]
    [InlineData("1010 001")]
    [InlineData("1010_001")]
    [InlineData(" 1_010 00_1 ")]
    public void Separators_are_allowed_between_bits(string bits) =>
        Assert.Equal("10100011", Parity.OfBits(bits).EvenCodeword);

    [Fact]
    public void A_byte_gives_its_eight_bits_and_parity()
    {
        var a = Parity.OfByte((byte)'A');
        Assert.Equal(("01000001", 2, 0, "010000011", (byte?)0x41), (a.Data, a.Ones, a.EvenBit, a.OddCodeword, a.Value));
    }

    [Theory]
    [InlineData("10100011", ParityType.Even, true)]
    [InlineData("10100010", ParityType.Odd, true)]
    [InlineData("10100111", ParityType.Even, false)]
    [InlineData("11111110", ParityType.Odd, true)]
    [InlineData("11111110", ParityType.Even, false)]
    [InlineData("11", ParityType.Even, true)]
    [InlineData("10", ParityType.Odd, true)]
    public void Test_detects_a_single_flipped_bit(string codeword, ParityType parity, bool valid)
    {
        var result = Parity.Test(codeword, parity);
        Assert.Equal(valid, result.Valid);
        Assert.Equal(codeword[..^1], result.Data);
        Assert.Equal(codeword[^1] - '0', result.ParityBit);
    }

    [Fact]
    public void Null_bits_are_an_argument_error_not_a_null_dereference() =>
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => Parity.OfBits(null!)).ParamName);

    [Theory]
    [InlineData("10201", "InvalidBitString")]
    [InlineData("", "InvalidBitString")]
    [InlineData(" _ ", "InvalidBitString")]
    [InlineData("1", "CodewordTooShort")]
    public void Bad_codewords_are_named(string codeword, string errorId)
    {
        var e = Assert.Throws<PSSocketException>(() => Parity.Test(codeword, ParityType.Even));
        Assert.Equal((errorId, FaultCategory.InvalidArgument, (object?)codeword), (e.ErrorId, e.Category, e.Target));
    }
}
