using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using PSSocket.Core.Sockets;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// The heavy tests. They run alone (after the parallel ones): on two cores they would otherwise
/// starve the thread pool of every other socket test and make its short timeouts fire.
/// </summary>
[Collection(nameof(RunsAlone))]
public class LoadTests
{
    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task One_GiB_through_one_connection_has_the_same_SHA256_at_both_ends(string address) => Bounded(async () =>
    {
        const int Chunk = 1 << 20;
        const int Chunks = 1024;
        using var listener = Listen(address);
        var (client, server) = await PairAsync(listener);
        using (client)
        using (server)
        {
            Task<byte[]> sending = Task.Run(async () =>
            {
                using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
                byte[] block = TestBytes.Random(Chunk, 11);
                for (int i = 0; i < Chunks; i++)
                {
                    // Each chunk differs, so a lost, repeated or reordered chunk changes the digest.
                    BitConverter.TryWriteBytes(block, i);
                    hash.AppendData(block);
                    await client.SendAsync(block, Short, default);
                }

                client.Shutdown(ShutdownDirection.Send);
                return hash.GetHashAndReset();
            });
            using var received = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            long total = 0;
            while (await server.ReceiveAvailableAsync(Chunk, Short, default) is { } data)
            {
                received.AppendData(data);
                total += data.Length;
            }

            Assert.Equal((long)Chunk * Chunks, total);
            Assert.Equal(await sending, received.GetHashAndReset());
            Assert.Equal(total, server.BytesReceived);
            Assert.Equal(total, client.BytesSent);
        }
    }, seconds: 20);

    [Theory]
    [MemberData(nameof(Addresses), MemberType = typeof(Loopback))]
    public Task A_thousand_concurrent_clients_each_echo_one_MiB_intact(string address) => Bounded(async () =>
    {
        const int Clients = 1000;
        const int Bytes = 1 << 20;
        using var server = EchoServer.Start(new EchoServerOptions { Address = IPAddress.Parse(address), MaxConnections = Clients });
        // Each client sends its own window of one shared random block, so streams that got mixed
        // up between connections would not hash alike.
        byte[] source = TestBytes.Random(2 * Bytes, 5);
        var endpoint = new IPEndPoint(IPAddress.Parse(address), server.LocalPort);
        bool[] intact = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => EchoOneAsync(endpoint, source.AsMemory(i * 1013 % Bytes, Bytes))));

        Assert.Equal(Clients, intact.Count(ok => ok));
        Assert.Equal((long)Clients * Bytes, server.BytesReceived);
        Assert.Equal((long)Clients * Bytes, server.BytesSent);
        Assert.Equal(Clients, server.ConnectionsAccepted);
        Assert.Equal(0, server.ConnectionsRejected);
        await server.StopAsync();
        Assert.Equal(0, server.ActiveConnections);
    }, seconds: 25);

    private static async Task<bool> EchoOneAsync(IPEndPoint server, ReadOnlyMemory<byte> data)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        var sending = Task.Run(async () =>
        {
            for (int offset = 0; offset < data.Length; offset += 64 * 1024)
            {
                await socket.SendAsync(data.Slice(offset, Math.Min(64 * 1024, data.Length - offset)), SocketFlags.None);
            }

            socket.Shutdown(SocketShutdown.Send);
        });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int received;
        while ((received = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            hash.AppendData(buffer, 0, received);
            total += received;
        }

        await sending;
        return total == data.Length && hash.GetHashAndReset().AsSpan().SequenceEqual(SHA256.HashData(data.Span));
    }

}
