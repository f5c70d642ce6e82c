using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

/// <summary>
/// What the engine choosers decide, tested on the decision itself: every engine gives the same CRC,
/// so a wrong choice shows only in which engine, kernel or plan is picked. The calibration's choice
/// is tested with given timings (<see cref="CrcCalibration.Choose"/>), never with the clock.
/// </summary>
public sealed class CrcChoiceTests
{
    // Three candidates in the fixed order; none of the winners below is the first, which is what a
    // length class keeps when it is not measured.
    private static readonly CrcEngineKind[] ThreeCandidates = [CrcEngineKind.FoldVpclmul512, CrcEngineKind.Crc32cSse42, CrcEngineKind.Table];

    private static readonly TimeSpan OverBudget = CrcCalibration.Budget + TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Fake timings: at each probe length one candidate is fastest, in the timing of the path that
    /// runs that length (one-shot under MediumFrom, the engine from it); the other path's timings of
    /// that length name another winner, so timing the wrong path shows. Each candidate's best trial
    /// is its fourth (of <see cref="CrcCalibration.Trials"/>), so only the fastest trial of each, not
    /// the first or last, finds the winner.
    /// </summary>
    private sealed class FakeTimings
    {
        private readonly Dictionary<(int Candidate, int Length, bool OneShot), int> _calls = [];

        public int EngineCalls { get; private set; }

        public int OneShotCalls { get; private set; }

        public static int Winner(int length) => length switch
        {
            20 => 2,
            64 => 1,
            1500 => 2,
            _ => 1,
        };

        public long OneShot(int candidate, int length)
        {
            OneShotCalls++;
            return Ticks(candidate, length, oneShot: true, winner: length < CrcCalibration.MediumFrom ? Winner(length) : 0);
        }

        public long Engine(int candidate, int length)
        {
            EngineCalls++;
            return Ticks(candidate, length, oneShot: false, winner: length >= CrcCalibration.MediumFrom ? Winner(length) : 0);
        }

        public int TrialsOf(int candidate, int length, bool oneShot) => _calls.GetValueOrDefault((candidate, length, oneShot));

        private long Ticks(int candidate, int length, bool oneShot, int winner)
        {
            int call = _calls[(candidate, length, oneShot)] = TrialsOf(candidate, length, oneShot) + 1;
            if (candidate != winner)
            {
                return 1000;
            }

            // The winner is slower than the others in every trial but its fourth.
            return call == 4 ? 10 : 5000;
        }
    }

    [Fact]
    public void The_fastest_trial_of_each_candidate_decides_each_length_class()
    {
        var timings = new FakeTimings();
        var plan = CrcCalibration.Choose(ThreeCandidates, timings.OneShot, timings.Engine, () => TimeSpan.Zero);
        Assert.Equal(
            (CrcEngineKind.Table, CrcEngineKind.Crc32cSse42, CrcEngineKind.Table, CrcEngineKind.Crc32cSse42, true),
            (plan.Tiny, plan.Small, plan.Medium, plan.Large, plan.Complete));
        Assert.Equal(TimeSpan.Zero, plan.Took);

        // Every candidate takes the same number of trials at each length, through the path that runs it.
        foreach (int length in CrcCalibration.ProbeLengths)
        {
            bool oneShot = length < CrcCalibration.MediumFrom;
            Assert.All(Enumerable.Range(0, ThreeCandidates.Length), i => Assert.Equal(CrcCalibration.Trials, timings.TrialsOf(i, length, oneShot)));
            Assert.Equal(0, timings.TrialsOf(0, length, !oneShot));
        }
    }

    [Fact]
    public void Over_the_budget_the_short_classes_are_still_measured_and_the_long_ones_keep_the_fixed_order()
    {
        var timings = new FakeTimings();
        var plan = CrcCalibration.Choose(ThreeCandidates, timings.OneShot, timings.Engine, () => OverBudget);
        Assert.Equal(
            (CrcEngineKind.Table, CrcEngineKind.Crc32cSse42, CrcEngineKind.FoldVpclmul512, CrcEngineKind.FoldVpclmul512, false),
            (plan.Tiny, plan.Small, plan.Medium, plan.Large, plan.Complete));
        Assert.Equal(OverBudget, plan.Took);
        Assert.Equal(0, timings.EngineCalls);
    }

