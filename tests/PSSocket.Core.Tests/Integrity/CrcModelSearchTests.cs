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
    public void Every_sample_must_agree_not_just_one()
    {
        // zlib.crc32: 0xcbf43926 for "123456789" is right, 0x352441c3 for "abc" is one off (0x352441c2).
        Assert.Empty(CrcModelSearch.Find([("123456789"u8.ToArray(), (UInt128)0xCBF43926), ("abc"u8.ToArray(), (UInt128)0x352441C3)], null));
        Assert.Equal("samples", Assert.Throws<ArgumentNullException>(() => CrcModelSearch.Find(null!, null)).ParamName);
    }

    [Fact]
    public void A_custom_search_tries_the_forward_order_and_the_all_ones_polynomial_at_width_16()
    {
        // Samples of width 16, poly 0xffff, init 0xffff, not reflected, xorout 0x1234: a python3 bitwise CRC gives 0xf781 and 0x3fd8.
        var found = CrcModelSearch.Find([("first sample"u8.ToArray(), (UInt128)0xF781), ("second, longer sample"u8.ToArray(), (UInt128)0x3FD8)], 16, searchCustom: true);
        Assert.Contains(found, m => (m.PolynomialValue, m.InitValue, m.RefIn, m.RefOut, m.XorOutValue) == (0xFFFF, 0xFFFF, false, false, 0x1234));
    }

    [Fact]
    public void One_sample_of_an_all_ones_crc_gives_every_model_with_xorout_zero_or_all_ones()
    {
        // python3, every (poly, reflection, init 0 or 7) at width 3 whose CRC of "123456789" is 7 with xorout 0 or 7.
        (UInt128 Poly, bool RefIn, UInt128 Init, UInt128 XorOut)[] expected =
        [
            (0, false, 0, 7), (0, false, 7, 7), (0, true, 0, 7), (0, true, 7, 7), (2, true, 7, 7),
            (4, false, 7, 7), (4, true, 7, 7), (5, false, 7, 0), (5, true, 0, 7),
        ];
        var found = CrcModelSearch.Find([("123456789"u8.ToArray(), (UInt128)7)], 3, searchCustom: true);
        Assert.Equal(
            expected.OrderBy(e => e.Poly).ThenBy(e => e.RefIn).ThenBy(e => e.Init),
            found.Select(m => (m.PolynomialValue, m.RefIn, m.InitValue, m.XorOutValue)).OrderBy(e => e.PolynomialValue).ThenBy(e => e.RefIn).ThenBy(e => e.InitValue));
    }

    [Fact]
    public void Width_1_is_the_narrowest_custom_search()
    {
        // "123456789" has an odd number of 1 bits: its even parity, the CRC of x + 1 with init 0, is 1.
        var found = CrcModelSearch.Find([("123456789"u8.ToArray(), UInt128.One)], 1, searchCustom: true);
        Assert.Contains(found, m => (m.PolynomialValue, m.InitValue, m.XorOutValue) == (1, 0, 0));
    }

    [Fact]
    public void Crcs_wider_than_the_width_match_no_custom_model()
    {
        // CRC-8/SMBUS gives 0x6f and 0x9a (python3); with a ninth bit set they are no 8-bit CRC, whatever the XorOut.
        var found = CrcModelSearch.Find([("first sample"u8.ToArray(), (UInt128)0x16F), ("second, longer sample"u8.ToArray(), (UInt128)0x19A)], 8, searchCustom: true);
        Assert.Empty(found);
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
