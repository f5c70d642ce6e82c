using System.Text;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

public sealed class CrcCatalogueTests
{
    [Fact]
    public void The_catalogue_holds_all_113_models_with_widths_3_to_82_and_crossed_reflection()
    {
        Assert.Equal(113, CrcCatalogue.Models.Count);
        Assert.Equal(113, CrcCatalogue.Models.Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(3, CrcCatalogue.Models.Min(m => m.Width));
        Assert.Equal(82, CrcCatalogue.Models.Max(m => m.Width));
        Assert.Contains(CrcCatalogue.Models, m => m.RefIn != m.RefOut);
        Assert.All(CrcCatalogue.Models, m => Assert.True(m.IsCatalogued));
    }

    [Theory]
    [InlineData("CRC-32", "CRC-32/ISO-HDLC")]
    [InlineData("crc-32c", "CRC-32/ISCSI")]
    [InlineData("CRC-16", "CRC-16/ARC")]
    [InlineData("CRC-CCITT", "CRC-16/KERMIT")]
    [InlineData("CRC-16/CCITT-FALSE", "CRC-16/IBM-3740")]
    [InlineData("X-25", "CRC-16/IBM-SDLC")]
    [InlineData("MODBUS", "CRC-16/MODBUS")]
    [InlineData("CRC-8", "CRC-8/SMBUS")]
    [InlineData("CRC-64", "CRC-64/ECMA-182")]
    [InlineData("PKZIP", "CRC-32/ISO-HDLC")]
    [InlineData(" crc-64/xz ", "CRC-64/XZ")]
    public void Names_aliases_and_short_names_resolve_regardless_of_case(string name, string canonical) =>
        Assert.Equal(canonical, CrcCatalogue.Find(name).Name);

    [Theory]
    [InlineData("CRC-IBM", "CRC-16/ARC")]
    [InlineData("CRC-16/LHA", "CRC-16/ARC")]
    [InlineData("CRC-16/CCITT", "CRC-16/KERMIT")]
    [InlineData("CRC-16/CCITT-TRUE", "CRC-16/KERMIT")]
    [InlineData("ZMODEM", "CRC-16/XMODEM")]
    [InlineData("CRC-32/ADCCP", "CRC-32/ISO-HDLC")]
    [InlineData("CRC-32/V-42", "CRC-32/ISO-HDLC")]
    [InlineData("CRC-32/CASTAGNOLI", "CRC-32/ISCSI")]
    [InlineData("CRC-32/AAL5", "CRC-32/BZIP2")]
    [InlineData("B-CRC-32", "CRC-32/BZIP2")]
    [InlineData("CRC-64/GO-ECMA", "CRC-64/XZ")]
    public void Short_names_the_alias_file_lacks_resolve_to_the_model_RevEng_documents_them_for(string name, string canonical)
    {
        var model = CrcCatalogue.Find(name);
        Assert.Equal(canonical, model.Name);
        Assert.Contains(name, model.Aliases);
        Assert.Contains(name, CrcCatalogue.Names);
    }

    [Fact]
    public void A_null_name_is_an_argument_error_not_a_null_dereference() =>
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => CrcCatalogue.TryFind(null!, out _)).ParamName);

    [Fact]
    public void Every_alias_file_entry_resolves_and_is_listed_on_its_model()
    {
        using var stream = typeof(CrcModel).Assembly.GetManifestResourceStream("PSSocket.Core.crc-catalogue-aliases.txt")!;
        string[] lines = new StreamReader(stream).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(31, lines.Length);
        Assert.All(lines, line =>
        {
            string[] parts = line.Split("->", StringSplitOptions.TrimEntries);
            var model = CrcCatalogue.Find(parts[0]);
            Assert.Equal(parts[1], model.Name);
            Assert.Contains(parts[0], model.Aliases);
        });
        Assert.Contains("CRC-32", CrcCatalogue.Names);
        Assert.Contains("CRC-82/DARC", CrcCatalogue.Names);
    }

    [Fact]
    public void An_unknown_model_is_ObjectNotFound_with_the_name_as_target()
    {
        var ex = Assert.Throws<PSSocketException>(() => CrcCatalogue.Find("CRC-33/NOPE"));
        Assert.Equal("UnknownCrcModel", ex.ErrorId);
        Assert.Equal(FaultCategory.ObjectNotFound, ex.Category);
        Assert.Equal("CRC-33/NOPE", ex.Target);
    }

    [Fact]
    public void Model_parameters_read_as_zero_padded_hex()
    {
        var model = CrcCatalogue.Find("CRC-32");
        Assert.Equal(32, model.Width);
        Assert.Equal("0x04C11DB7", model.Polynomial);
        Assert.Equal("0xFFFFFFFF", model.Init);
        Assert.Equal("0xFFFFFFFF", model.XorOut);
        Assert.Equal("0xCBF43926", model.Check);
        Assert.Equal("0xDEBB20E3", model.Residue);
        Assert.True(model.RefIn);
        Assert.True(model.RefOut);
        Assert.Equal("0x09EA83F625023801FD612", CrcCatalogue.Find("CRC-82/DARC").Check);
        Assert.Equal("0x4", CrcCatalogue.Find("CRC-3/GSM").Check);
    }

    [Fact]
    public void Custom_parameters_equal_to_a_catalogue_model_return_that_model()
    {
        var model = CrcCatalogue.Custom(16, 0x1021, 0xFFFF, false, false, 0);
        Assert.Same(CrcCatalogue.Find("CRC-16/IBM-3740"), model);
    }

    [Fact]
    public void Custom_models_compute_their_own_check_and_residue()
    {
        var model = CrcCatalogue.Custom(16, 0x1021, 0x1D0F, true, false, 0x00FF);
        Assert.False(model.IsCatalogued);
        Assert.Equal("CRC-16/CUSTOM", model.Name);
        Assert.Equal(model.CheckValue, CrcState.Compute(model, "123456789"u8, CrcEngineKind.Bitwise));
        byte[] codeword = CrcCodeword.Build(model, Encoding.ASCII.GetBytes("a custom codeword"));
        Assert.Equal(model.ResidueValue, CrcCodeword.Check(model, codeword).Register);
        Assert.All(CrcTestData.Engines(model), kind => Assert.Equal(model.CheckValue, CrcState.Compute(model, "123456789"u8, kind)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(128)]
    public void Custom_models_of_unusual_widths_agree_across_engines(int width)
    {
        UInt128 mask = CrcMath.Mask(width);
        var model = CrcCatalogue.Custom(width, 0x9E3779B97F4A7C15UL & mask | UInt128.One, mask & 0x5A5A5A5A, width % 2 == 0, width % 3 == 0, mask);
        byte[] data = CrcTestData.Bytes(700, width);
        UInt128 expected = CrcState.Compute(model, data, CrcEngineKind.Bitwise);
        Assert.All(CrcTestData.Engines(model), kind => Assert.Equal(expected, CrcState.Compute(model, data, kind)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    [InlineData(-8)]
    public void A_width_outside_1_to_128_is_InvalidCrcWidth(int width)
    {
        var ex = Assert.Throws<PSSocketException>(() => CrcCatalogue.Custom(width, 1, 0, false, false, 0));
        Assert.Equal("InvalidCrcWidth", ex.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, ex.Category);
        Assert.Equal(width, ex.Target);
    }

    [Theory]
    [InlineData(0x1_0000, 0, 0, "The Polynomial 0x10000 does not fit in 16 bits.")]
    [InlineData(0x1021, 0x1_FFFF, 0, "The Init 0x1FFFF does not fit in 16 bits.")]
    [InlineData(0x1021, 0, 0x10000, "The XorOut 0x10000 does not fit in 16 bits.")]
    public void A_parameter_wider_than_the_width_is_InvalidCrcParameter(ulong poly, ulong init, ulong xorOut, string message)
    {
        var ex = Assert.Throws<PSSocketException>(() => CrcCatalogue.Custom(16, poly, init, false, false, xorOut));
        Assert.Equal("InvalidCrcParameter", ex.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, ex.Category);
        Assert.Equal(message, ex.Message);
    }
}
