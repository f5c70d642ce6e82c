using System.Text;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

public sealed class CrcEngineTests
{
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    [Theory]
    [MemberData(nameof(CrcTestData.ModelNames), MemberType = typeof(CrcTestData))]
    public void Every_engine_gives_the_catalogue_check_value(string name)
    {
        var model = CrcCatalogue.Find(name);
        Assert.All(CrcTestData.Engines(model), kind =>
            Assert.Equal(model.Check, "0x" + model.FormatValue(CrcState.Compute(model, CheckInput, kind))));
    }

    [Theory]
    [MemberData(nameof(CrcTestData.ModelNames), MemberType = typeof(CrcTestData))]
    public void The_residue_definition_reproduces_the_catalogue_residue(string name)
    {
        var model = CrcCatalogue.Find(name);
        Assert.Equal(model.Residue, "0x" + model.FormatValue(CrcCatalogue.ResidueOf(model)));
    }

    [Theory]
    [Trait("Category", "Vector")]
    [MemberData(nameof(CrcTestData.ModelNames), MemberType = typeof(CrcTestData))]
    public void Every_engine_leaves_the_catalogue_residue_after_a_long_codeword(string name)
    {
        var model = CrcCatalogue.Find(name);
        byte[] codeword = CrcCodeword.Build(model, CrcTestData.Bytes(517, model.Width));
        Assert.All(CrcTestData.Engines(model), kind =>
        {
            var check = CrcCodeword.Check(model, codeword, kind);
            Assert.True(check.FieldFits);
            Assert.Equal(model.ResidueValue, check.Register);
        });
    }

    [Theory]
    [Trait("Category", "Vector")]
    [MemberData(nameof(CrcTestData.ModelNames), MemberType = typeof(CrcTestData))]
    public void Every_engine_agrees_with_the_bitwise_reference_on_long_inputs(string name)
    {
        var model = CrcCatalogue.Find(name);
        foreach (int length in new[] { 127, 128, 129, 143, 255, 256, 300, 1029 })
        {
            byte[] data = CrcTestData.Bytes(length, length);
            UInt128 expected = CrcState.Compute(model, data, CrcEngineKind.Bitwise);
            Assert.All(CrcTestData.Engines(model), kind => Assert.Equal(expected, CrcState.Compute(model, data, kind)));
        }
    }

    [Theory]
    [Trait("Category", "Vector")]
    [InlineData("CRC-32/ISO-HDLC")]
    [InlineData("CRC-32/ISCSI")]
    [InlineData("CRC-64/XZ")]
    [InlineData("CRC-64/WE")]
    [InlineData("CRC-16/ARC")]
    [InlineData("CRC-16/XMODEM")]
    [InlineData("CRC-8/SMBUS")]
    [InlineData("CRC-3/GSM")]
    [InlineData("CRC-12/UMTS")]
    [InlineData("CRC-82/DARC")]
    public void Every_length_from_0_to_300_matches_the_reference(string name)
    {
        var model = CrcCatalogue.Find(name);
        byte[] buffer = CrcTestData.Bytes(300, 7);
        for (int length = 0; length <= 300; length++)
        {
            UInt128 expected = CrcState.Compute(model, buffer.AsSpan(0, length), CrcEngineKind.Bitwise);
            foreach (var kind in CrcTestData.Engines(model))
            {
                Assert.True(expected == CrcState.Compute(model, buffer.AsSpan(0, length), kind), $"{kind} differs at length {length}");
            }
        }
    }

    [Theory]
    [Trait("Category", "Vector")]
    [InlineData("CRC-32/ISO-HDLC")]
    [InlineData("CRC-32/ISCSI")]
    [InlineData("CRC-64/ECMA-182")]
    [InlineData("CRC-16/KERMIT")]
    [InlineData("CRC-5/USB")]
    [InlineData("CRC-12/UMTS")]
    public void Chunked_input_gives_the_one_shot_value_for_every_split_of_1_KiB(string name)
    {
        var model = CrcCatalogue.Find(name);
        byte[] data = CrcTestData.Bytes(1024, 11);
        foreach (var kind in CrcTestData.Engines(model).Where(k => k != CrcEngineKind.Bitwise))
        {
            UInt128 whole = CrcState.Compute(model, data, kind);
            Assert.Equal(CrcState.Compute(model, data, CrcEngineKind.Bitwise), whole);
            for (int split = 0; split <= data.Length; split++)
            {
                var state = new CrcState(model, kind);
                state.Append(data.AsSpan(0, split));
                state.Append(data.AsSpan(split));
                Assert.True(whole == state.Value, $"{kind} differs when split at {split}");
            }
        }
    }

    [Fact]
    public void Three_way_chunks_of_the_bitwise_reference_match_its_one_shot_value()
    {
        var model = CrcCatalogue.Find("CRC-82/DARC");
        byte[] data = CrcTestData.Bytes(40, 3);
        UInt128 whole = CrcState.Compute(model, data, CrcEngineKind.Bitwise);
        for (int a = 0; a <= data.Length; a++)
        {
            for (int b = a; b <= data.Length; b++)
            {
                var state = new CrcState(model, CrcEngineKind.Bitwise);
                state.Append(data.AsSpan(0, a));
                state.Append(data.AsSpan(a, b - a));
                state.Append(data.AsSpan(b));
                Assert.Equal(whole, state.Value);
            }
        }
    }

