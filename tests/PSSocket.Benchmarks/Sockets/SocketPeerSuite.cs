using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PSSocket.Core.Sockets;

namespace PSSocket.Benchmarks.Sockets;

/// <summary>
/// `peers sockets [seconds]`: the engine against the machine's ceiling, in one run and interleaved
/// (the VM is noisy): TCP bulk vs iperf3 and a bare Socket pair, 64-byte UDP vs a bare Socket
/// loop, echo round trips with 200 clients, echo latency with 1,000 clients, accepts per second.
/// </summary>
internal sealed class SocketPeerSuite : IPeerSuite
{
    private const int Rounds = 3;

    public string Name => "sockets";

    public int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2;
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"{Environment.ProcessorCount} CPUs, {seconds} s per measurement, median of {Rounds} interleaved rounds");

        var engineBulk = new List<double>();
        var bareBulk = new List<double>();
        var iperf = new List<double>();
        var engineUdp = new List<double>();
        var bareUdp = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            engineBulk.Add(TcpBulkAsync(duration, engine: true).GetAwaiter().GetResult());
            bareBulk.Add(TcpBulkAsync(duration, engine: false).GetAwaiter().GetResult());
            iperf.Add(Iperf3(seconds));
            engineUdp.Add(UdpAsync(duration, engine: true).GetAwaiter().GetResult());
            bareUdp.Add(UdpAsync(duration, engine: false).GetAwaiter().GetResult());
        }

        Console.WriteLine();
        Console.WriteLine("TCP bulk, one connection, 1 MiB writes (GB/s):");
        Console.WriteLine($"  engine SocketConnection   {Median(engineBulk),8:0.00}   runs {Runs(engineBulk, "0.00")}");
        Console.WriteLine($"  bare Socket pair          {Median(bareBulk),8:0.00}   runs {Runs(bareBulk, "0.00")}");
        Console.WriteLine($"  iperf3 -c 127.0.0.1       {Median(iperf),8:0.00}   runs {Runs(iperf, "0.00")}");
        Console.WriteLine($"  engine / iperf3 = {Median(engineBulk) / Median(iperf):0.00}, engine / bare = {Median(engineBulk) / Median(bareBulk):0.00}");
        Console.WriteLine("UDP 64-byte datagrams, one sender (datagrams/s sent; received in brackets):");
        Console.WriteLine($"  engine UdpEndpoint        {Median(engineUdp),10:#,0}");
        Console.WriteLine($"  bare Socket.SendTo loop   {Median(bareUdp),10:#,0}");
        Console.WriteLine($"  engine / bare = {Median(engineUdp) / Median(bareUdp):0.00}");

        var engineEcho = new List<double>();
        var bareEcho = new List<double>();
        var engineAccepts = new List<double>();
        var bareAccepts = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            engineEcho.Add(EchoAsync(200, duration, bare: false).GetAwaiter().GetResult().Rate);
            bareEcho.Add(EchoAsync(200, duration, bare: true).GetAwaiter().GetResult().Rate);
            engineAccepts.Add(AcceptsAsync(duration, bare: false).GetAwaiter().GetResult());
            bareAccepts.Add(AcceptsAsync(duration, bare: true).GetAwaiter().GetResult());
        }

        Console.WriteLine("Echo, 200 clients, 64-byte round trips (round trips/s):");
        Console.WriteLine($"  engine EchoServer         {Median(engineEcho),10:#,0}   runs {Runs(engineEcho, "#,0")}");
        Console.WriteLine($"  bare async echo loop      {Median(bareEcho),10:#,0}   runs {Runs(bareEcho, "#,0")}");
        Console.WriteLine($"  engine / bare = {Median(engineEcho) / Median(bareEcho):0.00}");
        var (rate1000, p50at1000, p99at1000) = EchoAsync(1000, duration, bare: false).GetAwaiter().GetResult();
        Console.WriteLine($"Echo server, 1,000 clients: {rate1000:#,0} round trips/s, latency p50 {p50at1000:0.000} ms, p99 {p99at1000:0.000} ms");
        Console.WriteLine("Accepts (connect + accept + close, 4 connecting tasks) per second:");
        Console.WriteLine($"  engine SocketListener     {Median(engineAccepts),10:#,0}   runs {Runs(engineAccepts, "#,0")}");
        Console.WriteLine($"  bare Socket.AcceptAsync   {Median(bareAccepts),10:#,0}   runs {Runs(bareAccepts, "#,0")}");
        Console.WriteLine($"  engine / bare = {Median(engineAccepts) / Median(bareAccepts):0.00}");
        return 0;
    }

    private static async Task<double> TcpBulkAsync(TimeSpan duration, bool engine)
    {
        const int Chunk = 1 << 20;
        using var sockets = BarePair();
        // The engine wraps the same kind of connected pair, so both sides measure the same kernel path.
        using var client = new SocketConnection(sockets.Client);
        using var server = new SocketConnection(sockets.Server);
        byte[] block = new byte[Chunk];
        new Random(1).NextBytes(block);
        Task<long> receiving = engine
            ? Task.Run(async () =>
            {
                long total = 0;
                // 64 KiB messages: what a script would ask for, and small enough to stay off the large object heap.
                while (await server.ReceiveAvailableAsync(64 * 1024, TimeSpan.FromSeconds(30), default) is { } data)
                {
                    total += data.Length;
                }

                return total;
            })
            : Task.Run(async () =>
            {
                long total = 0;
                byte[] buffer = new byte[Chunk];
                int n;
                while ((n = await sockets!.Server.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                {
                    total += n;
                }

                return total;
            });
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            if (engine)
            {
                await client.SendAsync(block, TimeSpan.FromSeconds(30), default);
            }
            else
            {
                await sockets!.Client.SendAsync(block, SocketFlags.None);
            }
        }

        if (engine)
        {
            client.Shutdown(ShutdownDirection.Send);
        }
        else
        {
            sockets!.Client.Shutdown(SocketShutdown.Send);
        }

        long received = await receiving;
        return received / clock.Elapsed.TotalSeconds / 1e9;
    }

    private sealed class Pair(Socket client, Socket server) : IDisposable
    {
        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }

    /// <summary>The baseline: the same transfer on plain sockets, no engine in between.</summary>
    private static Pair BarePair()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        Socket server = listener.Accept();
        return new Pair(client, server);
    }

    private static double Iperf3(double seconds)
    {
        // A port picked free can be taken before iperf3 binds it (other people benchmark here too):
        // then the server exits at once and we pick another.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int port;
            using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            using Process server = Process.Start(new ProcessStartInfo("iperf3", $"-s -1 -B 127.0.0.1 -p {port}") { RedirectStandardOutput = true })!;
            try
            {
                var waiting = Stopwatch.StartNew();
                while (!server.HasExited && waiting.Elapsed < TimeSpan.FromSeconds(10))
                {
                    using Process client = Process.Start(new ProcessStartInfo("iperf3", string.Create(CultureInfo.InvariantCulture, $"-c 127.0.0.1 -p {port} -t {seconds} -J")) { RedirectStandardOutput = true })!;
                    string json = client.StandardOutput.ReadToEnd();
                    client.WaitForExit();
                    using var doc = JsonDocument.Parse(json);
                    if (!doc.RootElement.TryGetProperty("error", out _))
                    {
                        return doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 8 / 1e9;
                    }

                    Thread.Sleep(20); // the server is still starting
                }
            }
            finally
            {
                if (!server.HasExited)
                {
                    server.Kill();
                }

                server.WaitForExit();
            }
        }

        throw new InvalidOperationException("iperf3 could not be run against a local server.");
    }

    private static async Task<double> UdpAsync(TimeSpan duration, bool engine)
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        receiver.ReceiveBufferSize = 8 << 20;
        var target = (IPEndPoint)receiver.LocalEndPoint!;
        using var stop = new CancellationTokenSource();
        long received = 0;
        var draining = Task.Run(() =>
        {
            byte[] buffer = new byte[2048];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            receiver.ReceiveTimeout = 200;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    receiver.ReceiveFrom(buffer, ref from);
                    received++;
                }
                catch (SocketException)
                {
                    // the receive timeout: check whether to stop
                }
            }
        });
        byte[] payload = new byte[64];
        long sent = 0;
        var clock = Stopwatch.StartNew();
        if (engine)
        {
            using var sender = UdpEndpoint.Bind(IPAddress.Loopback, 0);
            while (clock.Elapsed < duration)
            {
                await sender.SendToAsync(payload, target, default);
                sent++;
            }
        }
        else
        {
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            while (clock.Elapsed < duration)
            {
                sender.SendTo(payload, target);
                sent++;
            }
        }

        double rate = sent / clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await draining;
        Console.WriteLine($"  udp {(engine ? "engine" : "bare  ")}: sent {sent:#,0}, received {received:#,0} ({100.0 * received / sent:0}%)");
        return rate;
    }

    private static async Task<(double Rate, double P50, double P99)> EchoAsync(int clients, TimeSpan duration, bool bare)
    {
        using var server = bare ? null : EchoServer.Start(new EchoServerOptions { MaxConnections = clients });
        using var bareServer = bare ? new BareEcho() : null;
        var endpoint = new IPEndPoint(IPAddress.Loopback, server?.LocalPort ?? bareServer!.Port);
        var sockets = new List<Socket>();
        for (int i = 0; i < clients; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await s.ConnectAsync(endpoint);
            sockets.Add(s);
        }

        var latencies = new List<double>[clients];
        using var done = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = [];
            byte[] request = new byte[64];
            byte[] reply = new byte[64];
            while (!done.IsCancellationRequested)
            {
                long start = Stopwatch.GetTimestamp();
                await sockets[i].SendAsync(request, SocketFlags.None);
                int got = 0;
                while (got < reply.Length)
                {
                    got += await sockets[i].ReceiveAsync(reply.AsMemory(got), SocketFlags.None);
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        double elapsed = clock.Elapsed.TotalSeconds;
        sockets.ForEach(s => s.Dispose());
        double[] all = [.. latencies.SelectMany(l => l).Order()];
        return (all.Length / elapsed, all[all.Length / 2], all[(int)(all.Length * 0.99)]);
    }

    private static async Task<double> AcceptsAsync(TimeSpan duration, bool bare)
    {
        using var listener = SocketListener.Start(IPAddress.Loopback, 0, 1024, false);
        using var bareListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bareListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        bareListener.Listen(1024);
        var endpoint = bare ? (IPEndPoint)bareListener.LocalEndPoint! : new IPEndPoint(IPAddress.Loopback, listener.LocalPort);
        using var done = new CancellationTokenSource(duration);
        long accepted = 0;
        var accepting = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                try
                {
                    if (bare)
                    {
                        using Socket c = await bareListener.AcceptAsync(done.Token);
                    }
                    else
                    {
                        using SocketConnection c = await listener.AcceptAsync(Timeout.InfiniteTimeSpan, done.Token);
                    }

                    accepted++;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await s.ConnectAsync(endpoint);
            }
        })));
        double elapsed = clock.Elapsed.TotalSeconds;
        await accepting;
        return accepted / elapsed;
    }

    /// <summary>The baseline echo server: accept, then receive and send back, nothing else.</summary>
    private sealed class BareEcho : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Task> _connections = [];
        private readonly Task _accepting;

        public BareEcho()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(1024);
            Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
            _accepting = Task.Run(async () =>
            {
                while (true)
                {
                    Socket client;
                    try
                    {
                        client = await _listener.AcceptAsync();
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    _connections.Add(Task.Run(async () =>
                    {
                        using (client)
                        {
                            byte[] buffer = new byte[64 * 1024];
                            int n;
                            try
                            {
                                while ((n = await client.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                                {
                                    await client.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                                }
                            }
                            catch (SocketException)
                            {
                                // the client went away
                            }
                        }
                    }));
                }
            });
        }

        public int Port { get; }

        public void Dispose()
        {
            _listener.Dispose();
            _accepting.GetAwaiter().GetResult();
            Task.WhenAll(_connections).GetAwaiter().GetResult();
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Runs(List<double> values, string format) => string.Join(" ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
}
