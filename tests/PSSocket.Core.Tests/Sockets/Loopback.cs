using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Sockets;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>Helpers shared by the socket tests: loopback of both families, bounded waits, ready-made peers.</summary>
internal static class Loopback
{
    public static readonly TimeSpan Short = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Addresses => new() { "127.0.0.1", "::1" };

    /// <summary>Received bytes as text, null staying null (end of stream).</summary>
    public static string? Text(byte[]? data) => data is null ? null : System.Text.Encoding.UTF8.GetString(data);

    /// <summary>Every socket test runs under this bound, so a bug fails the test instead of hanging the suite.</summary>
    public static Task Bounded(Func<Task> test, int seconds = 15) => test().WaitAsync(TimeSpan.FromSeconds(seconds));

    public static SocketListener Listen(string address, int backlog = 16) =>
        SocketListener.Start(IPAddress.Parse(address), 0, backlog, dualMode: false);

    /// <summary>A connected pair: (client, server side).</summary>
    public static async Task<(SocketConnection Client, SocketConnection Server)> PairAsync(SocketListener listener)
    {
        Task<SocketConnection> accepting = listener.AcceptAsync(Short, CancellationToken.None);
        SocketConnection client = await StreamConnector.ConnectAsync(IPAddress.Parse(listener.LocalAddress), listener.LocalPort, Short, 0, CancellationToken.None);
        return (client, await accepting);
    }

    /// <summary>A bounded test of one connected pair on 127.0.0.1: (client, server side), both closed after it.</summary>
    public static Task Paired(Func<SocketConnection, SocketConnection, Task> test) =>
        Paired("127.0.0.1", (_, client, server) => test(client, server));

    /// <summary>A bounded test of one connected pair on <paramref name="address"/>, given its listener too; both ends closed after it.</summary>
    public static Task Paired(string address, Func<SocketListener, SocketConnection, SocketConnection, Task> test) => Bounded(async () =>
    {
        using var listener = Listen(address);
        var (client, server) = await PairAsync(listener);
        using (client)
        using (server)
        {
            await test(listener, client, server);
        }
    });

    /// <summary>
    /// Sends <paramref name="line"/> on new connections to a capped server until one is answered (at
    /// most 50 tries, 50 ms apart): the server counts a leaving client out a moment after it left, and
    /// closes a connection that came before that, which reads as end of stream (or a reset, if our line
    /// reached it first).
    /// </summary>
    public static async Task<string?> AskOnceASlotIsFreeAsync(int port, string line)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using SocketConnection next = await StreamConnector.ConnectAsync(IPAddress.Loopback, port, Short, 0, default);
            try
            {
                await next.SendAsync(System.Text.Encoding.UTF8.GetBytes(line + "\n"), Short, default);
                if (Text(await next.ReceiveDelimitedAsync("\n"u8.ToArray(), 100, true, Short, default)) is { } answer)
                {
                    return answer;
                }
            }
            catch (PSSocketException)
            {
                // Reset by the server that closed it: ask again.
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>
    /// A port where nothing listens but which nobody else can take meanwhile: a bound socket that
    /// never calls listen(), so a connect to it is refused.
    /// </summary>
    public static Socket BoundNotListening(string address)
    {
        var ip = IPAddress.Parse(address);
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(ip, 0));
        return socket;
    }

    /// <summary>
    /// A listener whose accept queue is full and never drained: Linux drops further SYNs, so a new
    /// connect gets no answer at all, the way a filtered port behaves.
    /// </summary>
    public static async Task<Silent> SilentAsync(string address)
    {
        var ip = IPAddress.Parse(address);
        var listener = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(ip, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        for (int i = 0; i < 2; i++)
        {
            var filler = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            fillers.Add(filler);
            using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                await filler.ConnectAsync(endpoint, quick.Token);
            }
            catch (OperationCanceledException)
            {
                break; // the queue is already full
            }
        }

        return new Silent(listener, fillers, endpoint.Port);
    }

    internal sealed class Silent(Socket listener, List<Socket> fillers, int port) : IDisposable
    {
        public int Port { get; } = port;

        public void Dispose()
        {
            fillers.ForEach(f => f.Dispose());
            listener.Dispose();
        }
    }

    /// <summary>Open descriptors of this process.</summary>
    public static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
