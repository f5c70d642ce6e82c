using System.Text;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

public class StreamFramingTests
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task Connection_objects_describe_both_ends(string address) => Paired(address, async (listener, client, server) =>
    {
        Assert.Equal(address, client.RemoteAddress);
        Assert.Equal(listener.LocalPort, client.RemotePort);
        Assert.Equal(client.LocalPort, server.RemotePort);
        Assert.Equal(address, server.LocalAddress);
        Assert.Equal(ConnectionState.Established, client.State);
        Assert.Equal(StreamTransport.Tcp, server.Transport);
        Assert.NotEqual(client.Id, server.Id);
        Assert.True(listener.LocalPort > 0);
        Assert.Equal(1, listener.ConnectionsAccepted);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task Exact_count_delimiter_and_line_framing_split_one_stream(string address) => Paired(address, async (_, client, server) =>
    {
        await client.SendAsync("HEAD1234first line\r\nsecond|third"u8.ToArray(), Short, default);
        Assert.Equal("HEAD", Text(await server.ReceiveExactAsync(4, Short, default)));
        Assert.Equal("1234", Text(await server.ReceiveExactAsync(4, Short, default)));
        Assert.Equal("first line", Text(await server.ReceiveDelimitedAsync(Newline, 1024, trimCarriageReturn: true, Short, default)));
        Assert.Equal("second", Text(await server.ReceiveDelimitedAsync("|"u8.ToArray(), 1024, false, Short, default)));
        Assert.Equal("third", Text(await server.ReceiveAvailableAsync(1024, Short, default)));
        // 32 bytes were sent: both counters against that count, not only against each other.
        Assert.Equal(32, client.BytesSent);
        Assert.Equal(32, server.BytesReceived);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_delimiter_split_across_sends_is_still_found(string address) => Paired(address, async (_, client, server) =>
    {
        Task<byte[]?> line = server.ReceiveDelimitedAsync("\r\n\r\n"u8.ToArray(), 1024, false, Short, default);
        await client.SendAsync("GET / HTTP/1.0\r\n\r"u8.ToArray(), Short, default);
        Assert.False(line.IsCompleted);
        await client.SendAsync("\nbody"u8.ToArray(), Short, default);
        Assert.Equal("GET / HTTP/1.0", Text(await line));
        Assert.Equal("body", Text(await server.ReceiveExactAsync(4, Short, default)));
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task Until_closed_returns_everything_then_reports_closed_not_an_empty_message(string address) => Paired(address, async (_, client, server) =>
    {
        byte[] payload = TestBytes.Random(300_000, 7);
        await client.SendAsync(payload, Short, default);
        client.Close();
        Assert.Equal(payload, await server.ReceiveUntilClosedAsync(1 << 20, Short, default));
        Assert.Equal(ConnectionState.Closed, server.State);
        Assert.Null(await server.ReceiveAvailableAsync(10, Short, default));
        Assert.Null(await server.ReceiveDelimitedAsync(Newline, 10, true, Short, default));
        Assert.Null(await server.ReceiveExactAsync(10, Short, default));
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task The_last_line_without_a_newline_comes_back_then_null(string address) => Paired(address, async (_, client, server) =>
    {
        await client.SendAsync("one\ntwo"u8.ToArray(), Short, default);
        client.Close();
        Assert.Equal("one", Text(await server.ReceiveDelimitedAsync(Newline, 100, true, Short, default)));
        Assert.Equal("two", Text(await server.ReceiveDelimitedAsync(Newline, 100, true, Short, default)));
        Assert.Null(await server.ReceiveDelimitedAsync(Newline, 100, true, Short, default));
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_stream_that_ends_inside_a_count_is_reported_and_keeps_the_bytes(string address) => Paired(address, async (_, client, server) =>
    {
        await client.SendAsync("abc"u8.ToArray(), Short, default);
        client.Close();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveExactAsync(10, Short, default));
        Assert.Equal("ConnectionClosedEarly", e.ErrorId);
        Assert.Equal(FaultCategory.ProtocolError, e.Category);
        Assert.Equal("abc", Text(await server.ReceiveAvailableAsync(100, Short, default)));
        Assert.Null(await server.ReceiveAvailableAsync(100, Short, default));
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_receive_timeout_names_the_peer_and_loses_nothing(string address) => Paired(address, async (_, client, server) =>
    {
        await client.SendAsync("partial"u8.ToArray(), Short, default);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveDelimitedAsync(Newline, 100, true, TimeSpan.FromMilliseconds(200), default));
        Assert.Equal("TimedOut", e.ErrorId);
        Assert.Equal(FaultCategory.OperationTimeout, e.Category);
        string expected = (address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address) + ":" + client.LocalPort;
        Assert.Equal(expected, e.Target);
        await client.SendAsync(" line\n"u8.ToArray(), Short, default);
        Assert.Equal("partial line", Text(await server.ReceiveDelimitedAsync(Newline, 100, true, Short, default)));
        Assert.Equal(ConnectionState.Established, server.State);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task Cancellation_is_not_reported_as_a_timeout(string address) => Paired(address, async (_, client, server) =>
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.ReceiveAvailableAsync(10, Short, cancel.Token));
        await client.SendAsync("x"u8.ToArray(), Short, default);
        Assert.Equal("x", Text(await server.ReceiveAvailableAsync(10, Short, default)));
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task Half_close_lets_the_peer_read_to_the_end_and_still_answer(string address) => Paired(address, async (_, client, server) =>
    {
        await client.SendAsync("question"u8.ToArray(), Short, default);
        client.Shutdown(ShutdownDirection.Send);
        Assert.Equal(ConnectionState.SendShutdown, client.State);
        var sendAfter = await Assert.ThrowsAsync<PSSocketException>(() => client.SendAsync("more"u8.ToArray(), Short, default));
        Assert.Equal("SendShutdown", sendAfter.ErrorId);

        Assert.Equal("question", Text(await server.ReceiveUntilClosedAsync(100, Short, default)));
        Assert.Equal(ConnectionState.Closed, server.State);
        await server.SendAsync("answer"u8.ToArray(), Short, default);
        server.Shutdown(ShutdownDirection.Send);

        Assert.Equal("answer", Text(await client.ReceiveUntilClosedAsync(100, Short, default)));
        Assert.Equal(ConnectionState.Closed, client.State);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_line_longer_than_the_limit_is_refused_and_kept(string address) => Paired(address, async (_, client, server) =>
    {
        await client.SendAsync(Encoding.ASCII.GetBytes(new string('a', 100) + "\n"), Short, default);
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveDelimitedAsync(Newline, 50, true, Short, default));
        Assert.Equal("MessageTooLong", e.ErrorId);
        Assert.Equal(FaultCategory.InvalidData, e.Category);
        Assert.Equal(101, (await server.ReceiveExactAsync(101, Short, default))!.Length);
    });

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_reset_mid_stream_is_ConnectionReset_with_the_peer_as_target(string address) => Paired(address, async (_, client, server) =>
    {
        await client.SendAsync("some"u8.ToArray(), Short, default);
        Assert.Equal("some", Text(await server.ReceiveExactAsync(4, Short, default)));
        client.Abort();
        var e = await Assert.ThrowsAsync<PSSocketException>(() => server.ReceiveAvailableAsync(100, Short, default));
        Assert.Equal("ConnectionReset", e.ErrorId);
        Assert.Equal(FaultCategory.ConnectionError, e.Category);
        Assert.Equal(server.Target, e.Target);
        Assert.Equal(ConnectionState.Closed, server.State);
        Assert.Null(await server.ReceiveAvailableAsync(100, Short, default));
    });
}
