using System.Buffers.Binary;
using System.Net;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// What PacketCaptureBase promises every backend (numbering, counters, the batches' handover, the
/// queue's bound of bytes, the stop conditions, Dispose, the file path, faults), checked with a
/// backend whose frames and waits the test scripts (ScriptedCapture), so each promise is checked
/// exactly and without a kernel. Written for the survivors of the Capture base mutation run
/// (tests/stryker/Capture-base-survivors.md).
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class CaptureBaseMutationTests : IDisposable
{
    /// <summary>A frame of 912 bytes counts 912 + 112 = 1024 bytes against the queue.</summary>
    private const int KibFrame = 1024 - PacketCaptureBase.QueuedPacketOverhead;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-capture-base-").FullName;

    /// <summary>Without options a capture is tcpdump's: every interface ("any", as tcpdump -i any), 262,144-byte snap length, no count or time limit.</summary>
    [Fact]
    public void The_default_options_capture_everything_on_any_interface_as_tcpdump_does()
    {
        var options = new CaptureOptions();
        Assert.Equal("any", options.Interface);
        Assert.Equal(262144, options.SnapLength);
        Assert.False(options.Promiscuous);
        Assert.Equal(CaptureMethod.Ring, options.Method);
        Assert.Null(options.Selection);
        Assert.Null(options.Expression);
        Assert.Equal(long.MaxValue, options.MaxPackets);
        Assert.Null(options.Duration);
        Assert.Null(options.NetworkNamespace);
    }

    [Fact]
    public void Packets_are_numbered_from_one_and_carry_their_cut_frame_and_their_length_on_the_wire()
    {
        byte[][] frames = [Udp(5000, 10), Udp(5001, 300), Udp(5002, 1)];
        const int Snap = 60;
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            for (int i = 0; i < frames.Length; i++)
            {
                c.Give(frames[i][..Math.Min(Snap, frames[i].Length)], frames[i].Length, 1_700_000_000_000_000_000 + i);
            }

            c.Hand();
        });

        var packets = Drain(capture);
        Assert.Equal([1L, 2L, 3L], packets.Select(p => p.Number));
        for (int i = 0; i < frames.Length; i++)
        {
            Assert.Equal(frames[i][..Math.Min(Snap, frames[i].Length)], packets[i].Data);
            Assert.Equal(frames[i].Length, packets[i].Length);
            Assert.Equal(1_700_000_000_000_000_000 + i, packets[i].TimestampNanoseconds);
            Assert.Equal(ScriptedCapture.DeviceName, packets[i].Interface);
            Assert.Equal(LinkType.Ethernet, packets[i].LinkType);
            Assert.Equal(KernelChecksum.NotReady, packets[i].KernelChecksum);
        }

        Assert.Equal(3, capture.Captured);
        Assert.Equal(frames.Sum(f => (long)f.Length), capture.Bytes); // on the wire, not as cut: 52 + 342 + 43
        Assert.Equal(3, capture.Statistics.Captured);
        Assert.Equal(ScriptedCapture.DeviceName, capture.Statistics.Interface);
    }

    [Fact]
    public void Kernel_counters_read_since_the_last_read_add_up_and_counters_read_whole_replace()
    {
        using (var adding = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Add(5, 1);
            c.Add(6, 2);
        }) { FinalCounts = (4, 3) })
        {
            Assert.Empty(Drain(adding));
            Assert.Equal(15, adding.Statistics.KernelReceived); // 5 + 6 + the final read's 4
            Assert.Equal(6, adding.Statistics.KernelDropped);
            Assert.Equal(6, adding.KernelDropped);
        }

        using var replacing = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Set(7, 3);
            c.Set(9, 4);
        });
        Assert.Empty(Drain(replacing));
        Assert.Equal(9, replacing.Statistics.KernelReceived);
        Assert.Equal(4, replacing.Statistics.KernelDropped);
    }

    [Fact]
    public void The_clock_runs_while_the_reader_reads_and_stops_when_it_ends()
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), _ => Thread.Sleep(150));
        Assert.Empty(Drain(capture));
        var elapsed = capture.Statistics.Elapsed;
        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(150), Bound);
        Thread.Sleep(100);
        Assert.Equal(elapsed, capture.Statistics.Elapsed); // final once the stream has ended
    }

    /// <summary>
    /// The reader keeps what it delivered until it flushes, except that a batch of 1,024 packets, or
    /// one that holds an eighth of the queue's bytes (128 KiB of the 1 MiB queue), goes at once.
    /// Tiny frames (14 bytes, 126 with the overhead: 1,024 of them are under 128 KiB) meet the first
    /// rule; 1 KiB ones (128 of them make 128 KiB) the second.
    /// </summary>
    [Theory]
    [InlineData(14, 1023, 0)]
    [InlineData(14, 1024, 1024)]
    [InlineData(14, 1025, 1024)]
    [InlineData(KibFrame, 127, 0)]
    [InlineData(KibFrame, 128, 128)]
    [InlineData(KibFrame, 129, 128)]
    public async Task A_batch_goes_to_the_consumer_at_a_flush_at_1024_packets_or_at_an_eighth_of_the_queue(int frameLength, int delivered, int handedOver)
    {
        using var capture = new ScriptedCapture(new CaptureOptions { BufferSize = 1 << 20 }, c =>
        {
            for (int i = 0; i < delivered; i++)
            {
                c.Give(Numbered(frameLength, i));
            }

            c.Checkpoint.Set();
            c.Idle();
        });

        await using var packets = capture.ReadAllAsync().GetAsyncEnumerator();
        var next = packets.MoveNextAsync().AsTask(); // starts the capture
        Assert.True(capture.Checkpoint.Wait(Bound));
        for (int i = 0; i < handedOver; i++)
        {
            Assert.True(await next.WaitAsync(Bound));
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(packets.Current.Data));
            next = packets.MoveNextAsync().AsTask();
        }

        await Task.Delay(300);
        Assert.False(next.IsCompleted, "a packet reached the consumer before the reader flushed");

        capture.Stop(); // the reader's last flush hands over the rest
        int rest = 0;
        while (await next.WaitAsync(Bound))
        {
            Assert.Equal(handedOver + rest++, BinaryPrimitives.ReadInt32BigEndian(packets.Current.Data));
            next = packets.MoveNextAsync().AsTask();
        }

        Assert.Equal(delivered - handedOver, rest);
    }

    [Fact]
    public void Flushes_with_nothing_delivered_hand_over_nothing_and_what_was_not_flushed_arrives_at_the_end()
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Hand();
            c.Hand();
            c.Give(Numbered(60, 0));
            c.Hand();
            c.Hand();
            c.Give(Numbered(60, 1));
            c.Give(Numbered(60, 2)); // never flushed by the script
        });

        var packets = Drain(capture);
        Assert.All(packets, Assert.NotNull);
        Assert.Equal([0, 1, 2], packets.Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Data)));
        Assert.Equal([1L, 2L, 3L], packets.Select(p => p.Number));
    }

    /// <summary>
    /// With nobody reading, the reader queues as many whole packets as the limit of bytes holds (the
    /// buffer size, but at least 1 MiB), each counted as its frame plus the overhead, numbers one more
    /// (the packet waiting for room) and waits; once the consumer reads, the rest follows in order.
    /// Packets of 1,024 bytes fill the limit exactly at a batch's end; packets of 1,000 bytes reach it
    /// in the middle of a batch, with 124 packets still with the reader.
    /// </summary>
    [Theory]
    [InlineData(64 << 10, 1 << 20, 1024)]
    [InlineData(2 << 20, 2 << 20, 1024)]
    [InlineData(1 << 20, 1 << 20, 1000)]
    public void The_queue_holds_its_limit_of_bytes_while_nobody_reads_and_then_everything_follows_in_order(int bufferSize, int limit, int cost)
    {
        int total = 3 * limit / cost;
        using var capture = new ScriptedCapture(new CaptureOptions { BufferSize = bufferSize }, c =>
        {
            for (int i = 0; i < total; i++)
            {
                c.Give(Numbered(cost - PacketCaptureBase.QueuedPacketOverhead, i));
            }
        });
        capture.Start();
        long waiting = (limit / cost) + 1, held = limit / cost * cost;
        var until = DateTime.UtcNow + Bound;
        while (capture.Captured < waiting && DateTime.UtcNow < until)
        {
            Thread.Sleep(10);
        }

        Thread.Sleep(300); // a reader that does not stop at the bound goes on meanwhile
        Assert.Equal(waiting, capture.Captured);
        Assert.Equal(held, capture.QueuedPeak);

        var packets = Drain(capture);
        Assert.Equal(Enumerable.Range(0, total), packets.Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Data)));
        Assert.Equal(Enumerable.Range(1, total).Select(n => (long)n), packets.Select(p => p.Number));
        Assert.InRange(capture.QueuedPeak, held, limit); // the consumer's reading let the reader on without passing the bound
    }

    /// <summary>A packet bigger than the whole queue still goes when the queue is empty, and the next waits until it is read.</summary>
    [Fact]
    public void A_packet_larger_than_the_whole_queue_passes_an_empty_queue()
    {
        const int Huge = (1 << 20) + 1;
        using var capture = new ScriptedCapture(new CaptureOptions { BufferSize = 1 << 20 }, c =>
        {
            c.Give(Numbered(Huge, 0));
            c.Give(Numbered(Huge, 1));
        });

        var packets = Drain(capture);
        Assert.Equal([0, 1], packets.Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Data)));
        Assert.All(packets, p => Assert.Equal(Huge, p.CapturedLength));
    }

    [Fact]
    public async Task Disposing_a_capture_whose_reader_waits_for_room_ends_it_without_a_consumer()
    {
        using var capture = new ScriptedCapture(new CaptureOptions { BufferSize = 1 << 20 }, c =>
        {
            for (int i = 0; !c.IsDone; i++)
            {
                c.Give(Numbered(KibFrame, i));
            }
        });
        capture.Start();
        var until = DateTime.UtcNow + Bound;
        while (capture.Captured <= 1024 && DateTime.UtcNow < until)
        {
            Thread.Sleep(10);
        }

        Assert.True(await Ends(Task.Run(capture.Dispose)), "Dispose waited for a reader that waits for room");
        Assert.Equal(1, capture.Releases);
        Assert.Equal(1025, capture.Captured);
    }

    [Fact]
    public async Task Dispose_stops_the_reader_waits_for_it_then_releases_the_handles_once()
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Checkpoint.Set();
            c.Idle(); // woken only by Stop's Wake
            Thread.Sleep(200); // a reader that leaves its handles slowly
        });
        capture.Start();
        Assert.True(capture.Checkpoint.Wait(Bound));

        Assert.True(await Ends(Task.Run(capture.Dispose)), "Dispose did not stop the reader");
        Assert.Equal(1, capture.Releases);
        Assert.True(capture.ReleasedAfterTheReaderFinished, "the handles were released under a running reader");
        capture.Dispose();
        capture.Stop(); // a cancellation that comes after Dispose
        Assert.Equal(1, capture.Releases);
    }

    [Fact]
    public void Dispose_on_the_readers_own_thread_does_not_wait_for_itself_and_drops_what_waits()
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Give(Numbered(60, 0));
            c.Hand(); // queued
            c.Give(Numbered(60, 1)); // still with the reader
            c.Dispose();
        });

        Assert.Empty(Drain(capture)); // nothing reaches the consumer once the capture is disposed
        Assert.Equal(1, capture.Releases);
    }

    [Fact]
    public void Reading_starts_the_capture_once_on_a_thread_named_for_the_interface()
    {
        using (var started = new ScriptedCapture(new CaptureOptions(), c => c.Give(Numbered(60, 0))))
        {
            started.Start();
            started.Start();
            Assert.Single(Drain(started));
            Assert.Equal(1, started.Reads);
            Assert.Equal("PSSocket capture " + ScriptedCapture.DeviceName, started.ReaderThreadName);
            Assert.True(started.ReaderIsBackground);
        }

        using var notStarted = new ScriptedCapture(new CaptureOptions(), c => c.Give(Numbered(60, 0)));
        Assert.Single(Drain(notStarted)); // the consumer starts it
        Assert.Equal(1, notStarted.Reads);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_count_ends_the_reader_after_exactly_that_many_packets(int count)
    {
        using var capture = new ScriptedCapture(new CaptureOptions { MaxPackets = count }, c =>
        {
            for (int i = 0; !c.IsDone; i++)
            {
                c.Give(Numbered(60, i));
                c.Hand();
            }
        });

        Assert.Equal(Enumerable.Range(0, count), Drain(capture).Select(p => BinaryPrimitives.ReadInt32BigEndian(p.Data)));
        Assert.Equal(count, capture.Statistics.Captured);
    }

    [Fact]
    public void A_reader_may_wait_until_the_duration_ends_and_at_most_a_second()
    {
        // Before Start the clock reads zero, so the whole Duration is left; the wait reaches past its end.
        using (var fresh = new ScriptedCapture(new CaptureOptions { Duration = TimeSpan.FromMilliseconds(300) }, _ => { }))
        {
            Assert.InRange(fresh.WaitMs, 300, 301);
        }

        using (var zero = new ScriptedCapture(new CaptureOptions { Duration = TimeSpan.Zero }, _ => { }))
        {
            Assert.InRange(zero.WaitMs, 0, 1);
        }

        using (var longer = new ScriptedCapture(new CaptureOptions { Duration = TimeSpan.FromSeconds(5) }, _ => { }))
        {
            Assert.Equal(1000, longer.WaitMs);
        }

        using var none = new ScriptedCapture(new CaptureOptions(), _ => { });
        Assert.Equal(1000, none.WaitMs);
    }

    [Fact]
    public void A_duration_ends_a_quiet_reader_by_itself_and_then_leaves_no_wait()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var capture = new ScriptedCapture(new CaptureOptions { Duration = TimeSpan.FromMilliseconds(300) }, c => c.Idle());
        Assert.Empty(Drain(capture));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(300), Bound);
        Assert.InRange(capture.Statistics.Elapsed, TimeSpan.FromMilliseconds(300), Bound);
        Assert.True(capture.IsDone);
        Assert.Equal(0, capture.WaitMs);
    }

    /// <summary>With the clock stopped at E, a Duration of 900 ms leaves 900 - E: the wait covers that (and at most a millisecond more).</summary>
    [Fact]
    public void The_wait_counts_down_what_is_left_of_the_duration()
    {
        using var capture = new ScriptedCapture(new CaptureOptions { Duration = TimeSpan.FromMilliseconds(900) }, _ => Thread.Sleep(100));
        Assert.Empty(Drain(capture));
        var left = TimeSpan.FromMilliseconds(900) - capture.Clock;
        int expected = Math.Max(0, (int)left.TotalMilliseconds);
        Assert.InRange(capture.WaitMs, expected, expected + 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_the_token_of_ReadAllAsync_or_of_WithCancellation_wakes_and_stops_the_reader(bool withCancellation)
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Checkpoint.Set();
            c.Idle(); // woken only by Stop's Wake
        });
        using var cancel = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            int n = 0;
            if (withCancellation)
            {
                await foreach (var _ in capture.ReadAllAsync().WithCancellation(cancel.Token))
                {
                    n++;
                }
            }
            else
            {
                await foreach (var _ in capture.ReadAllAsync(cancel.Token))
                {
                    n++;
                }
            }

            return n;
        });
        Assert.True(capture.Checkpoint.Wait(Bound));
        cancel.Cancel();
        Assert.True(await Ends(reading), "cancelling did not end the stream");
        Assert.Equal(0, await reading); // ended quietly
    }

    /// <summary>
    /// Once the stream has ended, its tokens no longer reach the capture: the caller may go on using a
    /// token long after, and its cancellation must not stop or wake a capture that is over (nor keep it
    /// reachable). The packets come in two batches, so the stream took the next batch twice.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_cancelled_after_the_stream_ended_no_longer_reaches_the_capture(bool withCancellation)
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Give(Numbered(60, 0));
            c.Hand();
            c.Checkpoint.Wait(Bound); // the consumer has taken the first batch
            c.Give(Numbered(60, 1));
        });
        using var cancel = new CancellationTokenSource();
        int n = 0;
        var stream = withCancellation ? capture.ReadAllAsync().WithCancellation(cancel.Token).GetAsyncEnumerator() : capture.ReadAllAsync(cancel.Token).WithCancellation(default).GetAsyncEnumerator();
        try
        {
            while (await stream.MoveNextAsync())
            {
                n++;
                capture.Checkpoint.Set();
            }
        }
        finally
        {
            await stream.DisposeAsync();
        }

        Assert.Equal(2, n);
        capture.Dispose();
        int wakes = capture.Wakes;
        await cancel.CancelAsync();
        Assert.Equal(wakes, capture.Wakes);
    }

    [Fact]
    public void A_selection_is_checked_on_each_frame_and_keeps_one_cut_before_its_ports_the_kernel_checked()
    {
        byte[] cut = Udp(5000, 30)[..36]; // Ethernet and IPv4, then 2 bytes of the UDP header
        byte[][] frames = [Udp(5000, 10), Udp(6000, 10), Tcp(5000), cut];
        Action<ScriptedCapture> script = c =>
        {
            for (int i = 0; i < frames.Length; i++)
            {
                c.Give(frames[i], i == 3 ? 14 + 20 + 8 + 30 : null, i);
            }
        };

        using var selecting = new ScriptedCapture(new CaptureOptions { Selection = new PacketFilter([PacketProtocol.Udp], [5000], null) }, script);
        var kept = Drain(selecting);
        Assert.Equal([0L, 3L], kept.Select(p => p.TimestampNanoseconds));
        Assert.Equal([1L, 2L], kept.Select(p => p.Number));

        using var all = new ScriptedCapture(new CaptureOptions { Selection = new PacketFilter(null, null, null) }, script);
        Assert.Equal([0L, 1L, 2L, 3L], Drain(all).Select(p => p.TimestampNanoseconds));
    }

    [Fact]
    public void WriteTo_is_refused_without_a_writer_and_once_the_capture_has_started()
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), c => c.Idle());
        Assert.Throws<ArgumentNullException>(() => capture.WriteTo(null!));
        capture.Start();
        using var writer = CaptureFileWriter.Create(Path.Combine(_dir, "late.pcap"), CaptureFormat.Pcap, LinkType.Ethernet, append: false);
        Assert.Throws<InvalidOperationException>(() => capture.WriteTo(writer));
    }

    /// <summary>
    /// With a file, the reader writes each packet there and the stream yields none; the reader's first
    /// flush pushes what it wrote to the file, so another reader sees it while the capture runs. The
    /// file is read here by the pcap format (libpcap's: a 24-byte header, then per record a 16-byte
    /// header of seconds, microseconds, captured and original length, little-endian as written here).
    /// </summary>
    [Fact]
    public async Task With_a_file_the_reader_writes_every_packet_there_and_the_stream_yields_none()
    {
        string path = Path.Combine(_dir, "direct.pcap");
        byte[][] frames = [Udp(5000, 10), Udp(5001, 200), Udp(5002, 3)];
        const int Snap = 100;
        long[] stamps = [1_700_000_000_000_001_000, 1_700_000_001_000_002_000, 1_700_000_002_500_000_000];
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            for (int i = 0; i < frames.Length; i++)
            {
                c.Give(frames[i][..Math.Min(Snap, frames[i].Length)], frames[i].Length, stamps[i]);
            }

            c.Hand();
            c.Checkpoint.Set();
            c.Idle();
        });
        using var writer = CaptureFileWriter.Create(path, CaptureFormat.Pcap, LinkType.Ethernet, append: false);
        capture.WriteTo(writer);
        var reading = Task.Run(() => Drain(capture));
        Assert.True(capture.Checkpoint.Wait(Bound));

        long expectedLength = 24 + frames.Sum(f => 16 + Math.Min(Snap, f.Length));
        Assert.Equal(expectedLength, Bytes(path).Length); // flushed while the capture runs
        capture.Stop();
        Assert.True(await Ends(reading));
        Assert.Empty(await reading);
        writer.Complete();
        Assert.Equal(3, capture.Captured);
        Assert.Equal(frames.Sum(f => (long)f.Length), capture.Bytes);

        byte[] file = Bytes(path);
        Assert.Equal(expectedLength, file.Length);
        int at = 24;
        for (int i = 0; i < frames.Length; i++)
        {
            var record = file.AsSpan(at);
            Assert.Equal((uint)(stamps[i] / 1_000_000_000), BinaryPrimitives.ReadUInt32LittleEndian(record));
            Assert.Equal((uint)(stamps[i] % 1_000_000_000 / 1000), BinaryPrimitives.ReadUInt32LittleEndian(record[4..]));
            int captured = Math.Min(Snap, frames[i].Length);
            Assert.Equal(captured, BinaryPrimitives.ReadInt32LittleEndian(record[8..]));
            Assert.Equal(frames[i].Length, BinaryPrimitives.ReadInt32LittleEndian(record[12..]));
            Assert.Equal(frames[i][..captured], record.Slice(16, captured).ToArray());
            at += 16 + captured;
        }
    }

    /// <summary>A write that fails on the reader (a full disk: /dev/full) ends the stream with the writer's fault, and the reader's last flush leaves the abandoned file alone.</summary>
    [Fact]
    public void A_file_the_reader_cannot_write_ends_the_stream_with_its_fault()
    {
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Give(Udp(5000, 100));
            c.Hand();
        });
        using var writer = CaptureFileWriter.Create("/dev/full", CaptureFormat.Pcap, LinkType.Ethernet, append: false);
        capture.WriteTo(writer);
        var fault = Assert.Throws<AggregateException>(() => Drain(capture)).InnerException;
        Assert.Equal("CaptureFileNotWritable", Assert.IsType<PSSocketException>(fault).ErrorId);
    }

    /// <summary>A backend's fault ends the stream after the packets delivered before it; the stream then stays ended, as a compiler-made iterator does.</summary>
    [Fact]
    public async Task A_readers_fault_comes_after_its_packets_and_the_stream_stays_ended()
    {
        var failure = new PSSocketException("CaptureSetupFailed", FaultCategory.ResourceUnavailable, ScriptedCapture.DeviceName, "the test's reader failed");
        using var capture = new ScriptedCapture(new CaptureOptions(), c =>
        {
            c.Give(Numbered(60, 0));
            c.Give(Numbered(60, 1));
            throw failure;
        });

        await using var packets = capture.ReadAllAsync().GetAsyncEnumerator();
        Assert.True(await packets.MoveNextAsync().AsTask().WaitAsync(Bound));
        Assert.True(await packets.MoveNextAsync().AsTask().WaitAsync(Bound));
        Assert.Equal(2, packets.Current.Number);
        Assert.Same(failure, await Assert.ThrowsAsync<PSSocketException>(() => packets.MoveNextAsync().AsTask().WaitAsync(Bound)));
        Assert.False(await packets.MoveNextAsync().AsTask().WaitAsync(Bound));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Whether <paramref name="task"/> ends within the bound (a hang fails the test instead of stopping the run).</summary>
    private static async Task<bool> Ends(Task task) => await Task.WhenAny(task, Task.Delay(Bound)) == task;

    private static List<Packet> Drain(PacketCaptureBase capture)
    {
        var reading = CaptureHarness.ReadToEndAsync(capture);
        Assert.True(reading.Wait(Bound), "the stream did not end");
        return reading.Result;
    }

    /// <summary>A frame of <paramref name="length"/> bytes that starts with <paramref name="index"/> (big-endian).</summary>
    private static byte[] Numbered(int length, int index)
    {
        byte[] frame = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(frame, index);
        return frame;
    }

    private static byte[] Udp(int port, int payload) => Frame(CraftedTransport.Udp, port, new byte[payload]);

    private static byte[] Tcp(int port) => Frame(CraftedTransport.Tcp, port, [1, 2, 3]);

    private static byte[] Frame(CraftedTransport kind, int port, byte[] payload) => CaptureQueueTests.Ip(kind, port, payload, LinkType.Ethernet);

    /// <summary>The file as another process sees it (the writer still has it open).</summary>
    private static byte[] Bytes(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        file.CopyTo(copy);
        return copy.ToArray();
    }
}
