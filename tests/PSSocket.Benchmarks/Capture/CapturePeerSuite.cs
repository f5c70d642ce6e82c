using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;

namespace PSSocket.Benchmarks.Capture;

/// <summary>
/// `peers capture [datagrams] [pwsh-manifest]`: a burst of 64-byte UDP datagrams on lo, sent as fast as
/// one thread can, captured at the same time by tcpdump -w and by the native engine (ring and recvmsg,
/// with tcpdump's 2 MiB buffer and with the 64 MiB default). Then the same burst into
/// `Receive-RawPacket | Out-Null` and `Receive-RawPacket -Path` in a real pwsh. For each: packets
/// captured, the kernel's drops, and packets/s from the first to the last packet delivered.
/// Needs root and tcpdump.
/// </summary>
internal sealed class CapturePeerSuite : IPeerSuite
{
    public string Name => "capture";

    public int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        string? manifest = args.Length > 1 ? args[1] : null;
        Console.WriteLine($"{Environment.ProcessorCount} CPUs; burst of {count:N0} 64-byte UDP datagrams on lo per run");
        Console.WriteLine($"{"capturer",-34} {"captured",10} {"dropped",9} {"packets/s",11}");
        foreach (int buffer in new[] { 2 << 20, CaptureOptions.DefaultBufferSize })
        {
            using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
            string file = Path.Combine(Path.GetTempPath(), $"pssocket-bench-{port}.pcap");
            using var tcpdump = StartTcpdump(file, port);
            var ring = Measure(CaptureMethod.Ring, buffer, port);
            var recv = Measure(CaptureMethod.Receive, buffer, port);
            var (sent, sendSeconds) = Burst(port, count);
            Thread.Sleep(2000); // tcpdump's 1 s block timeout, and the readers' tails
            ring.Stop.Cancel();
            recv.Stop.Cancel();
            string said = StopTcpdump(tcpdump);
            Console.WriteLine($"-- sender: {sent:N0} datagrams in {sendSeconds:0.00} s = {sent / sendSeconds:N0}/s; ring and recvmsg buffers {buffer >> 20} MiB");
            Console.WriteLine($"{"tcpdump -w (2 MiB, libpcap ring)",-34} {Line(said, "captured"),10} {Line(said, "dropped by kernel"),9} {"-",11}");
            Report($"native ring ({buffer >> 20} MiB)", ring);
            Report($"native recvmsg ({buffer >> 20} MiB)", recv);
            File.Delete(file);
        }

        if (manifest is not null)
        {
            foreach (string sink in new[] { "Out-Null", "-Path" })
            {
                using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                int port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
                string file = Path.Combine(Path.GetTempPath(), $"pssocket-bench-{port}.pcapng");
                string pipeline = sink == "-Path"
                    ? $"Receive-RawPacket lo -Port {port} -Count {count} -Duration 60 -Path {file} -Verbose"
                    : $"Receive-RawPacket lo -Port {port} -Count {count} -Duration 60 -Verbose | Out-Null";
                int sockets = PacketSockets();
                var clock = Stopwatch.StartNew();
                using var pwsh = Process.Start(new ProcessStartInfo("dotnet", ["pwsh", "-NoProfile", "-c", $"Import-Module {manifest}; $t = [Diagnostics.Stopwatch]::StartNew(); {pipeline} 4>&1 | Select-Object -Last 1; 'elapsed ' + $t.Elapsed.TotalSeconds"]) { RedirectStandardOutput = true })!;
                while (PacketSockets() <= sockets && clock.Elapsed < TimeSpan.FromSeconds(60))
                {
                    Thread.Sleep(20); // the capture is armed once its packet socket exists
                }

                var (sent, sendSeconds) = Burst(port, count);
                string output = pwsh.StandardOutput.ReadToEnd();
                pwsh.WaitForExit();
                Console.WriteLine($"-- pwsh Receive-RawPacket | {sink}: sender {sent / sendSeconds:N0}/s; {output.Replace('\n', ' ').Trim()}");
                File.Delete(file);
            }
        }

        return 0;
    }

    private static (long Sent, double Seconds) Burst(int port, int count)
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Connect(new IPEndPoint(IPAddress.Loopback, port));
        byte[] payload = new byte[64 - 42]; // 64-byte frames: 14 Ethernet + 20 IP + 8 UDP + 22
        var clock = Stopwatch.StartNew();
        long sent = 0;
        for (int i = 0; i < count; i++)
        {
            try
            {
                sender.Send(payload);
                sent++;
            }
            catch (SocketException)
            {
                // ECONNREFUSED from an earlier ICMP error cannot happen (the port is bound); ENOBUFS just loses one
            }
        }

        return (sent, clock.Elapsed.TotalSeconds);
    }

    private static Reader Measure(CaptureMethod method, int buffer, int port)
    {
        var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, BufferSize = buffer, Selection = new PacketFilter(null, [port], null) });
        var run = new Reader(capture, new CancellationTokenSource());
        capture.Start();
        run.Reading = Task.Run(async () =>
        {
            await foreach (var _ in capture.ReadAllAsync(run.Stop.Token))
            {
                long now = Stopwatch.GetTimestamp();
                if (run.First == 0)
                {
                    run.First = now;
                }

                run.Last = now;
            }
        });
        return run;
    }

    private static void Report(string name, Reader run)
    {
        run.Reading!.Wait();
        var s = run.Capture.Statistics;
        double seconds = Stopwatch.GetElapsedTime(run.First, run.Last).TotalSeconds;
        Console.WriteLine($"{name,-34} {s.Captured,10:N0} {s.KernelDropped,9:N0} {(seconds > 0 ? s.Captured / seconds : 0),11:N0}");
        run.Capture.Dispose();
    }

    private static int PacketSockets() => File.ReadAllLines("/proc/net/packet").Length;

    private static Process StartTcpdump(string file, int port)
    {
        var start = new ProcessStartInfo("tcpdump", ["-i", "lo", "-n", "-w", file, $"udp port {port}"]) { RedirectStandardError = true };
        var p = Process.Start(start)!;
        while (p.StandardError.ReadLine() is { } line && !line.Contains("listening on", StringComparison.Ordinal))
        {
        }

        return p;
    }

    private static string StopTcpdump(Process p)
    {
        _ = Kill(p.Id, 2);
        string text = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    private static string Line(string text, string what) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(what, StringComparison.Ordinal))?.Split(' ')[0] ?? "?";

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
#pragma warning disable SYSLIB1054, CA5392 // one signal to a child; SIGINT makes tcpdump print its counts
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392

    private sealed class Reader(LinuxPacketCapture capture, CancellationTokenSource stop)
    {
        public LinuxPacketCapture Capture { get; } = capture;

        public CancellationTokenSource Stop { get; } = stop;

        public Task? Reading { get; set; }

        public long First { get; set; }

        public long Last { get; set; }
    }
}