    [Theory]
    [Trait("Category", "Vector")]
    [InlineData("CRC-32/ISO-HDLC", 0x17BC2A46)] // python3 zlib.crc32
    [InlineData("CRC-16/XMODEM", 0xA791)] // python3 binascii.crc_hqx(data, 0)
    public void Long_known_answers_from_independent_implementations(string name, uint expected)
    {
        var model = CrcCatalogue.Find(name);
        byte[] data = [.. Enumerable.Range(0, 1000).Select(i => (byte)((i * 7) + 3))];
        Assert.All(CrcTestData.Engines(model), kind => Assert.Equal((UInt128)expected, CrcState.Compute(model, data, kind)));
    }

    [Fact]
    [Trait("Category", "Vector")]
    public void Sixty_four_KiB_of_zeros_matches_zlib()
    {
        var model = CrcCatalogue.Find("CRC-32");
        Assert.All(CrcTestData.Engines(model), kind => Assert.Equal((UInt128)0xD7978EEBu, CrcState.Compute(model, new byte[65536], kind)));
    }

    [Theory]
    [MemberData(nameof(CrcTestData.ModelNames), MemberType = typeof(CrcTestData))]
    public void Empty_input_gives_init_in_output_orientation_xor_xorout(string name)
    {
        var model = CrcCatalogue.Find(name);
        // RevEng states Init unreflected, so a model that reflects its output shows it reversed.
        UInt128 expected = (model.RefOut ? CrcMath.Reflect(model.InitValue, model.Width) : model.InitValue) ^ model.XorOutValue;
        Assert.All(CrcTestData.Engines(model), kind => Assert.Equal(expected, CrcState.Compute(model, [], kind)));
    }

    [Fact]
    public void The_machine_reports_which_engines_it_can_run()
    {
        var darc = CrcCatalogue.Find("CRC-82/DARC");
        var crc32 = CrcCatalogue.Find("CRC-32");
        Assert.Contains(CrcEngineKind.Bitwise, CrcTestData.Engines(darc));
        Assert.DoesNotContain(CrcEngineKind.Table, CrcTestData.Engines(darc));
        Assert.Contains(CrcEngineKind.FoldSoftware, CrcTestData.Engines(CrcCatalogue.Find("CRC-64/XZ")));
        Assert.Equal(CrcFoldingEngine.PclmulSupported, CrcTestData.Engines(crc32).Contains(CrcEngineKind.FoldPclmul));
        Assert.DoesNotContain(CrcEngineKind.Crc32cSse42, CrcTestData.Engines(crc32));
        Assert.Equal(CrcCastagnoliEngine.Supported, CrcTestData.Engines(CrcCatalogue.Find("CRC-32C")).Contains(CrcEngineKind.Crc32cSse42));
    }

    [Theory]
    [Trait("Category", "Vector")]
    [InlineData("CRC-32C")]
    [InlineData("CRC-32/ISO-HDLC")]
    [InlineData("CRC-64/NVME")]
    public void Inputs_of_several_interleaved_rounds_match_the_reference(string name)
    {
        var model = CrcCatalogue.Find(name);
        foreach (int length in new[] { 3071, 3072, 3073, 6151, 9216 + 255 })
        {
            byte[] data = CrcTestData.Bytes(length, length);
            UInt128 expected = CrcState.Compute(model, data, CrcEngineKind.Bitwise);
            Assert.All(CrcTestData.Engines(model), kind => Assert.Equal(expected, CrcState.Compute(model, data, kind)));
        }
    }

    [Fact]
    [Trait("Category", "Vector")]
    public void The_castagnoli_engine_serves_any_init_and_xorout_and_every_chunking()
    {
        var model = CrcCatalogue.Custom(32, CrcCastagnoliEngine.Polynomial, 0x12345678, true, true, 0);
        byte[] data = CrcTestData.Bytes(7 * 1024, 9);
        UInt128 whole = CrcState.Compute(model, data, CrcEngineKind.Table);
        Assert.Equal(CrcState.Compute(model, data, CrcEngineKind.Bitwise), whole);
        Assert.All(CrcTestData.Engines(model), kind =>
        {
            for (int split = 0; split <= data.Length; split += 61)
            {
                var state = new CrcState(model, kind);
                state.Append(data.AsSpan(0, split));
                state.Append(data.AsSpan(split));
                Assert.True(whole == state.Value, $"{kind} differs when split at {split}");
            }
        });
    }

    [Fact]
    public void Asking_for_an_engine_the_width_rules_out_is_a_clear_error()
    {
        var ex = Assert.Throws<PSSocketException>(() => new CrcState(CrcCatalogue.Find("CRC-82/DARC"), CrcEngineKind.Table));
        Assert.Equal("CrcEngineNotSupported", ex.ErrorId);
        Assert.Equal(FaultCategory.NotImplemented, ex.Category);
    }
}
