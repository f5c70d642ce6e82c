using System.Globalization;
using System.Numerics;
using PSSocket.Core.Integrity;

namespace PSSocket.Core.Tests.Integrity;

/// <summary>What Get-CrcCommand emits: the value as a number PowerShell handles natively up to 64 bits, zero-padded hex.</summary>
public sealed class CrcResultTests
{
    [Fact]
    public void Widths_up_to_64_give_an_unsigned_64_bit_value()
    {
        // The RevEng check values of CRC-64/XZ and CRC-5/USB (width 64 is the widest that fits).
        var xz = new CrcResult(CrcCatalogue.Find("CRC-64/XZ"), 0x995DC9BBDF1939FA, 9, "InputObject");
        Assert.Equal((object)0x995DC9BBDF1939FAUL, xz.Value);
        Assert.Equal("995DC9BBDF1939FA", xz.Hex);
        var usb = new CrcResult(CrcCatalogue.Find("CRC-5/USB"), 0x19, 9, "file.bin");
        Assert.Equal((object)0x19UL, usb.Value);
        Assert.Equal(("CRC-5/USB", 5, "19", 9L, "file.bin"), (usb.Model, usb.Width, usb.Hex, usb.Length, usb.Source));
    }

    [Fact]
    public void Wider_models_give_a_big_integer()
    {
        // The RevEng check value of CRC-82/DARC: 0x09ea83f625023801fd612.
        var check = new UInt128(0x9EA8, 0x3F625023801FD612);
        var darc = new CrcResult(CrcCatalogue.Find("CRC-82/DARC"), check, 9, "InputObject");
        Assert.Equal((object)BigInteger.Parse("09EA83F625023801FD612", NumberStyles.HexNumber, CultureInfo.InvariantCulture), darc.Value);
        Assert.Equal("09EA83F625023801FD612", darc.Hex);
    }

    [Fact]
    public void A_test_result_names_the_model_and_keeps_what_was_compared()
    {
        var result = new CrcTestResult(CrcCatalogue.Find("CRC-32"), false, "Residue", "DEBB20E3", "12345678", 13, "Codeword");
        Assert.Equal(("CRC-32/ISO-HDLC", false, "Residue", "DEBB20E3", "12345678", 13L, "Codeword"),
            (result.Model, result.Valid, result.Method, result.Expected, result.Actual, result.Length, result.Source));
    }
}