    [Fact]
    public void A_budget_that_runs_out_after_the_medium_probe_leaves_only_the_large_class_unmeasured()
    {
        var timings = new FakeTimings();
        var plan = CrcCalibration.Choose(ThreeCandidates, timings.OneShot, timings.Engine, () => timings.EngineCalls > 0 ? OverBudget : TimeSpan.Zero);
        Assert.Equal(
            (CrcEngineKind.Table, CrcEngineKind.Crc32cSse42, CrcEngineKind.Table, CrcEngineKind.FoldVpclmul512, false),
            (plan.Tiny, plan.Small, plan.Medium, plan.Large, plan.Complete));
    }

    [Fact]
    public void A_calibration_that_took_exactly_the_budget_is_complete()
    {
        var timings = new FakeTimings();
        var plan = CrcCalibration.Choose(ThreeCandidates, timings.OneShot, timings.Engine, () => CrcCalibration.Budget);
        Assert.True(plan.Complete);
        Assert.Equal(CrcEngineKind.Crc32cSse42, plan.Large);
    }

    [Fact]
    public void A_single_candidate_is_chosen_for_every_class()
    {
        var plan = CrcCalibration.Choose([CrcEngineKind.Table], (_, _) => 7, (_, _) => 7, () => TimeSpan.Zero);
        Assert.Equal((CrcEngineKind.Table, CrcEngineKind.Table, CrcEngineKind.Table, CrcEngineKind.Table, true), (plan.Tiny, plan.Small, plan.Medium, plan.Large, plan.Complete));
    }

    /// <summary>An engine that records what it is given, in order.</summary>
    private sealed class RecordingEngine(CrcModel model) : CrcEngine(model)
    {
        public List<byte> Seen { get; } = [];

        public int Calls { get; private set; }

        public override CrcEngineKind Kind => CrcEngineKind.Table;

        public override UInt128 Update(UInt128 register, ReadOnlySpan<byte> data)
        {
            Calls++;
            Seen.AddRange(data.ToArray());
            return register + 1;
        }
    }

    /// <summary>A one-shot path that records what it is given, in order.</summary>
    private sealed class RecordingOneShot(CrcModel model) : CrcOneShot(model, CrcEngineKind.Table, CrcEngineKind.Table)
    {
        public List<byte> Seen { get; } = [];

        public int Calls { get; private set; }

        protected override ulong Short(ReadOnlySpan<byte> data) => Record(data);

        protected override ulong Long(ReadOnlySpan<byte> data) => Record(data);

        private ulong Record(ReadOnlySpan<byte> data)
        {
            Calls++;
            Seen.AddRange(data.ToArray());
            return 3;
        }
    }

    [Theory]
    [InlineData(100, 10)]
    [InlineData(300, 3)]
    [InlineData(1000, 1)]
    public void A_timing_runs_the_engine_over_every_whole_call_of_the_buffer_in_order(int length, int calls)
    {
        var engine = new RecordingEngine(CrcCatalogue.Find("CRC-32"));
        AssertTimesEveryWholeCall(length, calls, buffer => CrcCalibration.Time(engine, buffer, length), () => (engine.Calls, engine.Seen));
    }

    [Theory]
    [InlineData(20, 50)]
    [InlineData(64, 15)]
    [InlineData(1000, 1)]
    public void A_timing_runs_the_one_shot_path_over_every_whole_call_of_the_buffer_in_order(int length, int calls)
    {
        var path = new RecordingOneShot(CrcCatalogue.Find("CRC-32"));
        AssertTimesEveryWholeCall(length, calls, buffer => CrcCalibration.Time(path, buffer, length), () => (path.Calls, path.Seen));
    }

    /// <summary>
    /// One timing over a 1000-byte buffer: it made <paramref name="calls"/> calls of <paramref name="length"/>
    /// bytes over the buffer's whole calls in order, and its ticks lie within the time it took.
    /// </summary>
    private static void AssertTimesEveryWholeCall(int length, int calls, Func<byte[], long> time, Func<(int Calls, List<byte> Seen)> recorded)
    {
        byte[] buffer = CrcTestData.Bytes(1000, length);
        long before = System.Diagnostics.Stopwatch.GetTimestamp();
        long ticks = time(buffer);
        long after = System.Diagnostics.Stopwatch.GetTimestamp();
        var (made, seen) = recorded();
        Assert.Equal(calls, made);
        Assert.Equal(buffer.Take(calls * length), seen);
        Assert.InRange(ticks, 0, after - before);
    }

