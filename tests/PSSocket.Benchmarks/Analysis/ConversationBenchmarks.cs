using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PSSocket.Core.Analysis;
using PSSocket.Core.Packets;

namespace PSSocket.Benchmarks.Analysis;

/// <summary>
/// The conversation tracker over 9,600 packet objects already in memory: 100 connections of
/// handshake, 90 data segments of 512 bytes each way and teardown, interleaved; once in order,
/// once with every fifth data segment swapped with the next and every tenth sent twice.
/// Per operation = per 9,600 packets (10,500 disordered); the pipeline and file reading are not in it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ConversationBenchmarks
{
    private Packet[] _inOrder = [];
    private Packet[] _disordered = [];

    [GlobalSetup]
    public void Setup()
    {
        var connections = Enumerable.Range(0, 100).Select(Connection).ToList();
        _inOrder = Interleave(connections);
        _disordered = Interleave(connections.Select(Disorder).ToList());
    }

    [Benchmark(Baseline = true)]
    public int InOrder() => Track(_inOrder);

    [Benchmark]
    public int Disordered() => Track(_disordered);

    private static int Track(Packet[] packets)
    {
        var tracker = new ConversationTracker();
        var done = new List<PacketConversation>();
        foreach (var p in packets)
        {
            tracker.Add(p, done);
        }

        tracker.Complete(done);
        return done.Count;
    }

    private static List<Packet> Connection(int n)
    {
        var list = new List<Packet>();
        uint c = (uint)(n * 7919), s = (uint)(n * 104729);
        int port = 20000 + n;
        void Add(bool fromClient, TcpFlags flags, uint seq, uint ack, int length = 0) => list.Add(Make(fromClient, port, flags, seq, ack, length));
        Add(true, TcpFlags.Syn, c, 0);
        Add(false, TcpFlags.Syn | TcpFlags.Ack, s, c + 1);
        Add(true, TcpFlags.Ack, c + 1, s + 1);
        for (uint i = 0; i < 45; i++)
        {
            Add(true, TcpFlags.Psh | TcpFlags.Ack, c + 1 + (i * 512), s + 1 + (i * 512), 512);
            Add(false, TcpFlags.Psh | TcpFlags.Ack, s + 1 + (i * 512), c + 1 + ((i + 1) * 512), 512);
        }

        uint cf = c + 1 + (45 * 512), sf = s + 1 + (45 * 512);
        Add(true, TcpFlags.Fin | TcpFlags.Ack, cf, sf);
        Add(false, TcpFlags.Fin | TcpFlags.Ack, sf, cf + 1);
        Add(true, TcpFlags.Ack, cf + 1, sf + 1);
        return list;
    }

    private static List<Packet> Disorder(List<Packet> packets)
    {
        var list = new List<Packet>(packets);
        for (int i = 3; i + 1 < list.Count - 3; i += 5)
        {
            (list[i], list[i + 1]) = (list[i + 1], list[i]);
        }

        for (int i = list.Count - 4; i > 3; i -= 10)
        {
            list.Insert(i, list[i]);
        }

        return list;
    }

    private static Packet[] Interleave(List<List<Packet>> connections)
    {
        var all = new List<Packet>();
        int longest = connections.Max(c => c.Count);
        for (int i = 0; i < longest; i++)
        {
            all.AddRange(connections.Where(c => i < c.Count).Select(c => c[i]));
        }

        return [.. all];
    }

    private static Packet Make(bool fromClient, int port, TcpFlags flags, uint seq, uint ack, int length)
    {
        byte[] frame = PacketBuilder.Build(new PacketTemplate
        {
            Source = fromClient ? IPAddress.Loopback : IPAddress.Parse("127.0.0.2"),
            Destination = fromClient ? IPAddress.Parse("127.0.0.2") : IPAddress.Loopback,
            Kind = CraftedTransport.Tcp,
            LinkType = LinkType.Ethernet,
            SourcePort = fromClient ? port : 80,
            DestinationPort = fromClient ? 80 : port,
            TcpFlags = flags,
            Sequence = seq,
            Acknowledgment = ack,
            Payload = new byte[length],
        });
        return new Packet(1, 0, null, LinkType.Ethernet, frame.Length, frame, null);
    }
}
