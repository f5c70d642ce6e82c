using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Capture;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;

namespace PSSocket.Benchmarks.Capture;

/// <summary>
/// `peers capture [datagrams] [pwsh-manifest|-] [sender-processes] [streaming,drain,pwsh]`: bursts of 64-byte UDP datagrams on
/// lo from a C sender (udpburst.c, gcc -O2: sendmmsg in batches of 64 from several processes, the
/// fastest this machine sends), in two kinds of run:
/// (1) streaming: the burst captured at the same time by tcpdump -w and the native engine (ring and
/// recvmmsg), with 2 MiB and with the 64 MiB default; packets captured, kernel drops, packets/s;
/// (2) drain: the burst first waits in each capturer's kernel buffer (tcpdump stopped by SIGSTOP, the
/// engine not yet reading, pwsh stopped), then each is let go alone and timed until it has taken the
/// whole burst: packets/s into user space, independent of the sender, as ratios to tcpdump's, and the
/// CPU time each used for it (per packet: tcpdump's, ours in all threads but the polling main one, and
/// our reader thread's), which a busy machine disturbs far less than the wall time. Our
/// capturers there: packet objects from the ring ("ring"), the ring written straight to a pcap file
/// on the same tmpfs as tcpdump's, without packet objects ("file": tcpdump -w's own work), and packet
/// objects through recvmmsg ("recv"), and packet objects from the ring selected by a tcpdump expression
/// ("ringx": -Filter, in the kernel only, where -Port is checked again on each frame by the reader);
/// `drain:ring` (or :file, :recv, :ringx, several with +) runs only those,
/// so that round 1 of a process running one of them is that capturer's fresh-process figure;
/// `streaming:recv` runs only recvmmsg beside tcpdump at 2 MiB and full speed.
/// With a manifest, the same for `Receive-RawPacket | Out-Null` and `Receive-RawPacket -Path` in a
/// real pwsh. The last argument picks the parts to run (all by default). Needs root, tcpdump and gcc.
/// The drain prints what a fresh page costs here; with DOTNET_GCgen0size=0x8000000 in its environment,
/// rounds 1-3 put every packet object in pages never touched before and round 5 (after round 4's
/// collection) in pages touched before: the same engine in both kinds of memory.
/// </summary>
internal sealed class CapturePeerSuite : IPeerSuite
{
    private const int PcapFileHeader = 24;
    private const int PcapRecord = 16 + 64;
    private const int SigCont = 18;
    private const int SigStop = 19;

    public string Name => "capture";

    public int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        string? manifest = args.Length > 1 && args[1] != "-" ? args[1] : null;
        int senders = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        string[] parts = (args.Length > 3 ? args[3] : "streaming,drain,pwsh").Split(',');
        string burst = Path.Combine(Path.GetTempPath(), "pssocket-udpburst");
        var (gccExit, gccError) = Exec("gcc", ["-O2", "-o", burst, Path.Combine(AppContext.BaseDirectory, "Capture", "udpburst.c")]);
        if (gccExit != 0)
        {
            Console.Error.WriteLine("gcc failed (apt-get install gcc): " + gccError);
            return 1;
        }

        Console.WriteLine($"{Environment.ProcessorCount} CPUs; burst of {count:N0} 64-byte UDP datagrams on lo per run, {senders} sendmmsg sender processes");
        if (parts.Contains("streaming"))
        {
            Streaming(burst, count, senders, [CaptureMethod.Ring, CaptureMethod.Receive], fullSpeed2MiBOnly: false);
        }

        if (parts.Contains("streaming:recv"))
        {
            // The case recvmmsg was made for, alone: 2 MiB at the sender's full speed.
            Streaming(burst, count, senders, [CaptureMethod.Receive], fullSpeed2MiBOnly: true);
        }

