using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;

namespace PSSocket.Benchmarks.Capture;

/// <summary>
/// Where a capture's time goes, stage by stage, on the drain benchmark's frame (Ethernet, IPv4, UDP,
/// 64 bytes of payload) laid out as a TPACKET_V3 block holds it (160 bytes a frame), without the
/// kernel: the walk over the frames alone; with the -Port check (struct decode and selection); with
/// the frame copied to its own array; with a Packet for it; and the whole way through the reader's
/// queue to a consumer on another thread, without and with a selection. Per operation = per packet.
/// `dotnet run -c Release --project tests/PSSocket.Benchmarks -- --filter *ReaderStage*` (add
/// `--inProcess` on a busy machine: at load 50 the generated project's build overran its 2 minutes).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class ReaderStageBenchmarks
{
    private const int Frames = 200_000;
    private const int Stride = 160;
    private const int FrameOffset = 48;

    private readonly PacketFilter _port = new(null, [54321], null);
    private readonly Packet[] _kept = new Packet[1024];
    private unsafe byte* _ring;

    [GlobalSetup]
    public unsafe void Setup()
    {
        byte[] frame = [.. new byte[12], 0x08, 0x00, .. Convert.FromHexString("4500005c00004000401100007f0000017f000001d431d4310048fe5b"), .. new byte[64]];
        _ring = (byte*)NativeMemory.AllocZeroed((nuint)Frames * Stride);
        for (int i = 0; i < Frames; i++)
        {
            byte* f = _ring + ((long)i * Stride);
            *(uint*)(f + 12) = (uint)frame.Length; // tp_snaplen
            *(uint*)(f + 16) = (uint)frame.Length; // tp_len
            frame.CopyTo(new Span<byte>(f + FrameOffset, frame.Length));
        }
    }

    [GlobalCleanup]
    public unsafe void Cleanup() => NativeMemory.Free(_ring);

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public long RingWalk()
    {
        long sum = 0;
        for (int i = 0; i < Frames; i++)
        {
            sum += Frame(i).Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long WalkAndSelect()
    {
        long matched = 0;
        for (int i = 0; i < Frames; i++)
        {
            var frame = Frame(i);
            FrameDecoder.Decode(frame, LinkType.Ethernet, frame.Length, out var s);
            matched += _port.Matches(frame, s) ? 1 : 0;
        }

        return matched;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long WalkAndCopy()
    {
        long sum = 0;
        for (int i = 0; i < Frames; i++)
        {
            sum += Frame(i).ToArray().Length;
        }

        return sum;
    }

    /// <summary>Each packet kept until 1,024 later ones, as by a consumer that keeps up with the reader.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long WalkCopyAndPacket()
    {
        long sum = 0;
        for (int i = 0; i < Frames; i++)
        {
            var packet = new Packet(i + 1, i, "lo", LinkType.Ethernet, Frame(i).Length, Frame(i).ToArray(), KernelChecksum.NotReady);
            _kept[i & 1023] = packet;
            sum += packet.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long ThroughTheQueue() => Drain(null);

    [Benchmark(OperationsPerInvoke = Frames)]
    public long ThroughTheQueueWithSelection() => Drain(_port);

    private unsafe ReadOnlySpan<byte> Frame(int i)
    {
        byte* f = _ring + ((long)i * Stride);
        return new ReadOnlySpan<byte>(f + FrameOffset, (int)*(uint*)(f + 12));
    }

    private unsafe long Drain(PacketFilter? selection)
    {
        using var capture = new SyntheticRing(_ring, selection);
        return Consume(capture);
    }

    private static long Consume(PacketCaptureBase capture) => Task.Run(async () =>
    {
        long seen = 0;
        await foreach (var _ in capture.ReadAllAsync())
        {
            seen++;
        }

        return seen;
    }).GetAwaiter().GetResult();

    /// <summary>A backend whose ring is the benchmark's: frames delivered and flushed a block (6,553 frames of a 1 MiB block) at a time.</summary>
    private sealed unsafe class SyntheticRing(byte* ring, PacketFilter? selection)
        : PacketCaptureBase(new CaptureOptions { Interface = "synthetic", Selection = selection, MaxPackets = Frames }, new CaptureInterface("synthetic", 1, null, [], null, true, true, 1, LinkType.Ethernet, ["Native"]))
    {
        public override LinkType LinkType => LinkType.Ethernet;

        public override string Description => "synthetic ring";

        protected override void Read()
        {
            const int PerBlock = (1 << 20) / Stride;
            for (int i = 0; i < Frames; i++)
            {
                byte* f = ring + ((long)i * Stride);
                Deliver(new ReadOnlySpan<byte>(f + FrameOffset, (int)*(uint*)(f + 12)), (int)*(uint*)(f + 16), i, "lo", KernelChecksum.NotReady);
                if (i % PerBlock == PerBlock - 1)
                {
                    Flush();
                }
            }
        }

        protected override void Wake()
        {
        }

        protected override void ReadCounters()
        {
        }

        protected override void ReleaseHandles()
        {
        }
    }
}
