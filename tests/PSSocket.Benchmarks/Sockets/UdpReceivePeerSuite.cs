using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PSSocket.Benchmarks.Sockets;

/// <summary>
/// `peers udp [datagrams] [rounds]`: how much of a loopback flood a receiver takes in, side by side
/// in one run and interleaved (the VM is noisy): a plain python3 recv loop, and Receive-UdpDatagram
/// in pwsh into Measure-Object and through ForEach-Object. One sender, 64-byte datagrams at the
/// highest rate one socket can send; each receiver ends after 3 s of silence and says how many it got.
/// Run it from the repository after a build (it imports the staged module through `dotnet pwsh`);
/// a third argument, the manifest of another build, adds that build's Receive-UdpDatagram as a baseline.
/// </summary>
internal sealed partial class UdpReceivePeerSuite : IPeerSuite
{
    private const string Python = """
        import socket
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(('127.0.0.1', 0))
        print('PORT', s.getsockname()[1], flush=True)
        s.settimeout(3)
        n = 0
        try:
            while True:
                s.recv(2048)
                n += 1
        except socket.timeout:
            pass
        print('RECEIVED', n, flush=True)
        """;

    public string Name => "udp";

    public int Run(string[] args)
    {
        int datagrams = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        string repo = RepoRoot();
        string manifest = Directory.GetFiles(Path.Combine(repo, "out", "PSSocket"), "PSSocket.psd1", SearchOption.AllDirectories).Single();
        var receivers = new (string Name, Func<Process> Start)[]
        {
            ("python3 recv loop", () => Start("python3", ["-c", Python], repo)),
            ("Receive-UdpDatagram | Measure-Object", () => Pwsh(repo, manifest, "Measure-Object | ForEach-Object { 'RECEIVED ' + $_.Count }")),
            ("Receive-UdpDatagram | ForEach-Object", () => Pwsh(repo, manifest, "ForEach-Object -Begin { $n = 0 } -Process { $n++ } -End { 'RECEIVED ' + $n }")),
        };
        if (args.Length > 2)
        {
            string baseline = Path.GetFullPath(args[2]);
            receivers = [.. receivers, ("baseline build | Measure-Object", () => Pwsh(repo, baseline, "Measure-Object | ForEach-Object { 'RECEIVED ' + $_.Count }"))];
        }

        var results = receivers.ToDictionary(r => r.Name, _ => new List<double>());
        var rates = new List<double>();
        Console.WriteLine($"{Environment.ProcessorCount} CPUs, {datagrams:#,0} datagrams of 64 bytes per run, {rounds} interleaved rounds");
        for (int round = 0; round < rounds; round++)
        {
            foreach (var (name, start) in receivers)
            {
                (double percent, double rate, string drops) = Flood(start, datagrams);
                results[name].Add(percent);
                rates.Add(rate);
                Console.WriteLine($"  round {round + 1} {name,-38} {percent,6:0.0}% received   sent at {rate,9:#,0}/s{drops}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Received % (median of {rounds}), sender median {Median(rates):#,0} datagrams/s:");
        double python = Median(results[receivers[0].Name]);
        foreach (var (name, _) in receivers)
        {
            double median = Median(results[name]);
            Console.WriteLine($"  {name,-38} {median,6:0.0}%   / python3 = {median / python:0.00}");
        }

        return 0;
    }

    private static (double Percent, double Rate, string Drops) Flood(Func<Process> start, int datagrams)
    {
        using Process receiver = start();
        var output = new StringBuilder();
        int port = 0;
        while (receiver.StandardOutput.ReadLine() is { } line)
        {
            output.AppendLine(line);
            Match m = PortLine().Match(line);
            if (m.Success)
            {
                port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                break;
            }
        }

        if (port == 0)
        {
            throw new InvalidOperationException("The receiver did not say its port: " + output + receiver.StandardError.ReadToEnd());
        }

        byte[] payload = new byte[64];
        var clock = Stopwatch.StartNew();
        using (var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            sender.Connect(new IPEndPoint(IPAddress.Loopback, port));
            for (int i = 0; i < datagrams; i++)
            {
                sender.Send(payload);
            }
        }

        double rate = datagrams / clock.Elapsed.TotalSeconds;
        string rest = receiver.StandardOutput.ReadToEnd();
        string errors = receiver.StandardError.ReadToEnd();
        if (!receiver.WaitForExit(60_000))
        {
            receiver.Kill(entireProcessTree: true);
            throw new TimeoutException("The receiver did not end.");
        }

        Match received = ReceivedLine().Match(rest);
        if (!received.Success)
        {
            throw new InvalidOperationException("The receiver did not say how many it got: " + rest + errors);
        }

        Match warned = DroppedWarning().Match(rest + errors);
        string drops = warned.Success ? $"   (warned: kernel dropped {warned.Groups[1].Value})" : string.Empty;
        return (100.0 * long.Parse(received.Groups[1].Value, CultureInfo.InvariantCulture) / datagrams, rate, drops);
    }

    /// <summary>pwsh from the repository's tool manifest; -Verbose prints the port it bound, then the count is printed.</summary>
    private static Process Pwsh(string repo, string manifest, string consumer) =>
        Start("dotnet", ["pwsh", "-NoProfile", "-NonInteractive", "-Command",
            $"Import-Module '{manifest}'; Receive-UdpDatagram -Port 0 -Address 127.0.0.1 -Count 0 -Timeout 3 -Verbose 4>&1 | ForEach-Object {{ if ($_ -is [System.Management.Automation.VerboseRecord]) {{ [Console]::Out.WriteLine('VERBOSE: ' + $_.Message); [Console]::Out.Flush() }} else {{ $_ }} }} | {consumer}"], repo);

    private static Process Start(string file, string[] arguments, string directory)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PSSocket.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from the repository: PSSocket.sln not found above " + AppContext.BaseDirectory);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    [GeneratedRegex(@"(?:PORT |VERBOSE: Listening for UDP on 127\.0\.0\.1:)(\d+)")]
    private static partial Regex PortLine();

    [GeneratedRegex(@"RECEIVED (\d+)")]
    private static partial Regex ReceivedLine();

    [GeneratedRegex(@"dropped (\d+) datagram")]
    private static partial Regex DroppedWarning();
}