    [Theory]
    [InlineData("CRC-32C", "Castagnoli")]
    [InlineData("CRC-32/ISO-HDLC", "Reflected")]
    [InlineData("CRC-16/ARC", "Reflected")]
    [InlineData("CRC-64/XZ", "Reflected")]
    [InlineData("CRC-32/BZIP2", "Forward")]
    [InlineData("CRC-16/XMODEM", "Forward")]
    [InlineData("CRC-64/ECMA-182", "Forward")]
    public void Each_model_takes_the_plan_of_its_family(string name, string family) =>
        Assert.Equal(Enum.Parse<CrcFamily>(family), CrcCalibration.FamilyOf(CrcCatalogue.Find(name)));

    [Fact]
    public void The_castagnoli_polynomial_forward_or_at_another_width_is_not_the_castagnoli_family()
    {
        // The crc32 instruction runs only the reflected 32-bit Castagnoli CRC.
        Assert.Equal(CrcFamily.Forward, CrcCalibration.FamilyOf(CrcCatalogue.Custom(32, CrcCastagnoliEngine.Polynomial, 0, false, false, 0)));
        Assert.Equal(CrcFamily.Reflected, CrcCalibration.FamilyOf(CrcCatalogue.Custom(33, CrcCastagnoliEngine.Polynomial, 0, true, true, 0)));
        Assert.Equal(CrcFamily.Castagnoli, CrcCalibration.FamilyOf(CrcCatalogue.Custom(32, CrcCastagnoliEngine.Polynomial, 0xFFFF, true, true, 7)));
    }

    [Theory]
    [InlineData("Reflected")]
    [InlineData("Forward")]
    [InlineData("Castagnoli")]
    public void Each_family_is_measured_on_a_crc_32_of_that_family(string name)
    {
        var family = Enum.Parse<CrcFamily>(name);
        var measured = CrcCatalogue.Find(CrcCalibration.MeasuredModel(family));
        Assert.Equal(32, measured.Width);
        Assert.Equal(family, CrcCalibration.FamilyOf(measured));
    }

    [Fact]
    public void The_three_families_keep_three_plans()
    {
        var reflected = CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-16/ARC"));
        var forward = CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-16/XMODEM"));
        var castagnoli = CrcCalibration.PlanFor(CrcCatalogue.Find("CRC-32C"));
        Assert.NotSame(reflected, forward);
        Assert.NotSame(reflected, castagnoli);
        Assert.NotSame(forward, castagnoli);
        Assert.Same(forward, CrcCalibration.PlanFor(CrcCatalogue.Custom(32, CrcCastagnoliEngine.Polynomial, 0, false, false, 0)));
    }

    [Fact]
    public void Auto_runs_each_length_on_the_engine_its_plan_names_for_that_class()
    {
        var model = CrcCatalogue.Find("CRC-32/ISO-HDLC");
        var plan = new CrcEnginePlan(CrcEngineKind.Bitwise, CrcEngineKind.Table, CrcEngineKind.FoldSoftware, CrcEngineKind.Bitwise, true, TimeSpan.Zero);
        var auto = new CrcAutoEngine(model, plan);
        var expected = new (int Length, CrcEngineKind Kind)[]
        {
            (0, CrcEngineKind.Bitwise), (CrcCalibration.SmallFrom - 1, CrcEngineKind.Bitwise),
            (CrcCalibration.SmallFrom, CrcEngineKind.Table), (100, CrcEngineKind.Table), (CrcCalibration.MediumFrom - 1, CrcEngineKind.Table),
            (CrcCalibration.MediumFrom, CrcEngineKind.FoldSoftware), (1500, CrcEngineKind.FoldSoftware), (CrcCalibration.LargeFrom - 1, CrcEngineKind.FoldSoftware),
            (CrcCalibration.LargeFrom, CrcEngineKind.Bitwise), (1 << 20, CrcEngineKind.Bitwise),
        };
        Assert.Equal(expected, expected.Select(e => (e.Length, auto.EngineFor(e.Length).Kind)));
        Assert.Same(model.Engine(CrcEngineKind.Table), auto.EngineFor(CrcCalibration.SmallFrom));
        Assert.Equal(CrcEngineKind.Bitwise, auto.Kind);

        byte[] data = CrcTestData.Bytes(CrcCalibration.LargeFrom, 4);
        Assert.Equal(model.Engine(CrcEngineKind.Table).Update(model.InitialRegister, data), auto.Update(model.InitialRegister, data));
    }

