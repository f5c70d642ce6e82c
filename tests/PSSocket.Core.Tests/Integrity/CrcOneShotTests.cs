using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

/// <summary>
/// The one-shot path Auto takes up to width 64 (<see cref="CrcOneShot"/>): for every catalogue
/// model, with each engine it may run for short inputs, every length across the short kernels'
/// cases (under a word, the tail after whole lanes, one to 31 lanes, the hand-over to Auto at 512 bytes),
/// at unaligned offsets, against the bitwise reference.
/// </summary>
public sealed class CrcOneShotTests
{
    public static TheoryData<string> ModelsUpTo64()
    {
        var data = new TheoryData<string>();
        foreach (var model in CrcCatalogue.Models.Where(m => m.Width <= 64))
        {
            data.Add(model.Name);
        }

        return data;
    }

    [Theory]
    [Trait("Category", "Vector")]
    [MemberData(nameof(ModelsUpTo64))]
    public void Every_pair_of_short_engines_gives_the_reference_at_every_length_to_600_and_unaligned(string name)
    {
        var model = CrcCatalogue.Find(name);
        byte[] buffer = CrcTestData.Bytes(604, name.Length);
        var candidates = CrcCalibration.Candidates(model);
        var paths = candidates.SelectMany(tiny => candidates.Select(small => CrcOneShot.Create(model, tiny, small))).ToList();
        for (int length = 0; length <= 600; length++)
        {
            int offset = length % 4;
            var input = buffer.AsSpan(offset, length);
            UInt128 expected = CrcState.Compute(model, input, CrcEngineKind.Bitwise);
            foreach (var path in paths)
            {
                ulong actual = path.Compute(input);
                Assert.True(expected == actual, $"{name} with {path.Tiny} for tiny and {path.Small} for short inputs: 0x{actual:X} instead of 0x{expected:X} at {length} bytes from offset {offset}");
            }
        }
    }

    [Theory]
    [InlineData("CRC-32/ISO-HDLC")]
    [InlineData("CRC-64/ECMA-182")]
    [InlineData("CRC-12/UMTS")]
    public void Inputs_that_end_at_the_end_of_their_array_are_read_inside_it(string name)
    {
        // The short kernels read whole words and lanes that overlap earlier bytes: a word read past the
        // end of an input flush with its array's end would take in bytes that are not the input.
        var model = CrcCatalogue.Find(name);
        foreach (int length in new[] { 1, 3, 5, 7, 9, 15, 17, 20, 31, 33, 63, 127, 129, 255, 257, 511, 513 })
        {
            byte[] exact = CrcTestData.Bytes(length, length);
            Assert.Equal(CrcState.Compute(model, exact, CrcEngineKind.Bitwise), CrcState.Compute(model, exact));
        }
    }

    [Fact]
    public void Each_bit_order_has_its_own_path_and_auto_uses_the_calibrated_short_engines()
    {
        var reflected = CrcCatalogue.Find("CRC-32/ISO-HDLC").OneShot;
        var forward = CrcCatalogue.Find("CRC-32/BZIP2").OneShot;
        Assert.Equal(typeof(ReflectedBitOrder), reflected.GetType().GetGenericArguments()[0]);
        Assert.Equal(typeof(ForwardBitOrder), forward.GetType().GetGenericArguments()[0]);
        foreach (var path in new[] { reflected, forward })
        {
            var plan = CrcCalibration.PlanFor(path.Model);
            Assert.Equal((plan.Tiny, plan.Small), (path.Tiny, path.Small));
        }
    }

    [Fact]
    public void A_path_compiles_in_the_kernels_of_its_engines()
    {
        // The one-shot class is chosen by the engines' kernels: a tiny-input engine that is not the
        // one the class runs would be timed by the calibration under a name it does not run.
        var model = CrcCatalogue.Find("CRC-32/ISCSI");
        var kernels = CrcOneShot.Create(model, CrcEngineKind.Table, CrcEngineKind.Table).GetType().GetGenericArguments();
        Assert.Equal([typeof(ReflectedBitOrder), typeof(TableKernel), typeof(TableKernel)], kernels);
        if (CrcEngine.IsSupported(CrcEngineKind.Crc32cSse42, model) && CrcEngine.IsSupported(CrcEngineKind.FoldPclmul, model))
        {
            kernels = CrcOneShot.Create(model, CrcEngineKind.Crc32cSse42, CrcEngineKind.FoldPclmul).GetType().GetGenericArguments();
            Assert.Equal([typeof(ReflectedBitOrder), typeof(CastagnoliKernel), typeof(FoldKernel)], kernels);
        }
    }
}
