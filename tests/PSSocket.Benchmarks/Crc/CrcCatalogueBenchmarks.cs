using BenchmarkDotNet.Attributes;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Benchmarks.Crc;

/// <summary>
/// One-shot CRCs (Auto, as the cmdlets call them) of catalogue models against CRC-32 at the same
/// sizes: the goal is every model up to width 64 at least as fast as CRC-32. BenchmarkDotNet runs
/// each case in a process of its own, so each model's call site sees that model only, as a caller
/// that computes one model does (`peers crc system` sweeps all of them from one process). The
/// models stand for the kinds of work: reflected and forward (a byte swap per lane), RefIn unlike
/// RefOut (a reversal at the end), and widths from 3 to 64 bits.
/// `dotnet run -c Release --project tests/PSSocket.Benchmarks -- --filter *CrcCatalogueBenchmarks*`
/// </summary>
[Config(typeof(CrcBenchmarkConfig))]
public class CrcCatalogueBenchmarks
{
    private byte[] _data = [];
    private CrcModel _model = null!;

    [Params("CRC-32/ISO-HDLC", "CRC-32/BZIP2", "CRC-64/XZ", "CRC-40/GSM", "CRC-16/ARC", "CRC-16/XMODEM", "CRC-12/UMTS", "CRC-8/SMBUS", "CRC-5/USB", "CRC-3/GSM")]
    public string Model { get; set; } = "CRC-32/ISO-HDLC";

    [Params(20, 64, 1500, 65536, 16 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(Size).NextBytes(_data);
        _model = CrcCatalogue.Find(Model);
        if (CrcState.Compute(_model, _data) != CrcState.Compute(_model, _data, CrcEngineKind.Table))
        {
            throw new InvalidOperationException($"{Model} disagrees with its tables at {Size} bytes.");
        }

        // The engines this process's calibration chose: measured under load, it can differ between processes.
        var plan = CrcCalibration.PlanFor(_model);
        Console.WriteLine($"// Auto plan for {Model}: {plan.Tiny}, {plan.Small}, {plan.Medium}, {plan.Large}");
    }

    [Benchmark]
    public ulong OneShot() => (ulong)CrcState.Compute(_model, _data);
}
