using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using PSSocket.Core.Integrity;

namespace PSSocket.Benchmarks.Integrity;

/// <summary>
/// `peers checksum`: the managed RFC 1071 kernels against gcc -O3 -march=native on the same
/// buffers, interleaved round by round, medians and ratios; and the 256 MiB rate against the
/// memory bandwidth a C read loop gets in the same run.
/// </summary>
internal sealed unsafe class ChecksumPeerSuite : IPeerSuite
{
    public string Name => "checksum";

    public int Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        using var peer = new NativePeer(NativePeer.SourceFile("rfc1071.c"), "-O3 -march=native");
        var c = (delegate* unmanaged<byte*, nuint, ushort>)peer.Export("rfc1071_checksum");
        var probe = (delegate* unmanaged<ulong*, nuint, ulong>)peer.Export("read_bandwidth_probe");

        Console.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}");
        Console.WriteLine("size      kernel                 median GB/s   vs gcc -O3 -march=native");
        foreach (int size in new[] { 20, 1500, 64 << 10 })
        {
            byte[] data = new byte[size];
            new Random(size).NextBytes(data);
            int reps = Math.Max(1, (256 << 20) / size);
            fixed (byte* p = data)
            {
                byte* q = p;
                // The C loop sums host-order (little-endian) words, so its value is byte-swapped; stored to the wire, both are the same bytes.
                if (BinaryPrimitives.ReverseEndianness(c(p, (nuint)size)) != InternetChecksum.Compute(data))
                {
                    throw new InvalidOperationException("the C peer and PSSocket disagree");
                }

                var times = Interleave(rounds, reps,
                    ("gcc", () => c(q, (nuint)size)),
                    ("PSSocket", () => InternetChecksum.Compute(new ReadOnlySpan<byte>(q, size))),
                    ("PSSocket scalar", () => (ushort)~InternetChecksum.Fold(InternetChecksum.SumScalar(new ReadOnlySpan<byte>(q, size)))));
                double gcc = times["gcc"];
                foreach (var (kernel, seconds) in times)
                {
                    double gbps = (double)size * reps / seconds / 1e9;
                    Console.WriteLine($"{size,-9} {kernel,-22} {gbps,10:F2}   {gcc / seconds,6:F2}x   ({seconds / reps * 1e9:F1} ns/call)");
                }
            }
        }

        const int Big = 256 << 20;
        byte[] large = GC.AllocateUninitializedArray<byte>(Big, pinned: true);
        new Random(1).NextBytes(large);
        fixed (byte* p = large)
        {
            byte* q = p;
            var times = Interleave(Math.Max(5, rounds / 3), 1,
                ("memory read (C)", () => (ushort)probe((ulong*)q, Big / 8)),
                ("PSSocket", () => InternetChecksum.Compute(new ReadOnlySpan<byte>(q, Big))),
                ("gcc", () => c(q, Big)));
            double read = times["memory read (C)"];
            foreach (var (kernel, seconds) in times)
            {
                Console.WriteLine($"256 MiB   {kernel,-22} {Big / seconds / 1e9,10:F2}   {read / seconds,6:F2}x of memory read");
            }
        }

        return 0;
    }

    /// <summary>Runs each kernel once per round in turn, so machine noise hits all alike; returns median seconds per round.</summary>
    private static Dictionary<string, double> Interleave(int rounds, int reps, params (string Name, Func<ushort> Kernel)[] kernels)
    {
        var samples = kernels.ToDictionary(k => k.Name, _ => new List<double>());
        ushort sink = 0;
        for (int r = -1; r < rounds; r++)
        {
            foreach (var (name, kernel) in kernels)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < reps; i++)
                {
                    sink ^= kernel();
                }

                double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                if (r >= 0)
                {
                    samples[name].Add(seconds); // round -1 warms up the JIT and the caches
                }
            }
        }

        GC.KeepAlive(sink);
        return samples.ToDictionary(s => s.Key, s => s.Value.Order().ElementAt(s.Value.Count / 2));
    }
}
