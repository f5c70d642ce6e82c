using System.Text;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

public sealed class CrcModelSearchTests
{
    private static (byte[], UInt128) Sample(string model, string text)
    {
        byte[] data = Encoding.ASCII.GetBytes(text);
        return (data, CrcState.Compute(CrcCatalogue.Find(model), data));
    }

    [Fact]
    public void The_check_value_of_crc32_names_crc32_and_only_models_that_agree()
    {
        var found = CrcModelSearch.Find([("123456789"u8.ToArray(), (UInt128)0xCBF43926)], null);
        Assert.Equal(["CRC-32/ISO-HDLC"], found.Select(m => m.Name));
    }

    [Fact]
    public void Models_sharing_a_check_value_are_told_apart_by_a_second_sample()
    {
        var one = CrcModelSearch.Find([Sample("CRC-16/MODBUS", "123456789")], null);
        Assert.Contains(one, m => m.Name == "CRC-16/MODBUS");
        var two = CrcModelSearch.Find([Sample("CRC-16/MODBUS", "123456789"), Sample("CRC-16/MODBUS", "another sample")], null);
        Assert.Equal(["CRC-16/MODBUS"], two.Select(m => m.Name));
    }

    [Fact]
    public void A_custom_search_recovers_parameters_the_catalogue_lacks()
    {
        var secret = CrcCatalogue.Custom(12, 0x5A1, 0xFFF, true, true, 0x0A5);
        byte[] a = Encoding.ASCII.GetBytes("first sample");
        byte[] b = Encoding.ASCII.GetBytes("second, longer sample");
        var found = CrcModelSearch.Find([(a, CrcState.Compute(secret, a)), (b, CrcState.Compute(secret, b))], 12, searchCustom: true);
        Assert.Contains(found, m => m.PolynomialValue == 0x5A1 && m.InitValue == 0xFFF && m.RefIn && m.XorOutValue == 0x0A5);
        Assert.All(found, m => Assert.Equal(12, m.Width));
    }

    [Fact]
    public void No_sample_and_a_custom_width_over_16_are_clear_errors()
    {
        Assert.Equal("NoCrcSample", Assert.Throws<PSSocketException>(() => CrcModelSearch.Find([], null)).ErrorId);
        Assert.Equal("InvalidCrcWidth", Assert.Throws<PSSocketException>(() => CrcModelSearch.Find([Sample("CRC-32", "x")], 32, searchCustom: true)).ErrorId);
        Assert.Equal("InvalidCrcWidth", Assert.Throws<PSSocketException>(() => CrcModelSearch.Find([Sample("CRC-32", "x")], null, searchCustom: true)).ErrorId);
    }

    [Fact]
    public void A_width_narrows_the_catalogue_search()
    {
        var found = CrcModelSearch.Find([Sample("CRC-8/SMBUS", "123456789")], 16);
        Assert.Empty(found);
    }

    [Fact]
    public void Nothing_matches_a_crc_no_model_gives()
    {
        Assert.Empty(CrcModelSearch.Find([("123456789"u8.ToArray(), (UInt128)0x12345678), ("abc"u8.ToArray(), (UInt128)0x9ABCDEF0)], null));
    }
}
