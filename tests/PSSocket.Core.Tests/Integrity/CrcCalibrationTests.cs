using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

/// <summary>Auto's engines are chosen by measuring this machine; whatever it picks must be runnable and give the same values.</summary>
public sealed class CrcCalibrationTests
{
    // One model of each family the calibration tells apart, and widths below a byte and of a whole word.
    public static TheoryData<string> FamilyModels => new()
    {
        "CRC-32/ISO-HDLC", "CRC-32/BZIP2", "CRC-32/ISCSI", "CRC-64/XZ", "CRC-64/ECMA-182", "CRC-16/ARC", "CRC-16/XMODEM", "CRC-5/USB", "CRC-3/GSM", "CRC-12/UMTS",
    };

    [Theory]
    [MemberData(nameof(FamilyModels))]
    public void Auto_picks_for_every_length_class_an_engine_this_machine_runs(string name)
    {
        var model = CrcCatalogue.Find(name);
        var plan = CrcCalibration.PlanFor(model);
        var candidates = CrcCalibration.Candidates(model);
        foreach (var kind in new[] { plan.Tiny, plan.Small, plan.Medium, plan.Large })
        {
            Assert.Contains(kind, candidates);
            Assert.True(CrcEngine.IsSupported(kind, model), $"{kind} cannot run {name}");
        }

        Assert.Equal(plan.Large, new CrcState(model).Engine);
        Assert.True(plan.Complete || plan.Took > CrcCalibration.Budget, "a plan is incomplete only when the budget ran out");
    }

    [Theory]
    [Trait("Category", "Vector")]
    [MemberData(nameof(FamilyModels))]
    public void Auto_gives_every_engines_value_on_both_sides_of_each_length_boundary(string name)
    {
        var model = CrcCatalogue.Find(name);
        int[] lengths = [0, 1, 7, 8, 15, 16, 17, 20, CrcCalibration.SmallFrom - 1, CrcCalibration.SmallFrom, 64, 127, 128, 255, CrcCalibration.MediumFrom, 1500, CrcCalibration.LargeFrom - 1, CrcCalibration.LargeFrom, 40_000];
        foreach (int length in lengths)
        {
            byte[] data = CrcTestData.Bytes(length, length + 3);
            UInt128 auto = CrcState.Compute(model, data);
            Assert.Equal(CrcState.Compute(model, data, CrcEngineKind.Bitwise), auto);
            Assert.All(CrcTestData.Engines(model), kind => Assert.True(auto == CrcState.Compute(model, data, kind), $"Auto and {kind} differ at {length} bytes"));
        }
    }

    [Fact]
    [Trait("Category", "Vector")]
    public void Auto_chunks_that_cross_length_classes_give_the_one_shot_value()
    {
        var model = CrcCatalogue.Find("CRC-32/ISCSI");
        byte[] data = CrcTestData.Bytes(3 * CrcCalibration.LargeFrom, 21);
        UInt128 whole = CrcState.Compute(model, data, CrcEngineKind.Table);
        var state = new CrcState(model);
        int offset = 0;
        foreach (int chunk in new[] { 5, CrcCalibration.LargeFrom + 3, 100, CrcCalibration.MediumFrom, 2000 })
        {
            state.Append(data.AsSpan(offset, chunk));
            offset += chunk;
        }

        state.Append(data.AsSpan(offset));
        Assert.Equal(whole, state.Value);
    }

    [Fact]
    public void The_plan_is_measured_once_per_process_and_per_family()
    {
        var reflected = CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-16/ARC"));
        Assert.Same(reflected, CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-64/XZ")));
        Assert.Same(CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-16/XMODEM")), CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-64/ECMA-182")));
        Assert.Same(CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-32C")), CrcCalibration.PlanFor(CrcCatalogue.Custom(32, CrcCastagnoliEngine.Polynomial, 0, true, true, 0)));
    }

    [Fact]
    public void A_fresh_measurement_chooses_among_the_candidates_only()
    {
        var model = CrcCatalogue.Find("CRC-64/NVME");
        var plan = CrcCalibration.Measure(model);
        Assert.Subset(new HashSet<CrcEngineKind>(CrcCalibration.Candidates(model)), new HashSet<CrcEngineKind> { plan.Tiny, plan.Small, plan.Medium, plan.Large });
        Assert.DoesNotContain(CrcEngineKind.Crc32cSse42, CrcCalibration.Candidates(model));
        Assert.DoesNotContain(CrcEngineKind.Bitwise, CrcCalibration.Candidates(model));
    }

    [Fact]
    public void An_explicit_engine_is_used_as_asked_and_wide_models_stay_bitwise()
    {
        var model = CrcCatalogue.Find("CRC-32/ISO-HDLC");
        Assert.All(CrcTestData.Engines(model), kind => Assert.Equal(kind, new CrcState(model, kind).Engine));
        Assert.Equal(CrcEngineKind.Bitwise, new CrcState(CrcCatalogue.Find("CRC-82/DARC")).Engine);
    }
}
