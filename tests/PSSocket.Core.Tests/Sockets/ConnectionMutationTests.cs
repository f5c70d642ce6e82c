using System.Net.Sockets;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The edges of one connection that the framing tests pass by (issue #13 item 8): each length limit
/// at and one past the limit, each half of a shutdown, a close under a pending read, the growing and
/// compacting receive buffer of a bulk stream, and a send that cannot finish.
/// </summary>
public class ConnectionMutationTests
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    /// <summary>Waits (bounded) until the kernel holds <paramref name="count"/> unread bytes for <paramref name="connection"/>.</summary>
    private static Task QueuedAsync(SocketConnection connection, int count) =>
        UntilAsync(() => connection.WaitState.Socket.Available >= count, $"{count} bytes queued");

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Short, $"waited {Short.TotalSeconds} s for {what}");
            await Task.Delay(5);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public Task Every_framing_refuses_a_length_below_one(int length) => Paired(async (client, server) =>
    {
        foreach ((string name, Func<Task<byte[]?>> call) in new (string, Func<Task<byte[]?>>)[]
        {
            ("MaxBytes", () => server.ReceiveAvailableAsync(length, Short, default)),
            ("Count", () => server.ReceiveExactAsync(length, Short, default)),
            ("MaxLength", () => server.ReceiveDelimitedAsync(Newline, length, true, Short, default)),
            ("MaxLength", () => server.ReceiveUntilClosedAsync(length, Short, default)),
        })
        {
            var e = await Assert.ThrowsAsync<PSSocketException>(async () => await call());
            Assert.Equal("LengthOutOfRange", e.ErrorId);
            Assert.Equal(FaultCategory.InvalidArgument, e.Category);
            Assert.Equal(length, e.Target);
            Assert.Equal($"{name} must be at least 1 byte.", e.Message); // the parameter the cmdlet user wrote
        }
    });

    [Fact]
    public Task A_length_of_one_is_enough_for_every_framing() => Paired(async (client, server) =>
    {
        await client.SendAsync("abc\nd"u8.ToArray(), Short, default);
        Assert.Equal("a", Text(await server.ReceiveAvailableAsync(1, Short, default)));
        Assert.Equal("b", Text(await server.ReceiveExactAsync(1, Short, default)));
        Assert.Equal("c", Text(await server.ReceiveDelimitedAsync(Newline, 1, true, Short, default)));
        client.Close();
        Assert.Equal("d", Text(await server.ReceiveUntilClosedAsync(1, Short, default)));
    });

    [Fact]
    public Task A_delimiter_must_exist_and_have_a_byte() => Paired(async (client, server) =>
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await server.ReceiveDelimitedAsync(null!, 10, true, Short, default));
        var e = await Assert.ThrowsAsync<PSSocketException>(async () => await server.ReceiveDelimitedAsync([], 10, true, Short, default));
        Assert.Equal("EmptyDelimiter", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidArgument, e.Category);
    });

    [Fact]
    public Task Available_hands_out_at_most_max_bytes_and_the_rest_without_waiting() => Paired(async (client, server) =>
    {
        await client.SendAsync("0123456789"u8.ToArray(), Short, default);
        await QueuedAsync(server, 10);
        Assert.Equal("0123", Text(await server.ReceiveAvailableAsync(4, Short, default)));
        Assert.Equal(6, server.Buffered);
        // The client stays open: the rest must come from the buffer, not from a wait for more.
        Assert.Equal("456789", Text(await server.ReceiveAvailableAsync(100, Short, default)));
        Assert.Equal(0, server.Buffered);
    });

    [Fact]
    public Task Exactly_the_buffered_count_comes_back_without_waiting_for_more() => Paired(async (client, server) =>
    {
        await client.SendAsync("abcdefgh"u8.ToArray(), Short, default);
        await QueuedAsync(server, 8);
        Assert.Equal("ab", Text(await server.ReceiveExactAsync(2, Short, default)));
        Assert.Equal("cdefgh", Text(await server.ReceiveExactAsync(6, Short, default)));
    });

    [Fact]
    public Task Bytes_kept_in_the_buffer_stay_in_order_when_more_arrive() => Paired(async (client, server) =>
    {
        await client.SendAsync("abcdef"u8.ToArray(), Short, default);
        await QueuedAsync(server, 6);
        Assert.Equal("ab", Text(await server.ReceiveExactAsync(2, Short, default)));
        Task<byte[]?> longer = server.ReceiveExactAsync(8, Short, default);
        await client.SendAsync("ghij"u8.ToArray(), Short, default);
        Assert.Equal("cdefghij", Text(await longer));
    });

    [Fact]
    public Task Empty_lines_are_empty_messages_and_a_carriage_return_goes_only_when_asked() => Paired(async (client, server) =>
    {
        byte[] bar = "|"u8.ToArray();
        await client.SendAsync("\n\r\nx\r|y\r|z\r"u8.ToArray(), Short, default);
        await QueuedAsync(server, 11);
        Assert.Equal(Array.Empty<byte>(), await server.ReceiveDelimitedAsync(Newline, 10, true, Short, default));
        Assert.Equal(Array.Empty<byte>(), await server.ReceiveDelimitedAsync(Newline, 10, true, Short, default));
        Assert.Equal("x\r", Text(await server.ReceiveDelimitedAsync(bar, 10, false, Short, default)));
        Assert.Equal("y", Text(await server.ReceiveDelimitedAsync(bar, 10, true, Short, default)));
        client.Close();
        // The last piece, cut by the end of stream, is trimmed too.
        Assert.Equal("z", Text(await server.ReceiveDelimitedAsync(bar, 10, true, Short, default)));
        Assert.Null(await server.ReceiveDelimitedAsync(bar, 10, true, Short, default));
    });

    [Fact]
    public Task A_line_of_exactly_max_length_is_accepted_even_while_it_waits_for_its_delimiter() => Paired(async (client, server) =>
    {
        Task<byte[]?> line = server.ReceiveDelimitedAsync(Newline, 5, true, Short, default);
        await client.SendAsync("abcde"u8.ToArray(), Short, default);
        await UntilAsync(() => server.BytesReceived == 5, "the first 5 bytes read");
        Assert.False(line.IsCompleted);
        await client.SendAsync("\nfghij\nklmnop\n"u8.ToArray(), Short, default);
        Assert.Equal("abcde", Text(await line));
        Assert.Equal("fghij", Text(await server.ReceiveDelimitedAsync(Newline, 5, true, Short, default)));
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveDelimitedAsync(Newline, 5, true, Short, default));
        Assert.Equal("MessageTooLong", e.ErrorId);
        Assert.Equal(server.Target, e.Target);
    });

    [Fact]
    public Task A_line_past_max_length_is_refused_as_soon_as_it_is_too_long() => Bounded(async () =>
    {
        using var listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        using (client)
        using (server)
        {
            // No delimiter and the client stays open: only the length can end this read before its timeout.
            await client.SendAsync("abcdef"u8.ToArray(), Short, default);
            var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveDelimitedAsync(Newline, 5, true, TimeSpan.FromSeconds(30), default));
            Assert.Equal("MessageTooLong", e.ErrorId);
            Assert.Equal(FaultCategory.InvalidData, e.Category);
            Assert.Equal("abcdef", Text(await server.ReceiveExactAsync(6, Short, default)));
        }
    }, seconds: 20);

    [Fact]
    public Task Until_closed_takes_exactly_max_length_and_refuses_one_byte_more() => Bounded(async () =>
    {
        using var listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        using (server)
        {
            await client.SendAsync("0123456789"u8.ToArray(), Short, default);
            client.Close();
            Assert.Equal("0123456789", Text(await server.ReceiveUntilClosedAsync(10, Short, default)));
        }

        (client, server) = await PairAsync(listener);
        using (server)
        {
            await client.SendAsync("0123456789A"u8.ToArray(), Short, default);
            client.Close();
            var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveUntilClosedAsync(10, Short, default));
            Assert.Equal("MessageTooLong", e.ErrorId);
            Assert.Equal(11, (await server.ReceiveExactAsync(11, Short, default))!.Length);
        }
    });

    [Fact]
    public Task Until_closed_on_a_stream_that_ends_without_a_byte_is_null_not_empty() => Paired(async (client, server) =>
    {
        client.Close();
        Assert.Null(await server.ReceiveUntilClosedAsync(10, Short, default));
        Assert.True(server.WaitState.Ended);
        Assert.False(server.WaitState.Closed);
        Assert.Equal(ConnectionState.Closed, server.State);
    });

    [Fact]
    public Task A_count_asked_of_a_stream_that_ended_without_a_byte_is_null_not_a_short_read() => Paired(async (client, server) =>
    {
        client.Close();
        Assert.Null(await server.ReceiveExactAsync(4, Short, default));
    });

    [Fact]
    public Task A_delimiter_search_never_looks_past_the_bytes_received() => Paired(async (client, server) =>
    {
        // "0123\n" is read and consumed; its bytes stay in the buffer's memory behind the next ones.
        await client.SendAsync("0123\n"u8.ToArray(), Short, default);
        Assert.Equal("0123", Text(await server.ReceiveDelimitedAsync(Newline, 100, true, Short, default)));
        Task<byte[]?> line = server.ReceiveDelimitedAsync(Newline, 100, true, Short, default);
        await client.SendAsync("ab"u8.ToArray(), Short, default);
        await UntilAsync(() => server.BytesReceived == 7, "ab read");
        // The buffer now holds "ab" then the stale "23\n"; "c" overwrites the '2'. The stale '\n' must not count.
        await client.SendAsync("c"u8.ToArray(), Short, default);
        await UntilAsync(() => server.BytesReceived == 8, "c read");
        Assert.False(line.IsCompleted, "a stale byte past the received ones was taken for the delimiter");
        await client.SendAsync("d\n"u8.ToArray(), Short, default);
        Assert.Equal("abcd", Text(await line));
    });

    [Fact]
    public Task Shutting_down_receiving_tells_the_kernel_so_the_socket_reads_as_ended() => Paired(async (client, server) =>
    {
        // Nothing queued and the peer open: only a real shutdown(SHUT_RD) makes the socket readable (end of stream).
        Assert.False(server.WaitState.Socket.Poll(0, SelectMode.SelectRead));
        server.Shutdown(ShutdownDirection.Receive);
        Assert.True(server.WaitState.Socket.Poll(0, SelectMode.SelectRead));
        Assert.Equal(0, server.WaitState.Socket.Available);
    });

    [Fact]
    public Task Shutting_down_both_ways_closes_and_any_later_shutdown_or_send_is_ConnectionClosed() => Paired(async (client, server) =>
    {
        client.Shutdown(ShutdownDirection.Both);
        Assert.Equal(ConnectionState.Closed, client.State);
        Assert.Equal((true, true), (client.WaitState.Ended, client.WaitState.Closed));
        Assert.Null(await server.ReceiveAvailableAsync(10, Short, default));

        foreach (var direction in new[] { ShutdownDirection.Send, ShutdownDirection.Receive })
        {
            var e = Assert.Throws<PSSocketException>(() => client.Shutdown(direction));
            Assert.Equal("ConnectionClosed", e.ErrorId);
            Assert.Equal(FaultCategory.InvalidOperation, e.Category);
            Assert.Equal(client.Target, e.Target);
            Assert.Equal($"Shutting down: the connection {client.Target} is closed.", e.Message);
        }

        var send = await Assert.ThrowsAsync<PSSocketException>(() => client.SendAsync("x"u8.ToArray(), Short, default));
        Assert.Equal("ConnectionClosed", send.ErrorId);
        Assert.Equal($"Sending: the connection {client.Target} is closed.", send.Message);
        client.Abort(); // after a close: nothing left to reset, and no error
        client.Dispose();
        Assert.Equal(ConnectionState.Closed, client.State);
    });

    [Fact]
    public Task Dispose_closes_the_connection() => Paired(async (client, server) =>
    {
        client.Dispose();
        Assert.Equal(ConnectionState.Closed, client.State);
        Assert.True(client.WaitState.Closed);
        Assert.Null(await server.ReceiveAvailableAsync(10, Short, default));
    });

    [Fact]
    public Task Sending_after_a_half_close_and_then_a_close_is_ConnectionClosed_not_SendShutdown() => Paired(async (client, server) =>
    {
        client.Shutdown(ShutdownDirection.Send);
        client.Close();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendAsync("x"u8.ToArray(), Short, default));
        Assert.Equal("ConnectionClosed", e.ErrorId);
    });

    [Fact]
    public Task Shutting_down_receiving_ends_the_stream_here_even_with_bytes_still_queued() => Paired(async (client, server) =>
    {
        await client.SendAsync("ab"u8.ToArray(), Short, default);
        await QueuedAsync(server, 2);
        Assert.Equal("a", Text(await server.ReceiveAvailableAsync(1, Short, default)));
        await client.SendAsync("cd"u8.ToArray(), Short, default);
        await QueuedAsync(server, 2);

        server.Shutdown(ShutdownDirection.Receive);
        Assert.Equal(ConnectionState.Closed, server.State);
        Assert.True(server.WaitState.Ended);
        // Only what was buffered before the shutdown is handed out; the queued "cd" is not read.
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveExactAsync(3, Short, default));
        Assert.Equal("ConnectionClosedEarly", e.ErrorId);
        Assert.Equal("b", Text(await server.ReceiveAvailableAsync(10, Short, default)));
        Assert.Null(await server.ReceiveAvailableAsync(10, Short, default));

        // Sending still works after shutting down receiving; shutting down sending too keeps it Closed.
        await server.SendAsync("reply"u8.ToArray(), Short, default);
        server.Shutdown(ShutdownDirection.Send);
        Assert.Equal(ConnectionState.Closed, server.State);
        Assert.Equal("reply", Text(await client.ReceiveUntilClosedAsync(100, Short, default)));
    });

    [Fact]
    public Task Shutting_down_sending_after_the_peer_ended_leaves_the_connection_Closed() => Paired(async (client, server) =>
    {
        client.Shutdown(ShutdownDirection.Send);
        Assert.Null(await server.ReceiveAvailableAsync(10, Short, default));
        Assert.Equal(ConnectionState.Closed, server.State);
        server.Shutdown(ShutdownDirection.Send);
        Assert.Equal(ConnectionState.Closed, server.State);
        Assert.Null(await client.ReceiveAvailableAsync(10, Short, default));
    });

    [Fact]
    public Task A_reset_while_receiving_says_receiving_failed() => Paired(async (client, server) =>
    {
        client.Abort();
        var reset = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveAvailableAsync(10, Short, default));
        Assert.Equal("ConnectionReset", reset.ErrorId);
        Assert.StartsWith($"Receiving from {server.Target} failed: ", reset.Message, StringComparison.Ordinal);
        Assert.True(server.WaitState.Ended);
    });

    [Fact]
    public Task Sending_to_a_peer_that_reset_is_a_named_fault_and_closes_the_connection() => Paired(async (client, server) =>
    {
        server.Abort();
        // The reset makes the socket readable; nothing has read it yet, so State is still Established.
        await UntilAsync(() => client.WaitState.Socket.Poll(0, SelectMode.SelectRead), "the reset to arrive");
        Assert.Equal(ConnectionState.Established, client.State);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendAsync("x"u8.ToArray(), Short, default));
        Assert.Equal("ConnectionReset", e.ErrorId);
        Assert.Equal(FaultCategory.ConnectionError, e.Category);
        Assert.Equal(client.Target, e.Target);
        Assert.StartsWith($"Sending to {client.Target} failed: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Closed, client.State);
    });

    [Fact]
    public Task A_send_that_cannot_finish_in_time_closes_the_connection() => Paired(async (client, server) =>
    {
        // The server never reads: far more than both socket buffers can hold stays unsent.
        byte[] big = new byte[64 << 20];
        var e = await Assert.ThrowsAsync<PSSocketException>(() => client.SendAsync(big, TimeSpan.FromMilliseconds(300), default));
        Assert.Equal("TimedOut", e.ErrorId);
        Assert.Equal(FaultCategory.OperationTimeout, e.Category);
        Assert.Equal(client.Target, e.Target);
        Assert.Equal($"Sending to {client.Target} timed out after 0.3 s.", e.Message);
        Assert.Equal(ConnectionState.Closed, client.State);
        Assert.True(client.WaitState.Closed);
        var again = await Assert.ThrowsAsync<PSSocketException>(() => client.SendAsync("x"u8.ToArray(), Short, default));
        Assert.Equal("ConnectionClosed", again.ErrorId);
    });

    [Fact]
    public Task Closing_under_a_blocked_send_aborts_it_and_the_send_queued_behind_it_is_ConnectionClosed() => Paired(async (client, server) =>
    {
        // The server never reads, so the first send blocks; the second, already past its checks, waits its turn.
        Task first = client.SendAsync(new byte[64 << 20], Short, default);
        Task second = client.SendAsync("x"u8.ToArray(), Short, default);
        Assert.False(second.IsCompleted);
        client.Close();
        var aborted = await Assert.ThrowsAsync<PSSocketException>(() => first);
        Assert.Equal("OperationAborted", aborted.ErrorId);
        Assert.Equal(FaultCategory.OperationStopped, aborted.Category);
        var closed = await Assert.ThrowsAsync<PSSocketException>(() => second);
        Assert.Equal("ConnectionClosed", closed.ErrorId);
        Assert.Equal(client.Target, closed.Target);
        Assert.Equal($"Sending: the connection {client.Target} is closed.", closed.Message);
    });

    [Fact]
    public Task A_receive_timeout_says_what_timed_out_and_after_how_long() => Paired(async (client, server) =>
    {
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveAvailableAsync(10, TimeSpan.FromMilliseconds(250), default));
        Assert.Equal($"Receiving from {server.Target} timed out after 0.25 s.", e.Message);
    });

    [Fact]
    public Task A_receive_waiting_when_the_connection_is_closed_here_ends_with_null_not_a_fault() => Paired(async (client, server) =>
    {
        Task<byte[]?> waiting = server.ReceiveAvailableAsync(10, Short, default);
        await Task.Delay(100); // let the read reach the socket; a close before it ends the same way
        server.Close();
        Assert.Null(await waiting);
        Assert.Equal(ConnectionState.Closed, server.State);
    });

    [Fact]
    public Task A_bulk_stream_read_in_odd_pieces_arrives_intact() => Bounded(async () =>
    {
        // Far more than the 1 MiB receive buffer, read in pieces that never line up with it, while
        // the sender stays ahead: the buffer grows, fills to its end, compacts and wraps many times.
        using var listener = Listen("127.0.0.1");
        var (client, server) = await PairAsync(listener);
        using (server)
        {
            byte[] payload = TestBytes.Random(12 << 20, 13);
            var sending = Task.Run(async () =>
            {
                await client.SendAsync(payload, TimeSpan.FromSeconds(30), default);
                client.Close();
            });

            int[] pieces = [1, 4095, 65537, 100_000, 300_001, 7, 1_500_000];
            var received = new MemoryStream(payload.Length);
            for (int i = 0; received.Length < payload.Length; i++)
            {
                int want = (int)Math.Min(pieces[i % pieces.Length], payload.Length - received.Length);
                byte[]? piece = i % 3 == 2
                    ? await server.ReceiveAvailableAsync(want, Short, default)
                    : await server.ReceiveExactAsync(want, Short, default);
                Assert.NotNull(piece);
                Assert.True(piece.Length <= want);
                received.Write(piece);
            }

            await sending;
            Assert.Null(await server.ReceiveAvailableAsync(10, Short, default));
            Assert.True(payload.AsSpan().SequenceEqual(received.ToArray()), "the bytes read differ from the bytes sent");
            Assert.Equal(payload.Length, server.BytesReceived);
            Assert.Equal(payload.Length, client.BytesSent);
        }
    }, seconds: 60);

    /// <summary>
    /// A read without framing takes what the buffer has room for. With the whole stream already queued
    /// in the kernel, the slices show the buffer: 64 KiB first, doubled after each read that filled it,
    /// up to 1 MiB and no further. The listener's receive buffer is forced (SO_RCVBUFFORCE, root only)
    /// to hold the whole stream unread; the accepted socket inherits it, and the window it advertises.
    /// </summary>
    [RootFact]
    public Task A_bulk_stream_is_read_in_slices_that_double_from_64_KiB_to_1_MiB() => Bounded(async () =>
    {
        const int SolSocket = 1, SoRcvBufForce = 33;
        using var listener = Listen("127.0.0.1");
        listener.WaitSocket!.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(64 << 20));
        var (client, server) = await PairAsync(listener);
        using (client)
        using (server)
        {
            int[] expected = [64 << 10, 128 << 10, 256 << 10, 512 << 10, 1 << 20, 1 << 20, 1 << 20];
            byte[] payload = TestBytes.Random(expected.Sum() + 1000, 5);
            await client.SendAsync(payload, Short, default);
            await QueuedAsync(server, payload.Length);
            var slices = new List<int>();
            var received = new MemoryStream();
            while (received.Length < payload.Length)
            {
                byte[] slice = (await server.ReceiveAvailableAsync(int.MaxValue, Short, default))!;
                slices.Add(slice.Length);
                received.Write(slice);
            }

            Assert.Equal([.. expected, 1000], slices);
            Assert.True(payload.AsSpan().SequenceEqual(received.ToArray()));
        }
    });

    /// <summary>
    /// How much one read takes, seen in what is left buffered after a counted read: the free room
    /// behind the buffered bytes while at least 4 KiB of it is left, the whole buffer once the bytes
    /// are moved to its front (less than 4 KiB left), and a buffer grown to fit a count that does not.
    /// The kernel holds every byte sent before each read (SO_RCVBUFFORCE, root only), so each read
    /// takes exactly the room it is given.
    /// </summary>
    [RootFact]
    public Task A_read_takes_the_free_room_and_compacts_or_grows_the_buffer_only_when_short_of_room() => WithForcedBuffer(async (probe, server) =>
    {
        // 64 KiB buffer holding 9 bytes from offset 1: 65526 bytes of room, no move; that read
        // fills the buffer, which doubles to 128 KiB.
        await probe.SendAsync(10);
        await probe.ExactAsync(1);
        await probe.SendAsync(100_000);
        await probe.ExactAsync(20);
        await probe.LeftAsync(65_515);
        await probe.ExactAsync(34_474);

        // 128 KiB holding 126975 bytes from offset 1: exactly 4 KiB of room, still no move.
        await probe.SendAsync(126_976);
        await probe.ExactAsync(1);
        await probe.SendAsync(10_000);
        await probe.ExactAsync(126_976);
        await probe.LeftAsync(4_095);
        await probe.ExactAsync(5_904);

        // 256 KiB holding 100 bytes at its very end (44 bytes of room): moved to the front, then read into.
        await probe.SendAsync(262_100);
        await probe.ExactAsync(262_000);
        await probe.SendAsync(10_000);
        await probe.ExactAsync(200);
        await probe.LeftAsync(9_900);

        // A count of exactly the 256 KiB buffer fits it: no growth before the read, which fills it
        // (and then doubles it to 512 KiB, as any full read does).
        await probe.SendAsync(600_000);
        await probe.ExactAsync(262_144);
        Assert.Equal(0, server.Buffered);

        // A count larger than the 512 KiB buffer grows it to twice its size, 1 MiB, before the read.
        await probe.SendAsync(1_000_000);
        await probe.ExactAsync(600_000);
        await probe.LeftAsync(448_576);
    });

    /// <summary>
    /// The same, for the two choices that depend on the bytes kept in front of a read: a read that
    /// fills the buffer behind kept bytes doubles it too, and a buffer with less than 4 KiB of room
    /// behind many kept bytes is compacted before the read.
    /// </summary>
    [RootFact]
    public Task A_read_behind_kept_bytes_grows_or_compacts_the_buffer_as_one_into_an_empty_buffer_does() => WithForcedBuffer(async (probe, _) =>
    {
        // 64 KiB holding 9 bytes from offset 1: the read fills it and it doubles, so the next read takes 128 KiB.
        await probe.SendAsync(10);
        await probe.ExactAsync(1);
        await probe.SendAsync(200_000);
        await probe.ExactAsync(20);
        await probe.LeftAsync(65_515);
        await probe.AvailableAsync(131_072);

        // 256 KiB holding 62044 bytes from offset 200000, 100 bytes of room: moved to the front first.
        await probe.SendAsync(258_642);
        await probe.ExactAsync(200_000);
        await probe.SendAsync(10_000);
        await probe.ExactAsync(62_100);
        await probe.LeftAsync(9_944);
    });

    /// <summary>
    /// Runs <paramref name="steps"/> on a connected pair whose server side's kernel buffer is forced to
    /// 64 MiB (SO_RCVBUFFORCE, root only), so every byte sent before a read waits for it whole.
    /// </summary>
    private static Task WithForcedBuffer(Func<BufferProbe, SocketConnection, Task> steps) => Bounded(async () =>
    {
        const int SolSocket = 1, SoRcvBufForce = 33;
        using var listener = Listen("127.0.0.1");
        listener.WaitSocket!.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(64 << 20));
        var (client, server) = await PairAsync(listener);
        using (client)
        using (server)
        {
            await steps(new BufferProbe(client, server), server);
        }
    });

    /// <summary>A stream of known bytes sent and read in steps; every read is checked against it.</summary>
    private sealed class BufferProbe(SocketConnection client, SocketConnection server)
    {
        private readonly byte[] _stream = TestBytes.Random(4 << 20, 11);
        private int _sent;
        private int _read;

        /// <summary>Sends the next bytes and waits until the kernel holds them all for the server.</summary>
        public async Task SendAsync(int count)
        {
            await client.SendAsync(_stream.AsMemory(_sent, count), Short, default);
            _sent += count;
            await QueuedAsync(server, _sent - _read - server.Buffered);
        }

        public async Task ExactAsync(int count) => Check(await server.ReceiveExactAsync(count, Short, default), count);

        /// <summary>What the last counted read left buffered: an unframed read hands exactly that out.</summary>
        public async Task LeftAsync(int expected)
        {
            Assert.Equal(expected, server.Buffered);
            await AvailableAsync(expected);
        }

        /// <summary>An unframed read, and how many bytes it took.</summary>
        public async Task AvailableAsync(int expected) => Check(await server.ReceiveAvailableAsync(int.MaxValue, Short, default), expected);

        private void Check(byte[]? data, int expected)
        {
            Assert.NotNull(data);
            Assert.Equal(expected, data.Length);
            Assert.True(_stream.AsSpan(_read, data.Length).SequenceEqual(data), $"bytes {_read} to {_read + data.Length} differ from those sent");
            _read += data.Length;
        }
    }

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_connection_reads_as_its_two_endpoints_and_state(string address) => Paired(address, async (listener, client, server) =>
    {
        string Endpoint(int port) => (address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address) + ":" + port;
        Assert.Equal($"{Endpoint(client.LocalPort)} -> {Endpoint(listener.LocalPort)} Established", client.ToString());
        Assert.Equal($"{Endpoint(listener.LocalPort)} -> {Endpoint(client.LocalPort)} Established", server.ToString());
        Assert.Equal(Endpoint(listener.LocalPort), client.Target);
        // Small writes go out at once (TCP_NODELAY, as the kernel reports it).
        Assert.True(client.WaitState.Socket.NoDelay);
        Assert.True(server.WaitState.Socket.NoDelay);
        client.Close();
        Assert.Equal($"{Endpoint(client.LocalPort)} -> {Endpoint(listener.LocalPort)} Closed", client.ToString());
    });
}
