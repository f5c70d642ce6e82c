using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// A capture that writes its file itself (Receive-RawPacket -Path without -PassThru) makes no packet
/// objects; its file must be the one the packet path makes when each packet is written as the cmdlet
/// writes it. Both capture the same traffic at once, and tshark reads both files. And the recvmmsg
/// path, taking many packets a call, accounts for every packet: captured or dropped.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class CaptureToFileTests : IDisposable
{
    private const int Snap = 300;
    private const int Sent = 300;
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-capture-file-").FullName;

    public static TheoryData<CaptureMethod, string, CaptureFormat> Cases => new()
    {
        { CaptureMethod.Ring, "lo", CaptureFormat.PcapNg },
        { CaptureMethod.Receive, "lo", CaptureFormat.Pcap },
        { CaptureMethod.Ring, "any", CaptureFormat.PcapNg },
        { CaptureMethod.Receive, "any", CaptureFormat.PcapNg },
    };

    [PeerTheory("tshark", NeedsRoot = true)]
    [MemberData(nameof(Cases))]
    public void The_file_written_without_packets_holds_the_frames_the_packets_would_write(CaptureMethod method, string device, CaptureFormat format)
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        var options = new CaptureOptions { Interface = device, Method = method, SnapLength = Snap, Selection = new PacketFilter([PacketProtocol.Udp], [port], null) };
        string direct = Path.Combine(_dir, "direct." + format), viaPackets = Path.Combine(_dir, "packets." + format);
        using var capture = LinuxPacketCapture.Open(options);
        var writer = CaptureFileWriter.Create(direct, format, capture.LinkType, append: false);
        capture.WriteTo(writer);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var yielded = Task.Run(async () =>
        {
            int n = 0;
            await foreach (var _ in capture.ReadAllAsync(stop.Token))
            {
                n++;
            }

            return n;
        });
        using var packets = new CaptureHarness(options);
        var before = DateTimeOffset.UtcNow;
        int[] sizes = [.. Enumerable.Range(0, Sent).Select(i => i * 7 % 700)]; // above and below the snap length
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            for (int i = 0; i < Sent; i++)
            {
                byte[] payload = [.. Enumerable.Range(0, sizes[i]).Select(b => (byte)(b + i))];
                sender.SendTo(payload, new IPEndPoint(IPAddress.Loopback, port));
            }
        }

        var list = packets.Collect(Sent);
        var until = DateTime.UtcNow.AddSeconds(10);
        while (capture.Captured < Sent && DateTime.UtcNow < until)
        {
            Thread.Sleep(10);
        }

        stop.Cancel();
        Assert.True(yielded.Wait(TimeSpan.FromSeconds(10)), "the file capture did not stop");
        writer.Complete();
        var after = DateTimeOffset.UtcNow;
        using (var second = CaptureFileWriter.Create(viaPackets, format, capture.LinkType, append: false))
        {
            foreach (var p in list)
            {
                second.Write(p.Data, p.TimestampNanoseconds, p.Length, p.LinkType, p.Interface, null); // as Receive-RawPacket -PassThru writes
            }

            second.Complete();
        }

        Assert.Equal(0, yielded.Result); // the stream carries no packets: the file has them
        Assert.Equal(Sent, capture.Statistics.Captured);
        Assert.Equal(0, capture.Statistics.KernelDropped);
        Assert.Equal(Sent, writer.PacketsWritten);
        Assert.Equal(Sent, list.Count);

        // tshark, not our reader, says what the files hold.
        var frames = Tshark.Frames(direct);
        Assert.Equal(Sent, frames.Count);
        Assert.Equal(Tshark.Frames(viaPackets).Select(Convert.ToHexString), frames.Select(Convert.ToHexString));
        string[] columns = ["frame.len", "frame.cap_len", "udp.dstport", "frame.time_epoch"];
        var rows = Tshark.Fields(direct, columns);
        var rowsViaPackets = Tshark.Fields(viaPackets, columns);
        int link = device == "any" ? 20 : 14; // SLL2 or Ethernet
        for (int i = 0; i < Sent; i++)
        {
            int length = link + 20 + 8 + sizes[i];
            Assert.Equal([length.ToString(CultureInfo.InvariantCulture), Math.Min(length, Snap).ToString(CultureInfo.InvariantCulture), port.ToString(CultureInfo.InvariantCulture)], rows[i][..3]);
            Assert.Equal(rowsViaPackets[i][..3], rows[i][..3]);
            if (sizes[i] >= 2)
            {
                Assert.Equal((byte)(i + 1), frames[i][link + 28 + 1]); // the payload's second byte names the datagram: the sending order
            }

            var stamp = DateTimeOffset.UnixEpoch.AddTicks((long)(decimal.Parse(rows[i][3], CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond));
            Assert.InRange(stamp, before.AddMilliseconds(-1), after);
        }

        if (format == CaptureFormat.PcapNg)
        {
            Assert.All(Tshark.Fields(direct, "frame.interface_name"), r => Assert.Equal("lo", r[0])); // on any too: each packet names the interface it came by
        }
    }

    /// <summary>
    /// The reader writes the file, so a write that fails there (a full disk: /dev/full) must end the
    /// stream with the writer's error, not kill the reader thread or pass silently.
    /// </summary>
    [RootFact]
    public async Task A_file_the_reader_cannot_write_ends_the_stream_with_CaptureFileNotWritable()
    {
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Selection = new PacketFilter([PacketProtocol.Udp], [port], null) });
        using var writer = CaptureFileWriter.Create("/dev/full", CaptureFormat.Pcap, capture.LinkType, append: false);
        capture.WriteTo(writer);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var reading = CaptureHarness.ReadToEndAsync(capture, stop.Token);
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            sender.SendTo(new byte[100], new IPEndPoint(IPAddress.Loopback, port));
        }

        var fault = await Assert.ThrowsAsync<PSSocketException>(() => reading);
        Assert.Equal("CaptureFileNotWritable", fault.ErrorId);
        Assert.False(stop.IsCancellationRequested); // it ended by the fault, not by the time limit
    }

    /// <summary>
    /// A burst larger than a small socket buffer, sent before anyone reads: recvmmsg then takes the
    /// first packets in batches, and the kernel counts the rest as dropped. Every datagram is one or
    /// the other, and the captured ones are the burst's beginning, in order, none twice.
    /// </summary>
    [RootFact]
    public async Task The_recvmmsg_path_counts_every_packet_as_captured_or_dropped()
    {
        const int Burst = 20_000;
        using var receiver = LinuxCaptureTests.UdpOn(IPAddress.Loopback);
        int port = LinuxCaptureTests.Port(receiver);
        using var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = CaptureMethod.Receive, BufferSize = 256 * 1024, Selection = new PacketFilter([PacketProtocol.Udp], [port], [IPAddress.Loopback]) });
        NumberedDatagrams.Send(new IPEndPoint(IPAddress.Loopback, port), Burst, 22);

        var sequence = new List<int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var reading = Task.Run(async () =>
        {
            await foreach (var p in capture.ReadAllAsync(stop.Token))
            {
                sequence.Add(BinaryPrimitives.ReadInt32BigEndian(p.Payload));
            }
        });
        var quiet = DateTime.UtcNow.AddSeconds(30);
        while (capture.Captured + capture.KernelDropped < Burst && DateTime.UtcNow < quiet)
        {
            await Task.Delay(50); // the drops show once the reader has drained the buffer and waited (about a second)
        }

        await stop.CancelAsync();
        await reading;
        var stats = capture.Statistics;
        Assert.InRange(stats.KernelDropped, 1, Burst - 1); // 256 KiB cannot hold the burst
        Assert.Equal(Burst, stats.Captured + stats.KernelDropped);
        Assert.Equal(Burst, stats.KernelReceived); // PACKET_STATISTICS counts the dropped as received too
        Assert.Equal(Enumerable.Range(0, (int)stats.Captured), sequence);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
