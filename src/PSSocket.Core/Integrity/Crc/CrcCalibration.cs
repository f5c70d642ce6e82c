using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// Which engine <see cref="CrcEngineKind.Auto"/> runs for each input length, measured on this
/// machine instead of assumed: the fastest kernel differs between CPUs of one instruction set
/// (one run measured the 512-bit fold at 38 GB/s, another machine 21 GB/s against 28 GB/s for the
/// 256-bit fold). On first use of Auto for a family of models, each engine the CPU runs is timed
/// at a header, a packet, a segment and a bulk length, for a bounded time; the plan is kept for
/// the process. The two short classes are timed through the one-shot path (<see cref="CrcOneShot"/>),
/// which is what runs them: at 20 bytes a call's fixed work decides, and one short probe for
/// both classes chose the fold for CRC-32C where the crc32 instruction was twice as fast at 20 bytes.
/// <para>
/// A family is what the kernels' speed depends on: whether the model reflects its input (the
/// forward direction byte-swaps every lane) and whether it is CRC-32C, the one model the SSE4.2
/// crc32 instruction serves. Width, polynomial, init and final XOR do not change the work.
/// </para>
/// </summary>
internal static class CrcCalibration
{
    /// <summary>Inputs from this length (and shorter than <see cref="MediumFrom"/>) take the engine measured at <see cref="ProbeLengths"/>[1]; shorter ones that of [0].</summary>
    public const int SmallFrom = 32;

    /// <summary>
    /// Inputs from this length take the engine measured at <see cref="ProbeLengths"/>[2]; shorter ones
    /// run the one-shot path's inlined kernels, the longest of which is the short fold.
    /// </summary>
    public const int MediumFrom = CrcFoldingEngine.ShortMaximumLength;

    /// <summary>Inputs from this length take the engine measured at <see cref="ProbeLengths"/>[3].</summary>
    public const int LargeFrom = 8 * 1024;

    /// <summary>The lengths measured: one per class of <see cref="CrcEnginePlan"/>.</summary>
    public static readonly int[] ProbeLengths = [20, 64, 1500, 32 * 1024];

    /// <summary>The measurement of the medium and long classes stops here; those not yet measured keep the fixed order.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(30);

    // Each trial hashes this many bytes in calls of the probe length; the fastest of the trials counts,
    // since a trial that was preempted on a shared machine is only ever slower.
    private const int BytesPerTrial = 32 * 1024;

    /// <summary>How many times each candidate is timed at each measured length.</summary>
    internal const int Trials = 7;

    // One plan per family, measured on first request.
    private static readonly CrcEnginePlan?[] Plans = new CrcEnginePlan?[Enum.GetValues<CrcFamily>().Length];

    /// <summary>The plan for <paramref name="model"/>'s family (width 64 or less), measured on first request.</summary>
    public static CrcEnginePlan PlanFor(CrcModel model)
    {
        var family = FamilyOf(model);
        return LazyInitializer.EnsureInitialized(ref Plans[(int)family], () => Measure(CrcCatalogue.Find(MeasuredModel(family))));
    }

    /// <summary>The family whose plan <paramref name="model"/> takes (see the class remarks).</summary>
    public static CrcFamily FamilyOf(CrcModel model) =>
        CrcCastagnoliEngine.Fits(model) ? CrcFamily.Castagnoli : model.RefIn ? CrcFamily.Reflected : CrcFamily.Forward;

    /// <summary>The catalogue model a family's engines are timed on: a CRC-32 of its bit order.</summary>
    public static string MeasuredModel(CrcFamily family) => family switch
    {
        CrcFamily.Castagnoli => "CRC-32/ISCSI",
        CrcFamily.Reflected => "CRC-32/ISO-HDLC",
        _ => "CRC-32/BZIP2",
    };

    /// <summary>The engines Auto may choose for this model on this CPU, in the fixed order used where nothing was measured.</summary>
    public static IReadOnlyList<CrcEngineKind> Candidates(CrcModel model) =>
        [.. new[] { CrcEngineKind.FoldVpclmul512, CrcEngineKind.FoldVpclmul256, CrcEngineKind.Crc32cSse42, CrcEngineKind.FoldPclmul, CrcEngineKind.Table }
            .Where(k => CrcEngine.IsSupported(k, model))];

