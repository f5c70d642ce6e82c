using BenchmarkDotNet.Attributes;
using PSSocket.Core.Integrity;

namespace PSSocket.Benchmarks.Integrity;

/// <summary>The Internet checksum kernels at header, MTU and 64 KiB sizes.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private byte[] _data = [];

    [Params(20, 1500, 65536)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(Size).NextBytes(_data);
    }

    [Benchmark(Baseline = true)]
    public ushort Internet() => InternetChecksum.Compute(_data);

    [Benchmark]
    public ulong InternetScalar() => InternetChecksum.SumScalar(_data);

    [Benchmark]
    public ulong InternetVector256() => InternetChecksum.SumVector256(_data);

    [Benchmark]
    public uint Fletcher16() => Checksums.Compute(_data, ChecksumAlgorithm.Fletcher16).Value;

    [Benchmark]
    public uint Adler32() => Checksums.Compute(_data, ChecksumAlgorithm.Adler32).Value;
}
