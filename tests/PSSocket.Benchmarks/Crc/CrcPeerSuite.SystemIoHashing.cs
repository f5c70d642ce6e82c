using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Benchmarks.Crc;

/// <summary>
/// `peers crc system`: one-shot CRCs against System.IO.Hashing 11 (vectorized CRC-32 and CRC-64
/// with parameters) at packet and file sizes, then every catalogue model up to width 64 against our
/// CRC-32 at the same sizes. Small calls are timed in batches: a clock read costs about as much as
/// a 20-byte CRC. Each candidate's batch is its own loop calling the CRC directly: a loop shared by
/// candidates calls them through one delegate call site, which the JIT's profile-guided
/// devirtualization turns into an inlined fast path for one of them only (measured: the same code
/// 6.7 ns as the first candidate and 8.4 ns as the tenth at 16 bytes).
/// </summary>
internal sealed partial class CrcPeerSuite
{
    private static readonly int[] DefaultSizes = [20, 64, 1500, 64 * 1024, 16 * 1024 * 1024];

    private static int CompareWithSystemIoHashing(bool fastest, int[] sizes)
    {
        var peers = new (string Model, Func<byte[], int, ulong> System, Batch Ours, Batch Theirs)[]
        {
            ("CRC-32/ISO-HDLC", (d, n) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32, d.AsSpan(0, n)),
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += (ulong)CrcState.Compute(m, d.AsSpan(0, n)); } return s; },
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += Crc32.HashToUInt32(Crc32ParameterSet.Crc32, d.AsSpan(0, n)); } return s; }),
            ("CRC-32/ISCSI", (d, n) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, d.AsSpan(0, n)),
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += (ulong)CrcState.Compute(m, d.AsSpan(0, n)); } return s; },
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, d.AsSpan(0, n)); } return s; }),
            ("CRC-64/ECMA-182", (d, n) => Crc64.HashToUInt64(Crc64ParameterSet.Crc64, d.AsSpan(0, n)),
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += (ulong)CrcState.Compute(m, d.AsSpan(0, n)); } return s; },
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += Crc64.HashToUInt64(Crc64ParameterSet.Crc64, d.AsSpan(0, n)); } return s; }),
            ("CRC-64/NVME", (d, n) => Crc64.HashToUInt64(Crc64ParameterSet.Nvme, d.AsSpan(0, n)),
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += (ulong)CrcState.Compute(m, d.AsSpan(0, n)); } return s; },
                (m, d, n, calls) => { ulong s = 0; for (int i = 0; i < calls; i++) { s += Crc64.HashToUInt64(Crc64ParameterSet.Nvme, d.AsSpan(0, n)); } return s; }),
        };
        byte[] data = new byte[Math.Max(1, sizes.Max())];
        new Random(7).NextBytes(data);

        foreach (string family in new[] { "CRC-32/ISO-HDLC", "CRC-32/BZIP2", "CRC-32/ISCSI" })
        {
            var plan = CrcCalibration.PlanFor(CrcCatalogue.Find(family));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Auto plan measured for the family of {family} in {plan.Took.TotalMilliseconds:F1} ms: < {CrcCalibration.SmallFrom} B {plan.Tiny}, < {CrcCalibration.MediumFrom} B {plan.Small}, < {CrcCalibration.LargeFrom} B {plan.Medium}, longer {plan.Large}{(plan.Complete ? string.Empty : " (budget ran out)")}"));
        }

        // Every call site once before any timing: tiered compilation promotes System.IO.Hashing's code after ~100 ms of calls.
        // The pauses leave the compiler thread a core: at load 60-80 the first cells were still
        // timed at tier 0 (CRC-32 at 20 bytes 17-48 ns for us, 110-130 ns for the library).
        var warm = Stopwatch.StartNew();
        for (long pauseAt = 250; warm.ElapsedMilliseconds < 1500; )
        {
            if (warm.ElapsedMilliseconds >= pauseAt)
            {
                Thread.Sleep(100);
                pauseAt = warm.ElapsedMilliseconds + 250;
            }

            foreach (var (name, _, ours, theirs) in peers)
            {
                foreach (int size in sizes.Where(s => s < 1024 * 1024))
                {
                    ours(CrcCatalogue.Find(name), data, size, 1);
                    theirs(CrcCatalogue.Find(name), data, size, 1);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"One-shot CRC against System.IO.Hashing {typeof(Crc32).Assembly.GetName().Version}, {(fastest ? "fastest" : "median")} of interleaved batches, ns per call (GB/s)"));
        Console.WriteLine($"  {"model",-16} {"bytes",9} {"PSSocket",22} {"System.IO.Hashing",22} {"ours/theirs",11}");
        foreach (var (name, system, ours, theirs) in peers)
        {
            var model = CrcCatalogue.Find(name);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} (Auto: {new CrcState(model).Engine})"));
            foreach (int size in sizes)
            {
                if (CrcState.Compute(model, data.AsSpan(0, size)) != system(data, size))
                {
                    Console.Error.WriteLine($"{name} disagrees with System.IO.Hashing at {size} bytes");
                    return 1;
                }

                // Under load the fastest batch is the one that ran alone on its core; a preempted batch is only ever slower.
                double[] ns = Batched([calls => ours(model, data, size, calls), calls => theirs(model, data, size, calls)], size, rounds: fastest ? 21 : 11, fastest: fastest);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {string.Empty,-16} {size,9} {Cell(ns[0], size),22} {Cell(ns[1], size),22} {ns[1] / ns[0],10:F2}x"));
            }
        }

        var crc32 = CrcCatalogue.Find("CRC-32/ISO-HDLC");
        var models = CrcCatalogue.Models.Where(m => m.Width <= 64).ToList();
        Console.WriteLine($"Every catalogue model up to width 64 ({models.Count}) against our CRC-32, ns per call (fastest of 5 rounds): slowest model, next slowest, median ratio");
        foreach (int size in sizes)
        {
            double[] ns = Batched([.. models.Prepend(crc32).Select(m => (Func<int, ulong>)(calls => SweepBatch(m, data, size, calls)))], size, rounds: 5, fastest: true);
            int[] bySpeed = [.. Enumerable.Range(1, models.Count).OrderByDescending(i => ns[i])];
            int slowest = bySpeed[0];
            double median = ns[0] / ns[bySpeed[bySpeed.Length / 2]];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {size,9} B  CRC-32 {Cell(ns[0], size),22}  slowest {models[slowest - 1].Name,-18} {Cell(ns[slowest], size),22}  {ns[0] / ns[slowest],5:F2}x CRC-32's speed; next {models[bySpeed[1] - 1].Name} {ns[0] / ns[bySpeed[1]]:F2}x; median {median:F2}x"));
        }

        return 0;
    }

    // One loop per one-shot class (reflected, forward, CRC-32C), as a caller that computes one model
    // runs it. The runtime guesses the class behind CrcState.Compute's virtual call per call site: one
    // loop for all the models guessed one class, and the models of the others paid a missed guess
    // that CRC-32 did not (measured at 0.88-0.96x its speed). CrcCatalogueBenchmarks runs a process per model.
    private static ulong SweepBatch(CrcModel model, byte[] data, int size, int calls) =>
        CrcCastagnoliEngine.Fits(model) ? SweepBatch<CastagnoliLoop>(model, data, size, calls)
        : model.RefIn ? SweepBatch<ReflectedLoop>(model, data, size, calls)
        : SweepBatch<ForwardLoop>(model, data, size, calls);

    // A struct type argument gets code of its own, and with it call sites of its own.
    private static ulong SweepBatch<TLoop>(CrcModel model, byte[] data, int size, int calls)
        where TLoop : struct
    {
        ulong sum = 0;
        for (int i = 0; i < calls; i++)
        {
            sum += (ulong)CrcState.Compute(model, data.AsSpan(0, size));
        }

        return sum;
    }

    private static string Cell(double ns, int size) =>
        string.Create(CultureInfo.InvariantCulture, $"{ns,12:F1} ({size / ns,6:F2})");

    /// <summary>
    /// Median (or fastest) ns per call; each sample is a batch of calls that lasts at least ~20 µs.
    /// The fastest sample suits a sweep of 100 models, where a few rounds meet a burst of load elsewhere.
    /// </summary>
    private static double[] Batched(List<Func<int, ulong>> candidates, int size, int rounds = 11, bool fastest = false)
    {
        int batch = Math.Max(1, 256 * 1024 / (size + 64));
        var samples = candidates.Select(_ => new List<double>()).ToArray();
        foreach (var candidate in candidates)
        {
            var warm = Stopwatch.StartNew();
            for (int i = 0; i < 3 || warm.ElapsedMilliseconds < 100 / candidates.Count; i++)
            {
                candidate(batch);
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                candidates[i](batch);
                samples[i].Add((Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency / batch);
            }
        }

        return [.. samples.Select(s => fastest ? s.Min() : s.Order().ElementAt(s.Count / 2))];
    }

    private struct ReflectedLoop;

    private struct ForwardLoop;

    private struct CastagnoliLoop;

    /// <summary>Runs <c>calls</c> one-shot CRCs of <c>size</c> bytes and returns their sum, so none can be dropped.</summary>
    private delegate ulong Batch(CrcModel model, byte[] data, int size, int calls);
}
