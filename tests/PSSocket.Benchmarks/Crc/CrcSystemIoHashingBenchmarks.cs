using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Benchmarks.Crc;

/// <summary>
/// One-shot CRC, ours (Auto, as the cmdlets call it) against System.IO.Hashing 11, from a header to
/// a file; the Ratio column is ours over theirs in time. `peers crc system` runs the same comparison
/// interleaved, which a shared machine disturbs less.
/// `dotnet run -c Release --project tests/PSSocket.Benchmarks -- --filter *CrcSystemIoHashingBenchmarks*`
/// </summary>
[Config(typeof(CrcBenchmarkConfig))]
public class CrcSystemIoHashingBenchmarks
{
    private byte[] _data = [];
    private CrcModel _model = null!;
    private Func<byte[], ulong> _system = null!;

    [Params("CRC-32/ISO-HDLC", "CRC-32/ISCSI", "CRC-64/ECMA-182", "CRC-64/NVME")]
    public string Model { get; set; } = "CRC-32/ISO-HDLC";

    [Params(20, 64, 1500, 65536, 16 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(Size).NextBytes(_data);
        _model = CrcCatalogue.Find(Model);
        _system = Model switch
        {
            "CRC-32/ISO-HDLC" => d => Crc32.HashToUInt32(Crc32ParameterSet.Crc32, d),
            "CRC-32/ISCSI" => d => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, d),
            "CRC-64/ECMA-182" => d => Crc64.HashToUInt64(Crc64ParameterSet.Crc64, d),
            _ => d => Crc64.HashToUInt64(Crc64ParameterSet.Nvme, d),
        };
        if (Ours() != _system(_data))
        {
            throw new InvalidOperationException($"{Model} disagrees with System.IO.Hashing at {Size} bytes.");
        }

        // The engines this process's calibration chose: measured under load, it can differ between processes.
        var plan = CrcCalibration.PlanFor(_model);
        Console.WriteLine($"// Auto plan for {Model}: {plan.Tiny}, {plan.Small}, {plan.Medium}, {plan.Large}");
    }

    [Benchmark(Baseline = true)]
    public ulong SystemIoHashing() => _system(_data);

    [Benchmark]
    public ulong Ours() => (ulong)CrcState.Compute(_model, _data);
}
