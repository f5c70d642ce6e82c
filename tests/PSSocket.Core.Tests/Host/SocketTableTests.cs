using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using PSSocket.Core.Host;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Host;

public class SocketTableTests
{
    // Lines as Linux 6.1 writes them (captured from /proc/net on the build machine).
    [Fact]
    public void A_proc_net_tcp_line_gives_endpoints_state_queues_uid_and_inode()
    {
        var e = ProcNetSocketTable.ParseInet(
            "   3: 0100007F:A203 0100007F:1F90 01 00000010:00000020 00:00000000 00000000  1000        0 41479 1 0000000000000000 20 4 30 10 -1",
            SocketTableProtocol.Tcp)!;
        Assert.Equal("127.0.0.1", e.LocalAddress);
        Assert.Equal(0xA203, e.LocalPort);
        Assert.Equal("127.0.0.1", e.RemoteAddress);
        Assert.Equal(8080, e.RemotePort);
        Assert.Equal(SocketTableState.Established, e.State);
        Assert.Equal(16, e.SendQueue);
        Assert.Equal(32, e.ReceiveQueue);
        Assert.Equal(1000, e.UserId);
        Assert.Equal(41479UL, e.Inode);
        Assert.Equal("IPv4", e.Family);
    }

    [Fact]
    public void A_proc_net_tcp6_line_gives_ipv6_and_mapped_addresses()
    {
        var e = ProcNetSocketTable.ParseInet(
            "   0: 00000000000000000000000001000000:0016 0000000000000000FFFF00000100007F:C350 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1",
            SocketTableProtocol.Tcp)!;
        Assert.Equal("::1", e.LocalAddress);
        Assert.Equal(22, e.LocalPort);
        Assert.Equal("::ffff:127.0.0.1", e.RemoteAddress);
        Assert.Equal(SocketTableState.Listen, e.State);
        Assert.Equal("IPv6", e.Family);
    }

    [Theory]
    [InlineData(1, SocketTableState.Established)]
    [InlineData(2, SocketTableState.SynSent)]
    [InlineData(3, SocketTableState.SynReceived)]
    [InlineData(4, SocketTableState.FinWait1)]
    [InlineData(5, SocketTableState.FinWait2)]
    [InlineData(6, SocketTableState.TimeWait)]
    [InlineData(7, SocketTableState.Closed)]
    [InlineData(8, SocketTableState.CloseWait)]
    [InlineData(9, SocketTableState.LastAck)]
    [InlineData(10, SocketTableState.Listen)]
    [InlineData(11, SocketTableState.Closing)]
    [InlineData(12, SocketTableState.SynReceived)]
    [InlineData(99, SocketTableState.Unknown)]
    public void Kernel_tcp_states_map_as_tcp_states_h_numbers_them(int st, SocketTableState state) =>
        Assert.Equal(state, ProcNetSocketTable.TcpState(st));

    [Fact]
    public void Udp_lines_are_unconnected_unless_the_kernel_says_established()
    {
        Assert.Equal(SocketTableState.Unconnected, ProcNetSocketTable.ParseInet(
            " 123: 00000000:0044 00000000:0000 07 00000000:00000340 00:00000000 00000000     0        0 16 2 0000000000000000 0", SocketTableProtocol.Udp)!.State);
        Assert.Equal(SocketTableState.Established, ProcNetSocketTable.ParseInet(
            " 123: 0100007F:0044 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 17 2 0000000000000000 0", SocketTableProtocol.Udp)!.State);
    }

    [Theory]
    [InlineData("0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/lab.sock", SocketTableState.Listen, "/run/lab.sock")]
    [InlineData("0000000000000000: 00000003 00000000 00000000 0001 03 12346", SocketTableState.Established, "")]
    [InlineData("0000000000000000: 00000002 00000000 00000000 0002 01 12347 @/tmp/.X11-unix/X0", SocketTableState.Unconnected, "@/tmp/.X11-unix/X0")]
    [InlineData("0000000000000000: 00000002 00000000 00000000 0001 02 12348 /a path/with spaces", SocketTableState.Connecting, "/a path/with spaces")]
    public void A_proc_net_unix_line_gives_state_and_path(string line, SocketTableState state, string path)
    {
        var e = ProcNetSocketTable.ParseUnix(line)!;
        Assert.Equal(state, e.State);
        Assert.Equal(path, e.LocalAddress);
        Assert.Equal(SocketTableProtocol.Unix, e.Protocol);
        Assert.Null(e.SendQueue);
    }

