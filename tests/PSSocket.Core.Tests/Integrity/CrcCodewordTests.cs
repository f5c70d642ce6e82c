using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

public sealed class CrcCodewordTests
{
    [Fact]
    public void Crc32_codewords_carry_the_crc_little_endian_and_leave_DEBB20E3()
    {
        var model = CrcCatalogue.Find("CRC-32");
        byte[] codeword = CrcCodeword.Build(model, "123456789"u8);
        Assert.Equal([0x26, 0x39, 0xF4, 0xCB], codeword[^4..]);
        Assert.Equal((UInt128)0xDEBB20E3, CrcCodeword.Check(model, codeword).Register);
    }

    [Fact]
    public void Non_reflected_models_append_big_endian()
    {
        var model = CrcCatalogue.Find("CRC-16/XMODEM");
        Assert.Equal([0x31, 0xC3], CrcCodeword.Build(model, "123456789"u8)[^2..]);
    }

    [Theory]
    [MemberData(nameof(CrcTestData.ModelNames), MemberType = typeof(CrcTestData))]
    public void A_flipped_bit_breaks_the_residue(string name)
    {
        var model = CrcCatalogue.Find(name);
        byte[] codeword = CrcCodeword.Build(model, CrcTestData.Bytes(40, 5));
        codeword[3] ^= 0x10;
        var check = CrcCodeword.Check(model, codeword);
        Assert.False(check.FieldFits && check.Register == model.ResidueValue);
    }

    [Fact]
    public void A_codeword_shorter_than_its_crc_is_CodewordTooShort()
    {
        var ex = Assert.Throws<PSSocketException>(() => CrcCodeword.Check(CrcCatalogue.Find("CRC-32"), [1, 2, 3]));
        Assert.Equal("CodewordTooShort", ex.ErrorId);
        Assert.Equal(FaultCategory.InvalidData, ex.Category);
    }

    [Fact]
    public void A_crc_field_with_bits_above_the_width_cannot_be_valid()
    {
        var model = CrcCatalogue.Find("CRC-5/USB");
        byte[] codeword = CrcCodeword.Build(model, "123456789"u8);
        Assert.True(CrcCodeword.Check(model, codeword).FieldFits);
        codeword[^1] |= 0x80;
        Assert.False(CrcCodeword.Check(model, codeword).FieldFits);
    }
}