    // Kernels that return a marker instead of a register, so the one-shot path's choice of kernel
    // shows in its result. A model that reflects both ways with no final XOR returns the register as is.
    private readonly struct TinyMarker : ICrcShortKernel
    {
        public static ulong UpdateShort<TOrder>(CrcTableEngine table, in CrcShortFold shortFold, ulong crc, ReadOnlySpan<byte> data)
            where TOrder : struct, ICrcBitOrder => 0x1200;
    }

    private readonly struct SmallMarker : ICrcShortKernel
    {
        // Says whether the path handed the kernel a folding engine's constants (their polynomial is never 0).
        public static ulong UpdateShort<TOrder>(CrcTableEngine table, in CrcShortFold shortFold, ulong crc, ReadOnlySpan<byte> data)
            where TOrder : struct, ICrcBitOrder => 0x2200 | (shortFold.Poly64 == 0 ? 0xFFUL : 0x01UL);
    }

    private static readonly CrcModel Transparent = CrcCatalogue.Custom(32, 0x04C11DB7, 0, true, true, 0);

    [Fact]
    public void The_one_shot_path_runs_the_tiny_kernel_under_SmallFrom_the_small_one_to_MediumFrom_and_Auto_from_there()
    {
        var path = new CrcOneShot<ReflectedBitOrder, TinyMarker, SmallMarker>(Transparent, CrcEngineKind.Table, CrcEngineKind.Table);
        byte[] buffer = CrcTestData.Bytes(CrcCalibration.MediumFrom + 100, 8);
        foreach ((int length, ulong expected) in new (int, ulong)[]
        {
            (0, 0x1200), (1, 0x1200), (CrcCalibration.SmallFrom - 1, 0x1200),
            (CrcCalibration.SmallFrom, 0x22FF), (CrcFoldingEngine.MinimumLength, 0x22FF), (CrcCalibration.MediumFrom - 1, 0x22FF),
        })
        {
            Assert.True(expected == path.Compute(buffer.AsSpan(0, length)), $"0x{path.Compute(buffer.AsSpan(0, length)):X} at {length} bytes");
        }

        foreach (int length in new[] { CrcCalibration.MediumFrom, buffer.Length })
        {
            Assert.Equal(CrcState.Compute(Transparent, buffer.AsSpan(0, length), CrcEngineKind.Bitwise), path.Compute(buffer.AsSpan(0, length)));
        }
    }

    [Fact]
    public void The_one_shot_path_takes_the_short_fold_constants_of_the_small_class_engine_or_else_the_tiny_one()
    {
        byte[] data = CrcTestData.Bytes(CrcCalibration.SmallFrom, 9);
        var tiny = CrcFoldingEngine.PclmulSupported ? CrcEngineKind.FoldPclmul : CrcEngineKind.Table;
        Assert.Equal(0x2201UL, new CrcOneShot<ReflectedBitOrder, TinyMarker, SmallMarker>(Transparent, tiny, CrcEngineKind.FoldSoftware).Compute(data));
        Assert.Equal(0x2201UL, new CrcOneShot<ReflectedBitOrder, TinyMarker, SmallMarker>(Transparent, CrcEngineKind.FoldSoftware, CrcEngineKind.Table).Compute(data));
        Assert.Equal(0x22FFUL, new CrcOneShot<ReflectedBitOrder, TinyMarker, SmallMarker>(Transparent, CrcEngineKind.Table, CrcEngineKind.Bitwise).Compute(data));
    }