    [Theory]
    [InlineData("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode")]
    [InlineData("")]
    [InlineData("   0: 0100007F:ZZZZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1")]
    [InlineData("   0: 0100007F 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1")]
    public void Headers_and_damaged_lines_are_skipped(string line) =>
        Assert.Null(ProcNetSocketTable.ParseInet(line, SocketTableProtocol.Tcp));

    /// <summary>MIB_TCPTABLE_OWNER_PID / MIB_TCP6TABLE_OWNER_PID / MIB_UDPTABLE_OWNER_PID laid out as iphlpapi.h declares them.</summary>
    [Fact]
    public void Windows_tables_decode_rows_ports_states_and_pids()
    {
        byte[] tcp = new byte[4 + 24];
        BinaryPrimitives.WriteUInt32LittleEndian(tcp, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(tcp.AsSpan(4), 5);                 // MIB_TCP_STATE_ESTAB
        new byte[] { 127, 0, 0, 1 }.CopyTo(tcp, 8);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(12), 50000);               // dwLocalPort: network order in the low word
        new byte[] { 10, 0, 0, 2 }.CopyTo(tcp, 16);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(20), 443);
        BinaryPrimitives.WriteUInt32LittleEndian(tcp.AsSpan(24), 4321);
        var (row, pid) = Assert.Single(WindowsSocketTable.ParseTcp(tcp, ipv6: false));
        Assert.Equal(("127.0.0.1", 50000, "10.0.0.2", 443, SocketTableState.Established, 4321),
            (row.LocalAddress, row.LocalPort, row.RemoteAddress, row.RemotePort, row.State, pid));
        Assert.Null(row.SendQueue);
        Assert.Null(row.User);

        byte[] tcp6 = new byte[4 + 56];
        BinaryPrimitives.WriteUInt32LittleEndian(tcp6, 1);
        IPAddress.IPv6Loopback.GetAddressBytes().CopyTo(tcp6, 4);
        BinaryPrimitives.WriteUInt16BigEndian(tcp6.AsSpan(24), 8080);
        BinaryPrimitives.WriteUInt32LittleEndian(tcp6.AsSpan(52), 2);              // MIB_TCP_STATE_LISTEN
        BinaryPrimitives.WriteUInt32LittleEndian(tcp6.AsSpan(56), 77);
        var (row6, pid6) = Assert.Single(WindowsSocketTable.ParseTcp(tcp6, ipv6: true));
        Assert.Equal(("::1", 8080, SocketTableState.Listen, 77, "IPv6"), (row6.LocalAddress, row6.LocalPort, row6.State, pid6, row6.Family));