    /// <summary>Times every candidate at every probe length; public for the tests and the peer suite.</summary>
    public static CrcEnginePlan Measure(CrcModel model)
    {
        var clock = Stopwatch.StartNew();
        var candidates = Candidates(model);
        var engines = candidates.Select(model.Engine).ToList();
        var oneShots = candidates.Select(kind => CrcOneShot.Create(model, kind, kind)).ToList();
        byte[] buffer = new byte[BytesPerTrial];
        new Random(1).NextBytes(buffer);
        for (int i = 0; i < engines.Count; i++)
        {
            // Compiles the kernels and builds their tables outside the timing.
            engines[i].Update(UInt128.Zero, buffer);
            oneShots[i].Compute(buffer.AsSpan(0, ProbeLengths[0]));
        }

        return Choose(
            candidates,
            (i, length) => Time(oneShots[i], buffer, length),
            (i, length) => Time(engines[i], buffer, length),
            () => clock.Elapsed);
    }

    /// <summary>
    /// The plan from timings: <paramref name="timeOneShot"/> and <paramref name="timeEngine"/> give the
    /// ticks candidate i took for the trial bytes in calls of a length, <paramref name="elapsed"/>
    /// the time the calibration has taken so far. Apart from the clock, so the choice can be tested
    /// with timings given.
    /// </summary>
    internal static CrcEnginePlan Choose(IReadOnlyList<CrcEngineKind> candidates, Func<int, int, long> timeOneShot, Func<int, int, long> timeEngine, Func<TimeSpan> elapsed)
    {
        var chosen = new CrcEngineKind[ProbeLengths.Length];
        bool complete = true;
        for (int probe = 0; probe < ProbeLengths.Length; probe++)
        {
            // The short probes take microseconds, so they are always measured: under load, compiling the
            // candidates alone used up the budget, and the fixed order left CRC-32C's 64-byte calls on
            // the 512-bit fold (8.1 ns) instead of the crc32 instruction (4.4 ns).
            chosen[probe] = candidates[0];
            if (elapsed() > Budget && ProbeLengths[probe] >= MediumFrom)
            {
                complete = false;
                continue;
            }

            // Candidates take turns trial by trial, so a burst of load elsewhere slows them all alike.
            int length = ProbeLengths[probe];
            long[] fastest = [.. candidates.Select(_ => long.MaxValue)];
            for (int trial = 0; trial < Trials; trial++)
            {
                for (int i = 0; i < candidates.Count; i++)
                {
                    long ticks = length < MediumFrom ? timeOneShot(i, length) : timeEngine(i, length);
                    fastest[i] = Math.Min(fastest[i], ticks);
                }
            }

            chosen[probe] = candidates[Array.IndexOf(fastest, fastest.Min())];
        }

        return new CrcEnginePlan(chosen[0], chosen[1], chosen[2], chosen[3], complete, elapsed());
    }

    // Both timing loops compile optimized at once, as the kernels do: timed at tier 0 or with a
    // profile that favours one candidate's call, the loop would weigh on the short probes.
    // Internal for the tests: they check that every call is made and that the ticks are the loop's own.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static long Time(CrcEngine engine, byte[] buffer, int length)
    {
        UInt128 register = UInt128.Zero;
        long start = Stopwatch.GetTimestamp();
        for (int offset = 0; offset + length <= buffer.Length; offset += length)
        {
            register = engine.Update(register, buffer.AsSpan(offset, length));
        }

        long elapsed = Stopwatch.GetTimestamp() - start;
        return register == UInt128.MaxValue ? elapsed + 1 : elapsed; // reads the result, so the calls cannot be dropped
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static long Time(CrcOneShot path, byte[] buffer, int length)
    {
        ulong sum = 0;
        long start = Stopwatch.GetTimestamp();
        for (int offset = 0; offset + length <= buffer.Length; offset += length)
        {
            sum += path.Compute(buffer.AsSpan(offset, length));
        }

        long elapsed = Stopwatch.GetTimestamp() - start;
        return sum == ulong.MaxValue ? elapsed + 1 : elapsed; // reads the results, so the calls cannot be dropped
    }
}

/// <summary>
/// The engines Auto runs for tiny (under <see cref="CrcCalibration.SmallFrom"/> bytes), short
/// (under <see cref="CrcCalibration.MediumFrom"/>), medium and long (from
/// <see cref="CrcCalibration.LargeFrom"/>) inputs; <see cref="Complete"/> is false when the time
/// budget ran out and some class kept the fixed order.
/// </summary>
internal sealed record CrcEnginePlan(CrcEngineKind Tiny, CrcEngineKind Small, CrcEngineKind Medium, CrcEngineKind Large, bool Complete, TimeSpan Took);

/// <summary>The families of models that share a plan: what the kernels' speed depends on (see <see cref="CrcCalibration"/>).</summary>
internal enum CrcFamily
{
    /// <summary>Models that reflect their input, other than CRC-32C.</summary>
    Reflected,

    /// <summary>Models that do not reflect their input: every lane is byte-swapped.</summary>
    Forward,

    /// <summary>CRC-32C, the one model the SSE4.2 crc32 instruction serves.</summary>
    Castagnoli,
}
