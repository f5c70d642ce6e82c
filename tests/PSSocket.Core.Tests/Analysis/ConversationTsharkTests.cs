using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using PSSocket.Core.Analysis;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;
using Xunit.Abstractions;

namespace PSSocket.Core.Tests.Analysis;

/// <summary>
/// Our conversations against tshark's on the same files: <c>-z conv,tcp</c>, <c>-z conv,udp</c>
/// (frames and bytes each way, relative start, duration) and <c>-z follow,tcp,raw,N</c> for
/// every stream (each side's bytes and the order of the turns), on real loopback captures and on
/// files crafted with retransmissions, duplicates, overlaps, disorder and wrapping sequence numbers.
/// </summary>
public sealed partial class ConversationTsharkTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-conv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PeerFact("tshark")]
    public void Crafted_disorder_retransmissions_and_wrapping_agree_with_tshark()
    {
        string file = Path.Combine(_dir, "crafted.pcap");
        var w = new CraftedCapture();
        var a = w.Tcp("192.0.2.1", 40001, "198.51.100.7", 5000, 1000, 9000);
        var b = w.Tcp("192.0.2.2", 40002, "198.51.100.7", 5000, 0xFFFF_FF00, 0xFFFF_FFF0); // both sides wrap
        var c = w.Tcp("2001:db8::1", 40003, "2001:db8::7", 5000, 77, 88);
        var d = w.Tcp("192.0.2.4", 40004, "198.51.100.7", 5000, 500, 600);
        foreach (var conn in new[] { a, b, c, d })
        {
            conn.Handshake();
        }

        // a: in order, several turns; interleaved with b's disorder.
        a.Send(true, "USER alice\r\n");
        b.SendAt(true, 101, Repeat('b', 200));  // ahead of a hole
        a.Send(false, "331 password?\r\n");
        b.SendAt(true, 1, Repeat('a', 100));    // fills it: out of order
        b.SendAt(true, 1, Repeat('a', 100));    // duplicate
        b.SendAt(true, 51, Repeat('a', 50) + Repeat('b', 100)); // overlapping retransmission
        b.SendAt(true, 301, "tail crossing the wrap");
        a.Send(true, "PASS secret\r\n");
        b.SendAt(false, 1, "reply one ");
        b.SendAt(false, 1, "reply one "); // retransmitted reply
        b.SendAt(false, 11, "reply two");
        a.Send(false, "230 ok\r\n");
        c.Send(true, "over IPv6 " + Repeat('6', 1000));
        c.Send(false, "six back");
        d.Send(true, "half");
        d.Fin(true);                         // client half-closes
        d.Send(false, "server still talks after the client's FIN");
        d.Send(false, " and again");
        a.Fin(true);
        a.Fin(false);
        a.Ack(true);
        c.Reset(false);
        b.Fin(true);
        b.Fin(true);                         // retransmitted FIN
        // e: the same ports used again by a new SYN, first after an orderly close, then with no close seen at all.
        var e1 = w.Tcp("192.0.2.5", 40005, "198.51.100.7", 5000, 10_000, 20_000);
        e1.Handshake();
        e1.Send(true, "first use");
        e1.Fin(true);
        e1.Fin(false);
        e1.Ack(true);
        var e2 = w.Tcp("192.0.2.5", 40005, "198.51.100.7", 5000, 30_000, 40_000);
        e2.Handshake();
        e2.Send(true, "second use, never closed");
        var e3 = w.Tcp("192.0.2.5", 40005, "198.51.100.7", 5000, 50_000, 60_000);
        e3.Handshake();
        e3.Send(true, "third use");
        // f: the capture starts mid-connection: no SYN, the server's data first, then a hole-free exchange with disorder.
        var f = w.Tcp("192.0.2.6", 40006, "198.51.100.7", 5000, 3_000_000, 4_000_000);
        f.SendAt(false, 500, "rest of an earlier reply");
        f.SendAt(true, 900, "next ");
        f.SendAt(true, 910, "again");
        f.SendAt(true, 905, "ask ");
        f.SendAt(true, 909, " ");
        // g: data on the SYN (TCP Fast Open) comes before the data after the handshake.
        var g = w.Tcp("192.0.2.7", 40007, "198.51.100.7", 5000, 123, 456);
        g.Handshake(synData: "GET / ");
        g.Send(true, "HTTP/1.0\r\n\r\n");
        g.Send(false, "200 OK");
        w.Udp("192.0.2.9", 5353, "198.51.100.53", 53, "query one");
        w.Udp("198.51.100.53", 53, "192.0.2.9", 5353, "answer one");
        w.Udp("2001:db8::9", 6000, "2001:db8::53", 53, "v6 query");
        w.Write(file);

        var ours = Conversations(file);
        Assert.Equal(9, ours.Count(x => x.Protocol == PacketProtocol.Tcp));
        Assert.Equal("GET / HTTP/1.0\r\n\r\n", ours.Single(x => x.ClientPort == 40007).ClientText);
        var midConnection = ours.Single(x => x.ServerPort == 40006);
        Assert.True(midConnection.StartedMidConnection);
        Assert.Equal("next ask  again", midConnection.ServerText);
        Assert.Equal(["first use", "second use, never closed", "third use"], ours.Where(x => x.ClientPort == 40005).Select(x => x.ClientText));
        var bConv = ours.Single(x => x.ClientPort == 40002);
        Assert.Equal(Repeat('a', 100) + Repeat('b', 200) + "tail crossing the wrap", bConv.ClientText);
        Assert.True(bConv.OutOfOrder >= 1 && bConv.Retransmissions >= 3, $"{bConv.OutOfOrder} out of order, {bConv.Retransmissions} retransmissions");
        CompareWithTshark(file, ours);
    }

    [PeerFact("tcpdump", "tshark", NeedsRoot = true)]
    public void Real_loopback_connections_and_flows_agree_with_tshark()
    {
        string file = Path.Combine(_dir, "lo.pcap");
        using var v4 = new TcpListener(IPAddress.Loopback, 0);
        using var v6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        using var udpServer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        v4.Start();
        v6.Start();
        int p4 = ((IPEndPoint)v4.LocalEndpoint).Port, p6 = ((IPEndPoint)v6.LocalEndpoint).Port, pu = ((IPEndPoint)udpServer.Client.LocalEndPoint!).Port;
        using (var dump = new Tcpdump(file, "lo", $"tcp port {p4} or tcp port {p6} or udp port {pu}", 5000))
        {
            var run = Task.WhenAll(
                Exchange(v4, IPAddress.Loopback, p4, 3),
                Exchange(v6, IPAddress.IPv6Loopback, p6, 2),
                Datagrams(udpServer, pu));
            Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the loopback exchange did not finish");
            run.GetAwaiter().GetResult();
            Thread.Sleep(1200); // libpcap hands over a ring block after at most 1 s
            output.WriteLine(dump.Stop());
        }

        var ours = Conversations(file);
        Assert.Equal(5, ours.Count(x => x.Protocol == PacketProtocol.Tcp));
        Assert.All(ours.Where(x => x.Protocol == PacketProtocol.Tcp), x =>
        {
            Assert.True(x.HandshakeComplete);
            Assert.Equal(ConversationState.Closed, x.State);
            Assert.StartsWith("hello from client", x.ClientText, StringComparison.Ordinal);
        });
        CompareWithTshark(file, ours);
    }

    private static async Task Exchange(TcpListener listener, IPAddress address, int port, int clients)
    {
        for (int i = 0; i < clients; i++)
        {
            using var client = new TcpClient(address.AddressFamily);
            var accept = listener.AcceptTcpClientAsync();
            await client.ConnectAsync(address, port).ConfigureAwait(false);
            using var server = await accept.ConfigureAwait(false);
            var cs = client.GetStream();
            var ss = server.GetStream();
            byte[] big = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20000).Select(n => (char)('a' + (n % 26)))));
            await cs.WriteAsync(Encoding.ASCII.GetBytes($"hello from client {i}\n")).ConfigureAwait(false);
            await ReadExactly(ss, 20).ConfigureAwait(false);
            await ss.WriteAsync(Encoding.ASCII.GetBytes($"welcome {i}\n")).ConfigureAwait(false);
            await ReadExactly(cs, 10).ConfigureAwait(false);
            await cs.WriteAsync(big).ConfigureAwait(false);
            await ReadExactly(ss, big.Length).ConfigureAwait(false);
            client.Client.Shutdown(SocketShutdown.Send); // half-close: the server still answers
            await ss.WriteAsync(big.AsMemory(0, 5000)).ConfigureAwait(false);
            await ReadExactly(cs, 5000).ConfigureAwait(false);
            server.Client.Shutdown(SocketShutdown.Send);
            while (await cs.ReadAsync(new byte[16]).ConfigureAwait(false) > 0)
            {
            }
        }
    }

    private static async Task Datagrams(UdpClient server, int port)
    {
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        for (int i = 0; i < 3; i++)
        {
            await client.SendAsync(Encoding.ASCII.GetBytes($"ping {i}"), new IPEndPoint(IPAddress.Loopback, port)).ConfigureAwait(false);
            var got = await server.ReceiveAsync().ConfigureAwait(false);
            await server.SendAsync(Encoding.ASCII.GetBytes($"PONG {i}"), got.RemoteEndPoint).ConfigureAwait(false);
            await client.ReceiveAsync().ConfigureAwait(false);
        }
    }

    private static async Task ReadExactly(NetworkStream s, int count)
    {
        byte[] buffer = new byte[count];
        await s.ReadExactlyAsync(buffer).ConfigureAwait(false);
    }

    private static string Repeat(char c, int n) => new(c, n);

    private static List<PacketConversation> Conversations(string file)
    {
        var tracker = new ConversationTracker();
        var done = new List<PacketConversation>();
        using var reader = new PacketFileReader(CaptureFileReader.Open(file));
        while (reader.Next() is { } p)
        {
            tracker.Add(p, done);
        }

        tracker.Complete(done);
        return done;
    }

    private void CompareWithTshark(string file, List<PacketConversation> ours)
    {
        int tcpStreams = ours.Count(x => x.Protocol == PacketProtocol.Tcp);
        string[] follows = [.. Enumerable.Range(0, tcpStreams).SelectMany(n => new[] { "-z", $"follow,tcp,raw,{n}" })];
        string text = Tshark.Run(file, ["-q", "-z", "conv,tcp", "-z", "conv,udp", .. follows]);
        output.WriteLine(text);

        var rows = ConversationRows().Matches(text).ToList();
        Assert.Equal(ours.Count, rows.Count);
        foreach (Match row in rows)
        {
            var (aAddress, aPort) = SplitEndpoint(row.Groups["a"].Value);
            var (bAddress, bPort) = SplitEndpoint(row.Groups["b"].Value);
            // Ports used again make several conversations of one endpoint pair; the start tells them apart.
            double start = double.Parse(row.Groups["start"].Value, CultureInfo.InvariantCulture);
            var x = ours.Where(c => (Same(c.ClientAddress, c.ClientPort, aAddress, aPort) && Same(c.ServerAddress, c.ServerPort, bAddress, bPort))
                || (Same(c.ServerAddress, c.ServerPort, aAddress, aPort) && Same(c.ClientAddress, c.ClientPort, bAddress, bPort)))
                .MinBy(c => Math.Abs(c.Start.TotalSeconds - start));
            Assert.True(x is not null, $"tshark's {row.Value.Trim()} is not among ours");
            bool aIsClient = Same(x.ClientAddress, x.ClientPort, aAddress, aPort);
            var (framesAB, bytesAB, framesBA, bytesBA) = aIsClient
                ? (x.ClientPackets, x.ClientBytes, x.ServerPackets, x.ServerBytes)
                : (x.ServerPackets, x.ServerBytes, x.ClientPackets, x.ClientBytes);
            string what = $"{x.Protocol} {x.Client} ↔ {x.Server}";
            Assert.True(framesAB == long.Parse(row.Groups["fab"].Value, CultureInfo.InvariantCulture), what + " frames A→B");
            Assert.True(framesBA == long.Parse(row.Groups["fba"].Value, CultureInfo.InvariantCulture), what + " frames B→A");
            AssertBytes(bytesAB, row.Groups["bab"].Value, what + " bytes A→B");
            AssertBytes(bytesBA, row.Groups["bba"].Value, what + " bytes B→A");
            // tshark prints the start to 9 decimals (we keep 100 ns ticks) and the duration to 4.
            double duration = double.Parse(row.Groups["duration"].Value, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(start - x.Start.TotalSeconds) <= 1e-6, $"{what} start: tshark {start}, ours {x.Start.TotalSeconds}");
            Assert.True(Math.Abs(duration - x.Duration.TotalSeconds) <= 0.5e-4 + 1e-9, $"{what} duration: tshark {duration}, ours {x.Duration.TotalSeconds}");
        }

        var streams = FollowBlocks().Matches(text).ToList();
        Assert.Equal(tcpStreams, streams.Count);
        foreach (Match block in streams)
        {
            int n = int.Parse(block.Groups["n"].Value, CultureInfo.InvariantCulture);
            var x = ours.Single(c => c.Protocol == PacketProtocol.Tcp && c.Stream == n);
            var (node0Address, node0Port) = SplitEndpoint(block.Groups["node0"].Value);
            bool node0IsClient = Same(x.ClientAddress, x.ClientPort, node0Address, node0Port);

            // tshark writes one line per segment it delivers; consecutive lines of one side make one turn.
            var turns = new List<(bool Node0, List<byte> Bytes)>();
            foreach (string line in block.Groups["body"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                bool node0 = !line.StartsWith('\t');
                byte[] bytes = Convert.FromHexString(line.Trim());
                if (turns.Count == 0 || turns[^1].Node0 != node0)
                {
                    turns.Add((node0, []));
                }

                turns[^1].Bytes.AddRange(bytes);
            }

            string what = $"tcp.stream {n} ({x.Client} ↔ {x.Server})";
            Assert.True(turns.Count == x.Messages.Count, $"{what}: tshark has {turns.Count} turns, we have {x.Messages.Count}");
            for (int i = 0; i < turns.Count; i++)
            {
                bool client = turns[i].Node0 == node0IsClient;
                Assert.True((client ? ConversationDirection.ClientToServer : ConversationDirection.ServerToClient) == x.Messages[i].Direction, $"{what} turn {i} direction");
                Assert.True(turns[i].Bytes.SequenceEqual(x.Messages[i].Data), $"{what} turn {i}: {turns[i].Bytes.Count} bytes from tshark, {x.Messages[i].Length} ours");
            }

            Assert.Equal(turns.Where(t => t.Node0 == node0IsClient).SelectMany(t => t.Bytes), x.ClientData);
            Assert.Equal(turns.Where(t => t.Node0 != node0IsClient).SelectMany(t => t.Bytes), x.ServerData);
        }
    }

    /// <summary>tshark 4.0 prints sizes as "N bytes", or in kB/MB once they reach ten of that unit, rounded down.</summary>
    private static void AssertBytes(long ours, string theirs, string what)
    {
        string[] parts = theirs.Split(' ');
        long value = long.Parse(parts[0], CultureInfo.InvariantCulture);
        long unit = parts[1] switch { "bytes" => 1, "kB" => 1000, "MB" => 1_000_000, _ => throw new InvalidDataException(theirs) };
        Assert.True(ours / unit == value, $"{what}: ours {ours}, tshark {theirs}");
    }

    private static bool Same(string address, int port, string otherAddress, int otherPort) =>
        port == otherPort && IPAddress.Parse(address).Equals(IPAddress.Parse(otherAddress));

    private static (string Address, int Port) SplitEndpoint(string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon].Trim('[', ']'), int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<a>\S+)\s+<->\s+(?<b>\S+)\s+(?<fba>\d+)\s+(?<bba>\d+ \w+)\s+(?<fab>\d+)\s+(?<bab>\d+ \w+)\s+\d+\s+\d+ \w+\s+(?<start>[\d.]+)\s+(?<duration>[\d.]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ConversationRows();

    [GeneratedRegex(@"Filter: tcp\.stream eq (?<n>\d+)\nNode 0: (?<node0>\S+)\nNode 1: \S+\n(?<body>(?:[^=][^\n]*\n)*)=+", RegexOptions.Multiline)]
    private static partial Regex FollowBlocks();
}
