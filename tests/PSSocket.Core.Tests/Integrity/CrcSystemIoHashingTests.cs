using System.IO.Hashing;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

/// <summary>
/// System.IO.Hashing 11 (Microsoft's implementation, which shares no code with ours) as the oracle
/// for every CRC it can express: widths 32 and 64 whose input and output reflection agree, with any
/// polynomial, init and final XOR. Random lengths and bytes, every engine this machine runs, and Auto.
/// </summary>
public sealed class CrcSystemIoHashingTests
{
    /// <summary>The catalogue models System.IO.Hashing can express.</summary>
    public static TheoryData<string> ExpressibleModels()
    {
        var data = new TheoryData<string>();
        foreach (var model in CrcCatalogue.Models.Where(Expressible))
        {
            data.Add(model.Name);
        }

        return data;
    }

    [Fact]
    public void Every_width_32_and_64_model_of_the_catalogue_is_expressible()
    {
        // The catalogue has 12 CRC-32 and 7 CRC-64 models, all with RefIn = RefOut.
        Assert.Equal(19, CrcCatalogue.Models.Count(Expressible));
        Assert.All(CrcCatalogue.Models.Where(m => m.Width is 32 or 64), m => Assert.True(Expressible(m), m.Name));
    }

    [Theory]
    [Trait("Category", "Vector")]
    [MemberData(nameof(ExpressibleModels))]
    public void Every_engine_agrees_with_System_IO_Hashing_on_random_lengths_and_bytes(string name)
    {
        var model = CrcCatalogue.Find(name);
        var random = new Random(name.Length * 7919);
        AgreeOnRandomInputs(model, random, count: 60, maxLength: 6 * 1024);
    }

    [Fact]
    [Trait("Category", "Vector")]
    public void Every_engine_agrees_with_System_IO_Hashing_for_random_parameters()
    {
        var random = new Random(20261129);
        for (int i = 0; i < 24; i++)
        {
            int width = i % 2 == 0 ? 32 : 64;
            ulong mask = width == 64 ? ulong.MaxValue : uint.MaxValue;
            bool reflect = (i / 2) % 2 == 0;
            // An odd polynomial, as every generator in use; init and XorOut are asymmetric, so a reflection mix-up shows.
            ulong poly = ((ulong)random.NextInt64() & mask) | 1;
            ulong init = (ulong)random.NextInt64() & mask;
            ulong xorOut = (ulong)random.NextInt64() & mask;
            var model = CrcCatalogue.Custom(width, poly, init, reflect, reflect, xorOut);
            AgreeOnRandomInputs(model, random, count: 12, maxLength: 3 * 1024);
        }
    }

    [Fact]
    public void The_named_parameter_sets_are_the_catalogue_models()
    {
        byte[] data = CrcTestData.Bytes(1500, 5);
        Assert.Equal((UInt128)Crc32.HashToUInt32(Crc32ParameterSet.Crc32, data), CrcState.Compute(CrcCatalogue.Find("CRC-32/ISO-HDLC"), data));
        Assert.Equal((UInt128)Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data), CrcState.Compute(CrcCatalogue.Find("CRC-32/ISCSI"), data));
        Assert.Equal((UInt128)Crc64.HashToUInt64(Crc64ParameterSet.Crc64, data), CrcState.Compute(CrcCatalogue.Find("CRC-64/ECMA-182"), data));
        Assert.Equal((UInt128)Crc64.HashToUInt64(Crc64ParameterSet.Nvme, data), CrcState.Compute(CrcCatalogue.Find("CRC-64/NVME"), data));
    }

    [Theory]
    [Trait("Category", "Vector")]
    [InlineData("CRC-32/ISO-HDLC")]
    [InlineData("CRC-32/ISCSI")]
    [InlineData("CRC-64/ECMA-182")]
    [InlineData("CRC-64/NVME")]
    [InlineData("CRC-32/BZIP2")]
    [InlineData("CRC-64/XZ")]
    public void Every_one_shot_path_agrees_at_every_length_to_600_unaligned_and_flush_with_the_array_end(string name)
    {
        // The short kernels' cases (tables under a lane, a lane's tail shuffled in, one to 31
        // lanes, the hand-over to the engines at 512 bytes) by every pair of tiny and short engines this CPU runs.
        var model = CrcCatalogue.Find(name);
        var candidates = CrcCalibration.Candidates(model);
        var paths = candidates.SelectMany(tiny => candidates.Select(small => CrcOneShot.Create(model, tiny, small))).ToList();
        byte[] buffer = CrcTestData.Bytes(610, name.Length + 1);
        for (int length = 0; length <= 600; length++)
        {
            var unaligned = buffer.AsSpan(1 + (length % 7), length);
            byte[] flush = unaligned.ToArray();
            UInt128 expected = Oracle(model, flush);
            foreach (var path in paths)
            {
                Assert.True(expected == path.Compute(unaligned), $"{name}, {path.Tiny}/{path.Small}, {length} bytes unaligned");
                Assert.True(expected == path.Compute(flush), $"{name}, {path.Tiny}/{path.Small}, {length} bytes ending at the array's end");
            }
        }
    }

    private static bool Expressible(CrcModel model) => model.Width is 32 or 64 && model.RefIn == model.RefOut;

    private static void AgreeOnRandomInputs(CrcModel model, Random random, int count, int maxLength)
    {
        var kinds = CrcTestData.Engines(model).Where(k => k != CrcEngineKind.Bitwise).Prepend(CrcEngineKind.Auto).ToList();
        for (int i = 0; i < count; i++)
        {
            // Half the lengths short, where the per-length paths (tables, one-lane fold, Barrett step) live.
            int length = i < 20 ? i : random.Next(i % 2 == 0 ? 300 : maxLength + 1);
            byte[] data = new byte[length];
            random.NextBytes(data);
            UInt128 expected = Oracle(model, data);
            foreach (var kind in kinds)
            {
                UInt128 actual = CrcState.Compute(model, data, kind);
                Assert.True(expected == actual, $"{model.Name} (poly 0x{model.PolynomialValue:X}, init 0x{model.InitValue:X}, xorout 0x{model.XorOutValue:X}) with {kind} at {length} bytes: 0x{actual:X} instead of 0x{expected:X}");
            }
        }
    }

    // RevEng states Init unreflected, as the register before the first bit (the catalogue's reflected
    // CRC-16/RIELLO, init 0xB2AA, checks only that way); System.IO.Hashing takes the value its reflected
    // register starts with, so a reflected model's init is handed over reversed.
    private static UInt128 Oracle(CrcModel model, byte[] data)
    {
        UInt128 init = model.RefIn ? CrcMath.Reflect(model.InitValue, model.Width) : model.InitValue;
        return model.Width == 32
            ? Crc32.HashToUInt32(Crc32ParameterSet.Create((uint)model.PolynomialValue, (uint)init, (uint)model.XorOutValue, model.RefIn), data)
            : Crc64.HashToUInt64(Crc64ParameterSet.Create((ulong)model.PolynomialValue, (ulong)init, (ulong)model.XorOutValue, model.RefIn), data);
    }
}
