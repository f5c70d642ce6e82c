using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Benchmarks.Crc;

/// <summary>
/// `peers crc [size-bytes]`: CRC-32 against the system zlib's crc32 in the same process on the
/// same buffer, the implementations interleaved round by round, medians and ratios printed; then
/// CRC-32C, a sweep of every catalogue model up to width 64 through the folding engine, and the
/// System.IO.Hashing table (`peers crc system` runs that table alone; `peers crc system fastest`
/// reports each cell's fastest batch of 21 instead of the median of 11, for a machine under load;
/// sizes in bytes may follow, e.g. `peers crc system fastest 0 20 64`: 0 bytes is the per-call cost alone).
/// </summary>
internal sealed partial class CrcPeerSuite : IPeerSuite
{
    private const int Rounds = 9;
    private const int CallsPerRound = 100;
    private const int WarmupMilliseconds = 600;

    public string Name => "crc";

    public int Run(string[] args)
    {
        if (args is ["system", ..])
        {
            bool fastest = args is [_, "fastest", ..];
            int[] sizes = [.. args.Skip(fastest ? 2 : 1).Select(a => int.Parse(a, CultureInfo.InvariantCulture))];
            return CompareWithSystemIoHashing(fastest, sizes.Length > 0 ? sizes : DefaultSizes);
        }

        int size = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64 * 1024;
        byte[] data = new byte[size];
        new Random(42).NextBytes(data);

        var crc32 = CrcCatalogue.Find("CRC-32");
        ulong zlib = ZlibCrc32(data);
        var ours = new Dictionary<string, Func<UInt128>>();
        foreach (var kind in new[] { CrcEngineKind.FoldVpclmul512, CrcEngineKind.FoldVpclmul256, CrcEngineKind.FoldPclmul, CrcEngineKind.Table })
        {
            if (CrcEngine.IsSupported(kind, crc32))
            {
                var state = new CrcState(crc32, kind);
                ours[$"PSSocket {state.Engine}"] = () => { state.Reset(); state.Append(data); return state.Value; };
            }
        }

        foreach (var (name, run) in ours)
        {
            if (run() != zlib)
            {
                Console.Error.WriteLine($"{name} disagrees with zlib: {run():X8} vs {zlib:X8}");
                return 1;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CRC-32/ISO-HDLC, {size} bytes, {Rounds} interleaved rounds of {CallsPerRound} timed calls, GB/s of the median call"));
        var candidates = new List<(string Name, Action Run)> { ("zlib crc32 (libz.so.1)", () => ZlibCrc32(data)) };
        candidates.AddRange(ours.Select(o => (o.Key, (Action)(() => o.Value()))));
        double[] medians = Interleaved(candidates, size);
        double zlibRate = medians[0];
        for (int i = 0; i < candidates.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {candidates[i].Name,-28} {medians[i],7:F2} GB/s  {medians[i] / zlibRate,6:F2}x zlib"));
        }

        var castagnoli = CrcCatalogue.Find("CRC-32C");
        var crc32cRuns = new[] { CrcEngineKind.FoldVpclmul512, CrcEngineKind.Crc32cSse42, CrcEngineKind.FoldVpclmul256, CrcEngineKind.FoldPclmul }
            .Where(k => CrcEngine.IsSupported(k, castagnoli))
            .Select(k => (Kind: k, State: new CrcState(castagnoli, k)))
            .ToList();
        double[] c = Interleaved([.. crc32cRuns.Select(r => (r.Kind.ToString(), (Action)(() => { r.State.Reset(); r.State.Append(data); })))], size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CRC-32/ISCSI, median GB/s (Auto = {new CrcState(castagnoli).Engine})"));
        for (int i = 0; i < crc32cRuns.Count; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  PSSocket {crc32cRuns[i].Kind,-19} {c[i],7:F2} GB/s"));
        }

        var sweep = CrcCatalogue.Models.Where(m => m.Width <= 64)
            .Select(m => (Model: m, State: new CrcState(m)))
            .ToList();
        double[] rates = Interleaved([.. sweep.Select(s => (s.Model.Name, (Action)(() => { s.State.Reset(); s.State.Append(data); })))], size, rounds: 5);
        var ordered = rates.Select((r, i) => (Rate: r, sweep[i].Model.Name, sweep[i].State.Engine)).OrderBy(x => x.Rate).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"All {ordered.Count} catalogue models up to width 64 ({ordered[0].Engine}): min {ordered[0].Rate:F2} GB/s ({ordered[0].Name}), median {ordered[ordered.Count / 2].Rate:F2}, max {ordered[^1].Rate:F2} ({ordered[^1].Name})"));
        return 0;
    }

    // Each call is timed on its own and the median call is reported: on a shared machine a call
    // that was preempted is an outlier, while throughput over a wall-clock slice absorbs it.
    private static double[] Interleaved(List<(string Name, Action Run)> candidates, int size, int rounds = Rounds)
    {
        var samples = candidates.Select(_ => new List<long>()).ToArray();
        // Warm up: tables, and tiered compilation, which promotes code after ~100 ms of calls.
        foreach (var candidate in candidates)
        {
            var warm = Stopwatch.StartNew();
            for (int i = 0; i < 30 || warm.ElapsedMilliseconds < WarmupMilliseconds / candidates.Count; i++)
            {
                candidate.Run();
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                for (int call = 0; call < CallsPerRound; call++)
                {
                    long start = Stopwatch.GetTimestamp();
                    candidates[i].Run();
                    samples[i].Add(Stopwatch.GetTimestamp() - start);
                }
            }
        }

        return [.. samples.Select(s => size / (s.Order().ElementAt(s.Count / 2) / (double)Stopwatch.Frequency) / 1e9)];
    }

    private static unsafe ulong ZlibCrc32(byte[] data)
    {
        fixed (byte* p = data)
        {
            return crc32(0, p, (uint)data.Length);
        }
    }

    // zlib's uLong is the C long: 64 bits on Linux x64.
    [LibraryImport("libz.so.1")]
    private static unsafe partial ulong crc32(ulong crc, byte* buf, uint len);
}