    [Fact]
    public void An_engine_kind_outside_the_enumeration_is_not_supported_and_a_missing_model_is_an_argument_error()
    {
        var model = CrcCatalogue.Find("CRC-32");
        Assert.False(CrcEngine.IsSupported((CrcEngineKind)99, model));
        Assert.Throws<ArgumentNullException>(() => CrcEngine.IsSupported(CrcEngineKind.Auto, null!));
        Assert.Throws<ArgumentNullException>(() => CrcEngine.IsSupported(CrcEngineKind.Table, null!));
        Assert.Throws<ArgumentNullException>(() => new CrcState(null!));
        Assert.Throws<ArgumentNullException>(() => CrcState.Compute(null!, [1, 2, 3]));
    }

    [Fact]
    public void An_explicit_engine_the_model_rules_out_is_refused_by_the_one_call_computation_too()
    {
        // The one-shot path serves Auto only: an engine asked for by name is built, and refused when it cannot run the model.
        var ex = Assert.Throws<PSSocketException>(() => CrcState.Compute(CrcCatalogue.Find("CRC-32"), "123456789"u8, CrcEngineKind.Crc32cSse42));
        Assert.Equal("CrcEngineNotSupported", ex.ErrorId);
    }

    [Fact]
    public void The_castagnoli_polynomial_forward_is_not_run_by_the_crc32_instruction()
    {
        // The SSE4.2 instruction computes only the reflected CRC-32C. The forward CRC of "123456789"
        // with this polynomial, init 0, no XOR: 0xC052A8C8 (a bit-at-a-time loop in python3).
        var forward = CrcCatalogue.Custom(32, CrcCastagnoliEngine.Polynomial, 0, false, false, 0);
        Assert.False(CrcCastagnoliEngine.Fits(forward));
        Assert.False(CrcEngine.IsSupported(CrcEngineKind.Crc32cSse42, forward));
        Assert.DoesNotContain(CrcEngineKind.Crc32cSse42, CrcCalibration.Candidates(forward));
        Assert.Equal((UInt128)0xC052A8C8, CrcState.Compute(forward, "123456789"u8));
        Assert.All(CrcTestData.Engines(forward), kind => Assert.Equal((UInt128)0xC052A8C8, CrcState.Compute(forward, "123456789"u8, kind)));
        Assert.False(CrcCastagnoliEngine.Fits(CrcCatalogue.Custom(33, CrcCastagnoliEngine.Polynomial, 0, true, true, 0)));
        Assert.True(CrcCastagnoliEngine.Fits(CrcCatalogue.Find("CRC-32C")));
    }

    [Theory]
    [InlineData("CRC-32")]
    [InlineData("CRC-16/XMODEM")]
    [InlineData("CRC-5/USB")]
    [InlineData("CRC-12/UMTS")]
    public void The_codeword_of_an_empty_message_is_its_crc_alone_and_checks(string name)
    {
        var model = CrcCatalogue.Find(name);
        byte[] codeword = CrcCodeword.Build(model, []);
        Assert.Equal((model.Width + 7) / 8, codeword.Length);
        var check = CrcCodeword.Check(model, codeword);
        Assert.True(check.FieldFits);
        Assert.Equal(model.ResidueValue, check.Register);
    }

    [Theory]
    [InlineData(0x0000000000000000UL, 0x0000000000000000UL)]
    [InlineData(0x0000000000000001UL, 0x8000000000000000UL)]
    [InlineData(0x8000000000000000UL, 0x0000000000000001UL)]
    [InlineData(0x0123456789ABCDEFUL, 0xF7B3D591E6A2C480UL)]
    [InlineData(0xF0E1D2C3B4A59687UL, 0xE169A52DC34B870FUL)]
    public void The_bit_reversal_without_gfni_gives_python_values(ulong value, ulong reversed)
    {
        // Expected: int(format(value, '064b')[::-1], 2) in python3.
        Assert.Equal(reversed, CrcMath.ReverseBitsPortable(value));
        Assert.Equal(reversed, CrcMath.ReverseBits(value));
    }

    [Fact]
    public void The_bit_reversal_without_gfni_moves_every_bit_of_random_words()
    {
        var random = new Random(13);
        for (int n = 0; n < 2000; n++)
        {
            ulong value = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
            ulong expected = 0;
            for (int bit = 0; bit < 64; bit++)
            {
                expected |= ((value >> bit) & 1) << (63 - bit);
            }

            Assert.Equal(expected, CrcMath.ReverseBitsPortable(value));
        }
    }
}
