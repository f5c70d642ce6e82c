using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Tests.Support;

/// <summary>
/// Real loopback traffic of every kind the decoders handle: TCP connections with data in both
/// directions and orderly close, UDP datagrams (to a bound socket, so no ICMP errors), and ICMP
/// echo via ping, over IPv4 and IPv6.
/// </summary>
internal sealed class LoopbackTraffic : IDisposable
{
    private readonly Socket _tcp4 = Listen(IPAddress.Loopback);
    private readonly Socket _tcp6 = Listen(IPAddress.IPv6Loopback);
    private readonly Socket _udp4 = Bind(IPAddress.Loopback);
    private readonly Socket _udp6 = Bind(IPAddress.IPv6Loopback);

    public int[] Ports => [Port(_tcp4), Port(_tcp6), Port(_udp4), Port(_udp6)];

    /// <summary>A tcpdump filter that selects this traffic and the pings.</summary>
    public string Filter => $"tcp port {Port(_tcp4)} or tcp port {Port(_tcp6)} or udp port {Port(_udp4)} or udp port {Port(_udp6)} or icmp or icmp6";

    public void Generate()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        foreach (var (listener, address) in new[] { (_tcp4, IPAddress.Loopback), (_tcp6, IPAddress.IPv6Loopback) })
        {
            using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000, SendTimeout = 5000 };
            client.Connect(new IPEndPoint(address, Port(listener)));
            using var server = listener.Accept();
            client.Send("hello from the client\n"u8);
            byte[] buffer = new byte[4096];
            server.Receive(buffer);
            server.Send(new byte[3000]); // a larger reply, so the two directions carry different lengths
            Receive(client, 3000, buffer);
            client.Shutdown(SocketShutdown.Send);
            while (server.Receive(buffer) > 0)
            {
            }

            server.Shutdown(SocketShutdown.Send);
            while (client.Receive(buffer) > 0)
            {
            }
        }

        foreach (var (receiver, address) in new[] { (_udp4, IPAddress.Loopback), (_udp6, IPAddress.IPv6Loopback) })
        {
            using var sender = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            for (int i = 0; i < 3; i++)
            {
                sender.SendTo(new byte[10 + (i * 100)], new IPEndPoint(address, Port(receiver)));
            }

            byte[] buffer = new byte[2048];
            for (int i = 0; i < 3; i++)
            {
                receiver.Receive(buffer);
            }
        }

        foreach (string target in new[] { "127.0.0.1", "::1" })
        {
            var (exit, _, err) = Peer.Run("ping", ["-c", "2", "-i", "0.2", "-W", "2", target], TimeSpan.FromSeconds(10));
            Assert.True(exit == 0, "ping failed: " + err);
        }
    }

    public void Dispose()
    {
        _tcp4.Dispose();
        _tcp6.Dispose();
        _udp4.Dispose();
        _udp6.Dispose();
    }

    private static void Receive(Socket s, int count, byte[] buffer)
    {
        for (int got = 0; got < count;)
        {
            int n = s.Receive(buffer);
            Assert.True(n > 0, "peer closed early");
            got += n;
        }
    }

    private static int Port(Socket s) => ((IPEndPoint)s.LocalEndPoint!).Port;

    private static Socket Listen(IPAddress address)
    {
        var s = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000, SendTimeout = 5000 };
        s.Bind(new IPEndPoint(address, 0));
        s.Listen();
        return s;
    }

    private static Socket Bind(IPAddress address)
    {
        var s = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        s.Bind(new IPEndPoint(address, 0));
        return s;
    }
}