        string? drainPart = parts.FirstOrDefault(p => p == "drain" || p.StartsWith("drain:", StringComparison.Ordinal));
        string[] ours = drainPart is null or "drain" ? ["ring", "file", "recv"] : drainPart["drain:".Length..].Split('+');
        double tcpdumpRate = drainPart is not null ? Drain(burst, count, senders, ours) : 0;
        if (manifest is not null && parts.Contains("pwsh"))
        {
            Console.WriteLine("(3) pwsh: streaming (sent while capturing), then drain (the burst waits while pwsh is stopped)");
            foreach (bool drain in new[] { false, true })
            {
                foreach (string sink in new[] { "Out-Null", "-Path" })
                {
                    Pwsh(manifest, burst, count, senders, sink, drain, tcpdumpRate);
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// Each of our methods alone beside tcpdump (two of ours in one process took CPU from each other,
    /// not from tcpdump), with tcpdump's -B equal to our buffer, at the sender's full speed and paced.
    /// </summary>
    private static void Streaming(string burst, int count, int senders, CaptureMethod[] methods, bool fullSpeed2MiBOnly)
    {
        Console.WriteLine("(1) streaming: tcpdump and one of ours at once while the burst is sent");
        Console.WriteLine($"{"capturer",-34} {"captured",10} {"dropped",9} {"packets/s",11}");
        var runs = fullSpeed2MiBOnly ? new[] { (2 << 20, new[] { 0 }) } : new[] { (2 << 20, new[] { 0, 100_000, 50_000 }), (CaptureOptions.DefaultBufferSize, new[] { 0 }) };
        foreach (var (buffer, rates) in runs)
        {
            foreach (int rate in rates)
            {
                foreach (var method in methods)
                {
                    using var receiver = Receiver(out int port);
                    string file = Path.Combine(Path.GetTempPath(), $"pssocket-bench-{port}.pcap");
                    using var tcpdump = StartTcpdump(file, port, buffer);
                    var ours = Measure(method, buffer, port, start: true);
                    var (sent, sendSeconds) = Burst(burst, port, count, senders, rate);
                    Thread.Sleep(2000); // tcpdump's 1 s block timeout, and the readers' tails
                    ours.Stop.Cancel();
                    string said = StopTcpdump(tcpdump);
                    Console.WriteLine($"-- sender{(rate > 0 ? $" paced to {rate:N0}/s" : string.Empty)}: {sent:N0} datagrams in {sendSeconds:0.00} s = {sent / sendSeconds:N0}/s; buffers {buffer >> 20} MiB; load {Load()}");
                    Console.WriteLine($"{$"tcpdump -w ({buffer >> 20} MiB)",-34} {Line(said, "captured"),10} {Line(said, "dropped by kernel"),9} {"-",11}");
                    _ = Report($"native {(method == CaptureMethod.Ring ? "ring" : "recvmmsg")} ({buffer >> 20} MiB)", ours, null);
                    File.Delete(file);
                }
            }
        }
    }

    /// <summary>
    /// Three rounds, each its own burst, so one noisy moment on a shared machine shows as an outlier;
    /// the ratios' median is the figure. tcpdump is timed two ways: until its file holds the burst
    /// (polled; stdio lags by one 8 KiB buffer) and, as a second instance with -c, until it exits
    /// (which adds its exit: flush, munmap, the summary), so the first is its best case. The -c
    /// instance stops at 99% of the burst, because tcpdump's ring can drop a few and -c then never comes.
    /// Both write to tmpfs when there is one, so no disk writeback slows tcpdump down; we write nothing.
    /// </summary>
    private static double Drain(string burst, int count, int senders, string[] ours)
    {
        const int Rounds = 5;
        Console.WriteLine("(2) drain: the burst waits in each kernel buffer (64 MiB), then each capturer alone takes it");
        FreshPages();
        Console.WriteLine($"{"capturer",-34} {"captured",10} {"dropped",9} {"packets/s",11} {"x tcpdump",9}");
        var tcpdumpRates = new List<double>();
        var ratios = new Dictionary<string, List<double>>();
        for (int round = 1; round <= Rounds; round++)
        {
            using var receiver = Receiver(out int port);
            string folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
            string file = Path.Combine(folder, $"pssocket-bench-{port}.pcap");
            string counted = Path.Combine(folder, $"pssocket-bench-{port}-c.pcap");
            int exitAfter = count - (count / 100);
            using var tcpdump = StartTcpdump(file, port, CaptureOptions.DefaultBufferSize);
            using var tcpdumpCounted = StartTcpdump(counted, port, CaptureOptions.DefaultBufferSize, exitAfter);
            _ = Kill(tcpdump.Id, SigStop);
            _ = Kill(tcpdumpCounted.Id, SigStop);
            string ourFile = Path.Combine(folder, $"pssocket-bench-{port}-ours.pcap");
            var runs = ours.Select(name => name switch
            {
                "ring" => ("native ring (64 MiB)", Measure(CaptureMethod.Ring, CaptureOptions.DefaultBufferSize, port, start: false)),
                "file" => ("native ring -> file (64 MiB)", Measure(CaptureMethod.Ring, CaptureOptions.DefaultBufferSize, port, start: false, ourFile)),
                "ringx" => ("native ring, -Filter (64 MiB)", Measure(CaptureMethod.Ring, CaptureOptions.DefaultBufferSize, port, start: false, expression: true)),
                "recv" => ("native recvmmsg (64 MiB)", Measure(CaptureMethod.Receive, CaptureOptions.DefaultBufferSize, port, start: false)),
                _ => throw new ArgumentException("drain: ring, file, recv or ringx, not " + name),
            }).ToList();
            var (sent, _) = Burst(burst, port, count, senders);
            Thread.Sleep(1500); // every ring block retires (tcpdump's after 1 s), so no capturer waits for the kernel's timer
            Console.WriteLine($"-- round {round}: {sent:N0} sent; load {Load()}");

            // tcpdump writes through stdio, so the file lags by at most one buffer (8 KiB, ~100 records) until it exits.
            long expected = PcapFileHeader + (sent * PcapRecord) - 8192;
            long tcpdumpCpu = RunNanoseconds(tcpdump.Id);
            var clock = Stopwatch.StartNew();
            _ = Kill(tcpdump.Id, SigCont);
            while (new FileInfo(file).Length < expected && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Yield();
            }

            double seconds = clock.Elapsed.TotalSeconds;
            tcpdumpCpu = RunNanoseconds(tcpdump.Id) - tcpdumpCpu;
            string said = StopTcpdump(tcpdump);
            double tcpdumpRate = sent / seconds;
            tcpdumpRates.Add(tcpdumpRate);
            Console.WriteLine($"{"tcpdump -w (64 MiB), file full",-34} {Line(said, "captured"),10} {Line(said, "dropped by kernel"),9} {tcpdumpRate,11:N0} {1.0,9:0.00}   CPU {(double)tcpdumpCpu / sent,5:0} ns a packet");
            clock.Restart();
            _ = Kill(tcpdumpCounted.Id, SigCont);
            bool exited = tcpdumpCounted.WaitForExit(60_000);
            seconds = clock.Elapsed.TotalSeconds;
            said = exited ? tcpdumpCounted.StandardError.ReadToEnd() : StopTcpdump(tcpdumpCounted);
            Ratio(ratios, "tcpdump -w -c (64 MiB), exited", Line(said, "captured"), Line(said, "dropped by kernel"), exitAfter / seconds, tcpdumpRate);
            foreach (var (name, run) in runs)
            {
                run.Target = sent;
                run.Cpu = RunNanoseconds(Environment.ProcessId);
                run.TcpdumpCpu = tcpdumpCpu;

                // The clock starts before the reader does, as tcpdump's starts before SIGCONT: stamped by the
                // consumer once it woke, it missed what the reader drained meanwhile (on a busy machine, much of
                // the burst) and the file path, whose consumer yields nothing, could end before it began.
                run.First = Stopwatch.GetTimestamp();
                run.Capture.Start();
                run.Go.Set();
                var until = DateTime.UtcNow.AddSeconds(60);
                // Until the burst is in, or accounted for: the kernel's drops show once the reader has waited (about a second).
                while (run.Seen + run.Capture.KernelDropped < sent && DateTime.UtcNow < until)
                {
                    if (run.File is not null)
                    {
                        // No packets come to a consumer: the reader's own count says when the file holds the burst.
                        run.Seen = run.Capture.Captured;
                        run.Last = Stopwatch.GetTimestamp();
                        run.Stamped = run.Seen;
                        Thread.Yield();
                    }
                    else
                    {
                        Thread.Sleep(1);
                    }
                }

                run.Cpu = RunNanoseconds(Environment.ProcessId) - run.Cpu;
                run.ReaderCpu = RunNanoseconds(Environment.ProcessId, readerOnly: true); // the reader thread starts with the drain
                run.Stop.Cancel();
                double rate = Report(name, run, tcpdumpRate).Rate;
                ratios.TryAdd(name, []);
                ratios[name].Add(rate / tcpdumpRate);
            }

            File.Delete(file);
            File.Delete(counted);
            File.Delete(ourFile);
        }

        foreach (var (name, list) in ratios)
        {
            // Round 1 is the first capture this process makes: its code has not run before (a pwsh capture is always such a start).
            Console.WriteLine($"{name}: round 1 (fresh process) {list[0]:0.00} x tcpdump; median of rounds 2-{Rounds} (warm) {Median(list[1..]):0.00} x; median of all {Median(list):0.00} x (tcpdump file full, median {Median(tcpdumpRates):N0}/s)");
        }

        return Median(tcpdumpRates);
    }

    /// <summary>
    /// What memory never touched before costs here, beside the drains: a captured packet is objects
    /// of about 200 bytes (LazyDecodeTests), which the .NET GC places in pages touched before or in
    /// fresh ones as its own policy decides (its gen0 budget and what it keeps of freed regions; the
    /// host process sets those, a module cannot), and a fresh page costs its first touch. tcpdump
    /// allocates nothing a packet: its ring's pages are mapped once, when it opens.
    /// </summary>
    private static unsafe void FreshPages()
    {
        const int Size = 64 << 20, Page = 4096;
        byte* memory = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc(Size); // that large, glibc maps it fresh
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < Size; i += Page)
        {
            memory[i] = 1;
        }

        double fresh = clock.Elapsed.TotalNanoseconds / (Size / Page);
        clock.Restart();
        new Span<byte>(memory, Size).Fill(2);
        double warm = clock.Elapsed.TotalNanoseconds / (Size / Page);
        System.Runtime.InteropServices.NativeMemory.Free(memory);
        Console.WriteLine($"-- memory: first touch of a fresh 4 KiB page {fresh:0} ns, writing a whole page touched before {warm:0} ns; 200 bytes of objects a packet in fresh pages: {fresh * 200 / Page:0} ns a packet");
    }

    private static void Ratio(Dictionary<string, List<double>> ratios, string name, string captured, string dropped, double rate, double tcpdumpRate)
    {
        Console.WriteLine($"{name,-34} {captured,10} {dropped,9} {rate,11:N0} {rate / tcpdumpRate,9:0.00}");
        ratios.TryAdd(name, []);
        ratios[name].Add(rate / tcpdumpRate);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static void Pwsh(string manifest, string burst, int count, int senders, string sink, bool drain, double tcpdumpRate)
    {
        using var receiver = Receiver(out int port);
        string file = Path.Combine(Path.GetTempPath(), $"pssocket-bench-{port}.pcapng");
        string tcpdumpFile = Path.Combine(Path.GetTempPath(), $"pssocket-bench-{port}-tcpdump.pcap");
        using var tcpdump = StartTcpdump(tcpdumpFile, port, CaptureOptions.DefaultBufferSize); // beside pwsh, with the same buffer as Receive-RawPacket's default
        string pipeline = sink == "-Path"
            ? $"Receive-RawPacket lo -Port {port} -Count {count} -Duration 120 -Path {file} -Verbose"
            : $"Receive-RawPacket lo -Port {port} -Count {count} -Duration 120 -Verbose | Out-Null";
        var clock = Stopwatch.StartNew();
        using var pwsh = Process.Start(new ProcessStartInfo("dotnet", ["pwsh", "-NoProfile", "-c", $"Import-Module {manifest}; $PID; {pipeline} 4>&1 | Select-Object -Last 1; 'end ' + [DateTime]::UtcNow.Ticks"]) { RedirectStandardOutput = true })!;
        int pid = int.Parse(pwsh.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
        while (!HasBoundPacketSocket(pid) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(20); // the capture is armed once its packet socket is bound
        }

        if (drain)
        {
            _ = Kill(pid, SigStop);
        }

        var (sent, sendSeconds) = Burst(burst, port, count, senders);
        long released = DateTime.UtcNow.Ticks;
        if (drain)
        {
            Thread.Sleep(1500);
            released = DateTime.UtcNow.Ticks;
            _ = Kill(pid, SigCont);
        }

        string[] output = pwsh.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        pwsh.WaitForExit();
        string end = output.FirstOrDefault(l => l.StartsWith("end ", StringComparison.Ordinal)) ?? "end 0";
        double seconds = TimeSpan.FromTicks(long.Parse(end[4..], CultureInfo.InvariantCulture) - released).TotalSeconds;
        string verbose = string.Join(' ', output.Where(l => !l.StartsWith("end ", StringComparison.Ordinal)));
        Thread.Sleep(1000); // tcpdump's last block retires
        string said = StopTcpdump(tcpdump);
        string beside = $"tcpdump -w beside it (64 MiB): {Line(said, "captured")} captured, {Line(said, "dropped by kernel")} dropped";
        Console.WriteLine(drain
            ? $"-- pwsh | {sink} drain: {sent / seconds:N0} packets/s = {sent / seconds / tcpdumpRate:0.00} x tcpdump; load {Load()}; {beside}; {verbose}"
            : $"-- pwsh | {sink} streaming: sender {sent / sendSeconds:N0}/s; load {Load()}; {beside}; {verbose}");
        File.Delete(file);
        File.Delete(tcpdumpFile);
    }

    private static Socket Receiver(out int port)
    {
        var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        return receiver;
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>
    /// The CPU time all of a process's threads have run (schedstat's first field, nanoseconds): on a
    /// machine shared with other work, a drain's wall time says as much about the others as about the
    /// capturer, while the CPU it used to take the burst is its own. For this process, all threads but
    /// the main one, which only polls for the end (and busily so for the file path).
    /// </summary>
    private static long RunNanoseconds(int pid, bool readerOnly = false) => Directory.GetDirectories($"/proc/{pid}/task")
        .Where(t => pid != Environment.ProcessId || Path.GetFileName(t) != pid.ToString(CultureInfo.InvariantCulture))
        .Where(t => !readerOnly || (File.Exists(t + "/comm") && File.ReadAllText(t + "/comm").StartsWith("PSSocket captur", StringComparison.Ordinal)))
        .Sum(t => File.Exists(t + "/schedstat") ? long.Parse(File.ReadAllText(t + "/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) : 0);

    /// <summary>
    /// Datagrams the kernel dropped before any capturer saw them: lo queues each one to a per-CPU
    /// backlog (net.core.netdev_max_backlog) and drops it there, counted in /proc/net/softnet_stat's
    /// second column, when the sender outruns the receive side. tcpdump and we see neither.
    /// </summary>
    private static long BacklogDrops() => File.ReadAllLines("/proc/net/softnet_stat")
        .Sum(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static (long Sent, double Seconds) Burst(string sender, int port, int count, int processes, int rate = 0)
    {
        long backlogDrops = BacklogDrops();
        var (exit, output) = Exec(sender, [port.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture), processes.ToString(CultureInfo.InvariantCulture), rate.ToString(CultureInfo.InvariantCulture)]);
        string[] parts = output.Split(' ', StringSplitOptions.TrimEntries);
        if (BacklogDrops() - backlogDrops is > 0 and var lost)
        {
            Console.WriteLine($"-- lo's backlog dropped {lost:N0} of this burst before any capturer could see them");
        }

        return exit == 0 ? (long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture)) : (0, 1);
    }

    private static (int Exit, string Output) Exec(string file, string[] arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output.Trim());
    }

    /// <summary>An armed capture; with <paramref name="start"/> false it reads nothing until its Go is set, so the burst waits in its kernel buffer.</summary>
    /// <remarks>With <paramref name="file"/>, the capture writes to that pcap file itself (Receive-RawPacket -Path without -PassThru) and yields no packets.</remarks>
    private static Reader Measure(CaptureMethod method, int buffer, int port, bool start, string? file = null, bool expression = false)
    {
        var filter = expression ? FilterExpression.Compile($"udp port {port}") : null;
        var capture = LinuxPacketCapture.Open(new CaptureOptions { Interface = "lo", Method = method, BufferSize = buffer, Selection = expression ? null : new PacketFilter(null, [port], null), Expression = filter });
        var run = new Reader(capture, new CancellationTokenSource()) { Expression = filter };
        if (file is not null)
        {
            run.File = CaptureFileWriter.Create(file, CaptureFormat.Pcap, capture.LinkType, append: false);
            capture.WriteTo(run.File);
        }

        if (start)
        {
            capture.Start();
            run.Go.Set();
        }

        run.Reading = Task.Run(async () =>
        {
            run.Go.Wait();
            run.GcPause = GC.GetTotalPauseDuration();
            run.Collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            // A clock read costs a good part of what the engine spends on a packet (tcpdump's side reads no
            // clock per packet), so the consumer stamps only the first packet, every 1024th and the burst's last,
            // and the rate is taken over the packets up to the last stamp.
            await foreach (var _ in capture.ReadAllAsync(run.Stop.Token))
            {
                long seen = ++run.Seen;
                if (run.First == 0 || (seen & 1023) == 0 || seen == run.Target)
                {
                    run.Last = Stopwatch.GetTimestamp();
                    run.Stamped = seen;
                    if (run.First == 0)
                    {
                        run.First = run.Last;
                    }
                }
            }
        });
        return run;
    }

    /// <summary>Packets/s up to the last stamped packet, from the first one (streaming) or from the release (drain).</summary>
    private static (long Captured, long Dropped, double Rate) Report(string name, Reader run, double? tcpdumpRate)
    {
        run.Reading!.Wait();
        var s = run.Capture.Statistics;
        double seconds = Stopwatch.GetElapsedTime(run.First, run.Last).TotalSeconds;
        double rate = seconds > 0 ? run.Stamped / seconds : 0;
        string ratio = tcpdumpRate is { } t ? (rate / t).ToString("0.00", CultureInfo.InvariantCulture) : string.Empty;
        double pause = (GC.GetTotalPauseDuration() - run.GcPause).TotalMilliseconds;
        string gcs = string.Join('/', run.Collections.Select((c, g) => GC.CollectionCount(g) - c));
        run.Capture.Dispose();
        run.Expression?.Dispose();
        string written = string.Empty;
        if (run.File is { } writer)
        {
            writer.Complete();
            written = $"; file {writer.PacketsWritten:N0} records, {new FileInfo(writer.Name).Length:N0} bytes";
        }

        string cpu = run.Cpu > 0 ? string.Create(CultureInfo.InvariantCulture, $"CPU {(double)run.Cpu / s.Captured,5:0} ns a packet, reader thread {(double)run.ReaderCpu / s.Captured,5:0} ({(double)run.TcpdumpCpu / run.Cpu:0.00} x tcpdump's per packet), ") : string.Empty;
        Console.WriteLine($"{name,-34} {s.Captured,10:N0} {s.KernelDropped,9:N0} {rate,11:N0} {ratio,9}   {cpu}GC gen0/1/2 {gcs}, paused {pause:0.0} of {seconds * 1000:0.0} ms{written}");
        return (s.Captured, s.KernelDropped, rate);
    }

    /// <summary>
    /// Whether <paramref name="pid"/> holds a packet socket bound to a protocol and running (Proto not
    /// 0000, R 1): ours shows up at socket(), but takes packets only from bind, after the filter and the
    /// ring (64 MiB to clear) are set up. Counting sockets at creation started the burst up to a tenth
    /// of a second early, and the first ~24,000 datagrams went by before the capture had begun (tcpdump
    /// beside it had all of them). Counting every process's bound sockets did the same while other
    /// captures (other tests on the machine) opened theirs: pwsh -Path took 156,439 of a 200,000 burst,
    /// its kernel counted 156,591 received and none dropped, and tcpdump beside it had all 200,000.
    /// So the socket must be pwsh's own: its inode among the process's open files.
    /// </summary>
    private static bool HasBoundPacketSocket(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    _ = inodes.Add(target["socket:[".Length..^1]);
                }
            }
            catch (IOException)
            {
                // pwsh closed that file meanwhile
            }
        }

        return File.ReadAllLines("/proc/net/packet").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(c => c.Length > 8 && c[3] != "0000" && c[5] == "1" && inodes.Contains(c[8]));
    }

    private static Process StartTcpdump(string file, int port, int buffer, int? exitAfter = null)
    {
        string[] count = exitAfter is { } c ? ["-c", c.ToString(CultureInfo.InvariantCulture)] : [];
        var start = new ProcessStartInfo("tcpdump", ["-i", "lo", "-n", "-B", (buffer >> 10).ToString(CultureInfo.InvariantCulture), .. count, "-w", file, $"udp port {port}"]) { RedirectStandardError = true };
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
#pragma warning disable SYSLIB1054, CA5392 // signals to children: SIGINT makes tcpdump print its counts, SIGSTOP/SIGCONT hold a capturer
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054, CA5392

    private sealed class Reader(LinuxPacketCapture capture, CancellationTokenSource stop)
    {
        public LinuxPacketCapture Capture { get; } = capture;

        public CancellationTokenSource Stop { get; } = stop;

        public ManualResetEventSlim Go { get; } = new();

        public Task? Reading { get; set; }

        public long First { get; set; }

        public long Last { get; set; }

        public long Seen { get; set; }

        /// <summary>The burst's size in a drain (the consumer stamps the clock at its last packet); 0 when streaming.</summary>
        public long Target { get; set; }

        /// <summary>How many packets had come when <see cref="Last"/> was stamped.</summary>
        public long Stamped { get; set; }

        public TimeSpan GcPause { get; set; }

        /// <summary>In a drain: this process's CPU nanoseconds while it took the burst (all threads but the polling main one).</summary>
        public long Cpu { get; set; }

        /// <summary>The reader thread's share of <see cref="Cpu"/>.</summary>
        public long ReaderCpu { get; set; }

        /// <summary>tcpdump's CPU nanoseconds for the same burst, for the ratio.</summary>
        public long TcpdumpCpu { get; set; }

        public int[] Collections { get; set; } = [];

        public CaptureFileWriter? File { get; set; }

        public FilterExpression? Expression { get; set; }
    }
}
