using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;

namespace PSSocket.Benchmarks.Packets;

/// <summary>
/// Why the hot path stays ours: one generated 1,000,000-packet pcap file (the `peers pcap` mix of
/// Ethernet/IPv4/IPv6/VLAN TCP, UDP and ICMP) read three ways in one run: our struct decode, our
/// packet objects, and PacketDotNet's ParsePacket + Extract of the IP and transport layers, each
/// reading the same fields (ports, TTL). Per operation = per file; packets/s = 1,000,000 / mean.
/// PacketDotNet needs a byte[] of its own per frame, so that copy is part of its cost, as it is for
/// any caller that reads frames from a file or ring buffer. Run with
/// `flock /tmp/pssocket-cpu.lock dotnet run -c Release --project tests/PSSocket.Benchmarks -- --filter '*PacketDotNetBenchmarks*' --inProcess`:
/// on a loaded 2-core machine BenchmarkDotNet's out-of-process build can pass its 120 s timeout.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class PacketDotNetBenchmarks
{
    private const int Count = 1_000_000;
    private string _directory = string.Empty;
    private string _file = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("pssocket-pdn-bench-").FullName;
        _file = Path.Combine(_directory, "bench.pcap");
        PcapPeerSuite.Generate(_file, Count, 64);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public long OurStructDecode()
    {
        using var reader = CaptureFileReader.Open(_file);
        long check = 0;
        while (reader.MoveNext())
        {
            FrameDecoder.Decode(reader.CurrentData, reader.CurrentLinkType, reader.CurrentOriginalLength, out var s);
            check += s.Ttl + (s.TransportDecoded ? s.SourcePort + s.DestinationPort : 0);
        }

        return check;
    }

    [Benchmark]
    public long OurPacketObjects()
    {
        using var reader = new PacketFileReader(CaptureFileReader.Open(_file));
        long check = 0;
        while (reader.Next() is { } p)
        {
            check += p.Summary.Ttl + (p.SourcePort ?? 0) + (p.DestinationPort ?? 0);
        }

        return check;
    }

    [Benchmark]
    public long PacketDotNetParseAndExtract()
    {
        using var reader = CaptureFileReader.Open(_file);
        long check = 0;
        while (reader.MoveNext())
        {
            var packet = PacketDotNet.Packet.ParsePacket((PacketDotNet.LinkLayers)reader.CurrentLinkType, reader.CurrentData.ToArray());
            if (packet.Extract<PacketDotNet.IPPacket>() is { } ip)
            {
                check += ip.TimeToLive;
                if (ip.Extract<PacketDotNet.TransportPacket>() is { } transport)
                {
                    check += transport.SourcePort + transport.DestinationPort;
                }
            }
        }

        return check;
    }
}
