using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Benchmarks.Crc;

/// <summary>
/// Each CRC engine the CPU runs, at 64 KiB, for the models the issue names. Short runs: the
/// machine is shared, so compare rows of one run rather than runs.
/// `dotnet run -c Release --project tests/PSSocket.Benchmarks -- --filter *CrcKernelBenchmarks*`
/// </summary>
[Config(typeof(CrcBenchmarkConfig))]
public class CrcKernelBenchmarks
{
    private byte[] _data = [];
    private CrcState _state = null!;

    [Params("CRC-32/ISO-HDLC", "CRC-32/ISCSI", "CRC-64/XZ", "CRC-16/ARC", "CRC-8/SMBUS")]
    public string Model { get; set; } = "CRC-32";

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = nameof(CrcEngineKind.Table);

    // Engines that serve every model up to width 64; CrcCastagnoliBenchmarks covers the CRC-32C-only one.
    public static IEnumerable<string> Engines() =>
        new[] { CrcEngineKind.FoldVpclmul512, CrcEngineKind.FoldVpclmul256, CrcEngineKind.FoldPclmul, CrcEngineKind.FoldSoftware, CrcEngineKind.Table }
            .Where(k => CrcEngine.IsSupported(k, CrcCatalogue.Find("CRC-64/XZ")))
            .Select(k => k.ToString());

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[64 * 1024];
        new Random(1).NextBytes(_data);
        _state = new CrcState(CrcCatalogue.Find(Model), Enum.Parse<CrcEngineKind>(Engine));
    }

    [Benchmark]
    public UInt128 Crc64KiB()
    {
        _state.Reset();
        _state.Append(_data);
        return _state.Value;
    }
}

/// <summary>CRC-32C: three SSE4.2 crc32 streams against the folding kernels, 64 KiB.</summary>
[Config(typeof(CrcBenchmarkConfig))]
public class CrcCastagnoliBenchmarks
{
    private static readonly CrcModel Castagnoli = CrcCatalogue.Find("CRC-32C");
    private byte[] _data = [];
    private CrcState _state = null!;

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = nameof(CrcEngineKind.Table);

    public static IEnumerable<string> Engines() =>
        new[] { CrcEngineKind.FoldVpclmul512, CrcEngineKind.FoldVpclmul256, CrcEngineKind.FoldPclmul, CrcEngineKind.Crc32cSse42 }
            .Where(k => CrcEngine.IsSupported(k, Castagnoli))
            .Select(k => k.ToString());

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[64 * 1024];
        new Random(1).NextBytes(_data);
        _state = new CrcState(Castagnoli, Enum.Parse<CrcEngineKind>(Engine));
    }

    [Benchmark]
    public UInt128 Crc64KiB()
    {
        _state.Reset();
        _state.Append(_data);
        return _state.Value;
    }
}

/// <summary>The bit-at-a-time reference, on the sizes it is meant for.</summary>
[Config(typeof(CrcBenchmarkConfig))]
public class CrcBitwiseBenchmarks
{
    private byte[] _data = [];
    private CrcState _state = null!;

    [Params("CRC-32/ISO-HDLC", "CRC-82/DARC")]
    public string Model { get; set; } = "CRC-32";

    [Params(64, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
        _state = new CrcState(CrcCatalogue.Find(Model), CrcEngineKind.Bitwise);
    }

    [Benchmark]
    public UInt128 Bitwise()
    {
        _state.Reset();
        _state.Append(_data);
        return _state.Value;
    }
}

/// <summary>One launch, few iterations, and a GB/s column.</summary>
internal sealed class CrcBenchmarkConfig : ManualConfig
{
    public CrcBenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5));
        AddColumn(new ThroughputColumn());
    }
}
