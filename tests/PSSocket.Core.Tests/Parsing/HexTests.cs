using PSSocket.Core.Parsing;

namespace PSSocket.Core.Tests.Parsing;

public class HexTests
{
    [Theory]
    [InlineData("45 00 00 28", new byte[] { 0x45, 0x00, 0x00, 0x28 })]
    [InlineData("45000028", new byte[] { 0x45, 0x00, 0x00, 0x28 })]
    [InlineData("0x45,0x00", new byte[] { 0x45, 0x00 })]
    [InlineData("de-AD:bE\tef\n", new byte[] { 0xde, 0xad, 0xbe, 0xef })]
    [InlineData("", new byte[0])]
    public void Parse_accepts_the_forms_users_paste(string text, byte[] expected) =>
        Assert.Equal(expected, Hex.Parse(text));

    [Theory]
    [InlineData("4", "has 1 hex digits")]
    [InlineData("450", "has 3 hex digits")]
    [InlineData("4g", "'g' at position 1")]
    public void Parse_rejects_bad_text_with_InvalidHexString(string text, string why)
    {
        var e = Assert.Throws<PSSocketException>(() => Hex.Parse(text));
        Assert.Equal("InvalidHexString", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
        Assert.Equal(text, e.Target);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_is_lower_case_without_separators() =>
        Assert.Equal("220dff", Hex.Format([0x22, 0x0d, 0xff]));
}