        byte[] udp = new byte[4 + 12 + 12];
        BinaryPrimitives.WriteUInt32LittleEndian(udp, 2);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(8), 53);
        BinaryPrimitives.WriteUInt32LittleEndian(udp.AsSpan(12), 9);
        new byte[] { 127, 0, 0, 1 }.CopyTo(udp, 16);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(20), 5353);
        BinaryPrimitives.WriteUInt32LittleEndian(udp.AsSpan(24), 10);
        var rows = WindowsSocketTable.ParseUdp(udp, ipv6: false).ToList();
        Assert.Equal([("0.0.0.0", 53, 9), ("127.0.0.1", 5353, 10)], rows.Select(r => (r.Item1.LocalAddress, r.Item1.LocalPort, r.Item2)));
        // A count larger than the buffer holds reads only whole rows.
        BinaryPrimitives.WriteUInt32LittleEndian(udp, 5);
        Assert.Equal(2, WindowsSocketTable.ParseUdp(udp, ipv6: false).Count());
    }

    [Theory]
    [InlineData(1, SocketTableState.Closed)]
    [InlineData(2, SocketTableState.Listen)]
    [InlineData(5, SocketTableState.Established)]
    [InlineData(8, SocketTableState.CloseWait)]
    [InlineData(11, SocketTableState.TimeWait)]
    public void Windows_tcp_states_map_as_mib_tcp_state_numbers_them(int state, SocketTableState expected) =>
        Assert.Equal(expected, WindowsSocketTable.TcpState(state));

    [Fact]
    public void The_portable_source_fills_endpoints_and_state_but_says_it_has_no_owner_or_queues()
    {
        var e = PortableSocketTable.Entry(SocketTableProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 5000), null, TcpState.Listen);
        Assert.Equal(("127.0.0.1", 5000, "0.0.0.0", 0, SocketTableState.Listen), (e.LocalAddress, e.LocalPort, e.RemoteAddress, e.RemotePort, e.State));
        Assert.Null(e.ProcessId);
        Assert.Null(e.ReceiveQueue);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.Contains(new PortableSocketTable().Read(SocketTableProtocol.Tcp), x => x.LocalPort == port && x.State == SocketTableState.Listen);
    }

    [Fact]
    public void A_listener_and_an_established_pair_of_this_process_are_listed_with_it_as_owner()
    {
        using var pair = LoopbackPair.Open();
        var entries = SocketTable.Read(new ProcNetSocketTable(), new SocketTableQuery { LocalPorts = [pair.ListenPort, pair.ClientPort] });
        string comm = File.ReadAllText($"/proc/{Environment.ProcessId}/comm").Trim();
        SocketTableEntry listen = Assert.Single(entries, e => e.State == SocketTableState.Listen);
        Assert.Equal(pair.ListenPort, listen.LocalPort);
        SocketTableEntry server = Assert.Single(entries, e => e.State == SocketTableState.Established && e.LocalPort == pair.ListenPort);
        SocketTableEntry client = Assert.Single(entries, e => e.State == SocketTableState.Established && e.LocalPort == pair.ClientPort);
        Assert.Equal(pair.ClientPort, server.RemotePort);
        Assert.Equal(pair.ListenPort, client.RemotePort);
        Assert.All([listen, server, client], e =>
        {
            Assert.Equal(Environment.ProcessId, e.ProcessId);
            Assert.Equal(comm, e.ProcessName);
            Assert.Equal(Environment.IsPrivilegedProcess ? "root" : Environment.UserName, e.User);
        });
    }

    [Fact]
    public void An_active_close_leaves_time_wait_on_the_closing_side()
    {
        using var pair = LoopbackPair.Open();
        pair.Client.Shutdown(SocketShutdown.Both);
        pair.Client.Close();
        Assert.Equal(0, pair.Server.Receive(new byte[1]));   // the FIN arrived
        pair.Server.Close();
        SocketTableEntry? wait = null;
        var deadline = Stopwatch.StartNew();
        while (wait is null && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            wait = SocketTable.Read(new ProcNetSocketTable(), new SocketTableQuery { LocalPorts = [pair.ClientPort], States = [SocketTableState.TimeWait] })
                .SingleOrDefault();
        }

        Assert.NotNull(wait);
        Assert.Equal(pair.ListenPort, wait.RemotePort);
        Assert.Null(wait.ProcessId); // TIME_WAIT belongs to the kernel, no process holds it
    }

    [PeerFact("ss")]
    public void The_table_agrees_with_ss_on_every_socket_of_the_tests_ports()
    {
        using var pair = LoopbackPair.Open();
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int udpPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
        using var udp6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        udp6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        int udp6Port = ((IPEndPoint)udp6.LocalEndPoint!).Port;
        pair.Client.Send(new byte[100]);                  // 100 bytes waiting in the server's receive queue
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            sender.SendTo(new byte[10], new IPEndPoint(IPAddress.Loopback, udpPort));
        }

        WaitUntil(() => pair.Server.Available == 100 && udp.Available > 0);
        var ports = new HashSet<int> { pair.ListenPort, pair.ClientPort, udpPort, udp6Port };
        string filter = string.Join(" or ", ports.Select(p => $"sport = :{p}"));
        var ss = Ss("-tanpH", filter).Concat(Ss("-uanpH", filter)).Order().ToList();
        var ours = SocketTable.Read(new ProcNetSocketTable(), new SocketTableQuery { Protocols = [SocketTableProtocol.Tcp, SocketTableProtocol.Udp], LocalPorts = ports })
            .Select(e => $"{SsState(e)} {e.ReceiveQueue} {SsQueue(e)} {SsEndpoint(e.LocalAddress, e.LocalPort, e.Family)} {SsEndpoint(e.RemoteAddress, e.RemotePort, e.Family)} {e.ProcessName},{e.ProcessId}")
            .Order().ToList();
        Assert.Equal(5, ours.Count);
        Assert.Equal(ss, ours);
    }

    /// <summary>A python3 listener started as uid 65534 (nobody) through setpriv is listed with that owner.</summary>
    [RootFact]
    public void A_socket_of_another_users_process_is_listed_with_that_owner()
    {
        Assert.True(File.Exists("/usr/bin/setpriv") && File.Exists("/usr/bin/python3"), "setpriv (util-linux) and /usr/bin/python3 are needed");
        var start = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
            "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); print(s.getsockname()[1], flush=True); sys.stdin.read()" })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start)!;
        try
        {
            Task<string?> line = child.StandardOutput.ReadLineAsync();
            Assert.True(line.Wait(TimeSpan.FromSeconds(20)), "the python3 child did not report its port");
            int port = int.Parse(line.Result!, CultureInfo.InvariantCulture);
            var entry = SocketTable.Read(new ProcNetSocketTable(), new SocketTableQuery { LocalPorts = [port], Listening = true }).Single();
            Assert.Equal(child.Id, entry.ProcessId);                 // setpriv execs python3 in place
            Assert.Equal("python3", entry.ProcessName);
            Assert.Equal(65534, entry.UserId);
            Assert.Equal(File.ReadLines("/etc/passwd").First(l => l.Split(':')[2] == "65534").Split(':')[0], entry.User);
        }
        finally
        {
            child.StandardInput.Close();
            if (!child.WaitForExit(10_000))
            {
                child.Kill();
            }
        }
    }

    [Fact]
    public void A_socket_of_this_process_is_found_by_its_endpoints()
    {
        using var pair = LoopbackPair.Open();
        var listener = SocketTable.Read(new ProcNetSocketTable(), new SocketTableQuery { Own = (SocketTableProtocol.Tcp, "127.0.0.1", pair.ListenPort, null, 0) });
        Assert.Equal(SocketTableState.Listen, Assert.Single(listener).State);
        var client = SocketTable.Read(new ProcNetSocketTable(), new SocketTableQuery { Own = (SocketTableProtocol.Tcp, "127.0.0.1", pair.ClientPort, "127.0.0.1", pair.ListenPort) });
        Assert.Equal(pair.ClientPort, Assert.Single(client).LocalPort);
    }

    private static void WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting for the kernel");
            Thread.Sleep(5);
        }
    }

    /// <summary>ss's lines, reduced to "STATE recvq sendq local peer name,pid".</summary>
    private static IEnumerable<string> Ss(string options, string filter)
    {
        var (exit, output, error) = Peer.Run("ss", [options, filter]);
        Assert.True(exit == 0, error);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string owner = f.Length > 5 && f[5].StartsWith("users:((\"", StringComparison.Ordinal)
                ? f[5].Split('"')[1] + "," + f[5].Split("pid=")[1].Split(',')[0]
                : ",";
            yield return $"{f[0]} {f[1]} {f[2]} {f[3]} {f[4]} {owner}";
        }
    }

    private static string SsState(SocketTableEntry e) => e.State switch
    {
        SocketTableState.Listen => "LISTEN",
        SocketTableState.Established => "ESTAB",
        SocketTableState.Unconnected => "UNCONN",
        SocketTableState.TimeWait => "TIME-WAIT",
        _ => e.State.ToString(),
    };

    /// <summary>ss shows a listener's backlog limit as its Send-Q, which /proc/net/tcp does not carry; the test's listener uses 16.</summary>
    private static long? SsQueue(SocketTableEntry e) => e.State == SocketTableState.Listen ? LoopbackPair.Backlog : e.SendQueue;

    private static string SsEndpoint(string address, int port, string family)
    {
        string a = family == "IPv6" ? $"[{address}]" : address;
        return port == 0 ? $"{a}:*" : $"{a}:{port}";
    }

    /// <summary>A listener on 127.0.0.1 and one connection to it, both ends held by this process.</summary>
    private sealed class LoopbackPair : IDisposable
    {
        public const int Backlog = 16;

        private LoopbackPair(Socket listener, Socket client, Socket server)
        {
            Listener = listener;
            Client = client;
            Server = server;
        }

        public Socket Listener { get; }

        public Socket Client { get; }

        public Socket Server { get; }

        public int ListenPort => ((IPEndPoint)Listener.LocalEndPoint!).Port;

        public int ClientPort { get; private init; }

        public static LoopbackPair Open()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(Backlog);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            Socket server = listener.Accept();
            return new LoopbackPair(listener, client, server) { ClientPort = ((IPEndPoint)client.LocalEndPoint!).Port };
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
            Listener.Dispose();
        }
    }
}
