using PSSocket.Core.Integrity;

namespace PSSocket.Core.Tests.Integrity;

public sealed class CrcLongDivisionTests
{
    [Fact]
    public void The_course_example_gives_remainder_1001_and_codeword_1101011111001()
    {
        var division = CrcLongDivision.Divide("110101111", "10011");
        Assert.Equal("1001", division.Remainder);
        Assert.Equal("1101011111001", division.Codeword);
    }

    [Fact]
    public void Tanenbaums_frame_1101011111_by_10011_leaves_0010()
    {
        var division = CrcLongDivision.Divide("1101011111", "10011");
        Assert.Equal("0010", division.Remainder);
        Assert.Equal("11010111110010", division.Codeword);
    }

    [Fact]
    public void The_trace_shows_every_xor_with_the_window_before_and_after()
    {
        var division = CrcLongDivision.Divide("110101111", "10011");
        var s = division.Steps;
        Assert.Equal([0, 1, 6, 7, 8], s.Select(x => x.Position));
        Assert.Equal([1, 2, 3, 4, 5], s.Select(x => x.Step));
        Assert.Equal(["11010", "10011", "11100", "11110", "11010"], s.Select(x => x.Window));
        Assert.Equal(["01001", "00000", "01111", "01101", "01001"], s.Select(x => x.Result));
        Assert.All(s, x => Assert.Equal("10011", x.Divisor));
        Assert.Equal("0100111110000", s[0].Dividend);
        Assert.Equal("0000000001001", s[^1].Dividend);
    }

    [Fact]
    public void A_codeword_divides_to_a_zero_remainder()
    {
        var division = CrcLongDivision.Divide("1101011111001", "10011");
        Assert.Equal("0000", division.Remainder);
    }

    [Fact]
    public void The_bit_string_remainder_equals_the_engine_crc_of_the_same_polynomial()
    {
        // CRC-8/SMBUS: poly x^8+x^2+x+1, init 0, no reflection, no xor: plain long division of the message bits.
        var model = CrcCatalogue.Find("CRC-8/SMBUS");
        string bits = string.Concat("123456789"u8.ToArray().Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        var division = CrcLongDivision.Divide(bits, "100000111");
        Assert.Equal(model.CheckValue, (UInt128)Convert.ToByte(division.Remainder, 2));
    }

    [Theory]
    [InlineData("1101", "1")]
    [InlineData("1001", "0")]
    [InlineData("1", "1")]
    public void The_shortest_divisor_x_plus_1_leaves_the_even_parity_bit(string bits, string parity)
    {
        // x + 1 (divisor "11", degree 1) is the smallest generator: its CRC is the even parity bit.
        var division = CrcLongDivision.Divide(bits, "11");
        Assert.Equal(parity, division.Remainder);
        Assert.Equal(bits + parity, division.Codeword);
    }

    [Fact]
    public void Null_bits_or_divisor_is_an_argument_error_not_a_null_dereference()
    {
        Assert.Equal("bits", Assert.Throws<ArgumentNullException>(() => CrcLongDivision.Divide(null!, "11")).ParamName);
        Assert.Equal("divisor", Assert.Throws<ArgumentNullException>(() => CrcLongDivision.Divide("1", null!)).ParamName);
    }

    [Fact]
    public void A_message_of_zeros_needs_no_xor()
    {
        var division = CrcLongDivision.Divide("0000", "101");
        Assert.Empty(division.Steps);
        Assert.Equal("00", division.Remainder);
    }

    [Theory]
    [InlineData("", "10011", "InvalidBitString")]
    [InlineData("1102", "10011", "InvalidBitString")]
    [InlineData("x101", "10011", "InvalidBitString")]
    [InlineData("11 01", "10011", "InvalidBitString")]
    [InlineData("1101", "", "InvalidDivisor")]
    [InlineData("1101", "1", "InvalidDivisor")]
    [InlineData("1101", "0011", "InvalidDivisor")]
    [InlineData("1101", "10a1", "InvalidDivisor")]
    public void Bad_bit_strings_and_divisors_are_clear_errors(string bits, string divisor, string errorId)
    {
        var ex = Assert.Throws<PSSocketException>(() => CrcLongDivision.Divide(bits, divisor));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, ex.Category);
        Assert.Equal(errorId == "InvalidDivisor" ? divisor : bits, ex.Target);
        Assert.StartsWith(errorId == "InvalidDivisor" ? "The divisor " : "The message ", ex.Message, StringComparison.Ordinal);
    }
}
