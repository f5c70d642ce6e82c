using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PSSocket.Core.Packets;

namespace PSSocket.Benchmarks.Packets;

/// <summary>
/// In-memory decode of 10,000 mixed frames: the struct fast path, packet objects with their flat
/// properties, and packet objects with every layer (checksums verified). Per operation = per 10,000 frames.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class DecodeBenchmarks
{
    private byte[][] _frames = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _frames = new byte[10_000][];
        for (int i = 0; i < _frames.Length; i++)
        {
            bool v6 = i % 10 == 0;
            byte[] payload = new byte[random.Next(0, 200)];
            _frames[i] = PacketBuilder.Build(new PacketTemplate
            {
                Source = v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback,
                Destination = v6 ? IPAddress.IPv6Loopback : IPAddress.Loopback,
                Kind = (CraftedTransport)(i % 3),
                LinkType = LinkType.Ethernet,
                SourcePort = 40000 + (i % 100),
                DestinationPort = 80,
                Timestamps = (1, 2),
                Payload = payload,
            });
        }
    }

    [Benchmark(Baseline = true)]
    public int StructDecode()
    {
        int ports = 0;
        foreach (byte[] frame in _frames)
        {
            FrameDecoder.Decode(frame, LinkType.Ethernet, frame.Length, out var s);
            ports += s.DestinationPort;
        }

        return ports;
    }

    [Benchmark]
    public int PacketObjects()
    {
        int ports = 0;
        foreach (byte[] frame in _frames)
        {
            var p = new Packet(1, 0, null, LinkType.Ethernet, frame.Length, [.. frame], null);
            ports += p.DestinationPort ?? 0;
        }

        return ports;
    }

    [Benchmark]
    public int PacketObjectsWithAllLayers()
    {
        int valid = 0;
        foreach (byte[] frame in _frames)
        {
            var p = new Packet(1, 0, null, LinkType.Ethernet, frame.Length, [.. frame], null);
            valid += p.Problems == PacketProblems.None ? 1 : 0;
        }

        return valid;
    }
}
