using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core.Host;

namespace PSSocket.Benchmarks.Host;

/// <summary>
/// `peers host [sockets]`: Get-SocketConnection's engine against ss with N open loopback TCP sockets
/// (N/2 connected pairs held by this process), interleaved in one run: the table alone (/proc/net
/// parse vs ss -tan, which asks netlink sock_diag) and with owners (vs ss -tanp).
/// </summary>
internal sealed class HostPeerSuite : IPeerSuite
{
    private const int Rounds = 7;

    public string Name => "host";

    public int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var held = new List<Socket>(count);
        for (int i = 0; i < count / 2; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect(listener.LocalEndPoint!);
            held.Add(client);
            held.Add(listener.Accept());
        }

        try
        {
            var query = new SocketTableQuery { Protocols = [SocketTableProtocol.Tcp] };
            var source = new ProcNetSocketTable();
            int rows = SocketTable.Read(source, query).Count;
            Console.WriteLine($"{Environment.ProcessorCount} CPUs, {held.Count} sockets held, {rows} TCP rows in the table, median of {Rounds} interleaved rounds");
            var tableOnly = new List<double>();
            var ssTable = new List<double>();
            var withOwners = new List<double>();
            var ssOwners = new List<double>();
            for (int round = 0; round < Rounds; round++)
            {
                tableOnly.Add(Time(() => source.Read(SocketTableProtocol.Tcp).Count()));
                ssTable.Add(Time(() => Ss("-tan")));
                withOwners.Add(Time(() => SocketTable.Read(new ProcNetSocketTable(), query).Count));
                ssOwners.Add(Time(() => Ss("-tanp")));
            }

            Console.WriteLine("TCP table without owners (ms):");
            Console.WriteLine($"  engine /proc/net/tcp{{,6}}    {Median(tableOnly),8:0.0}   runs {Runs(tableOnly)}");
            Console.WriteLine($"  ss -tan (netlink)           {Median(ssTable),8:0.0}   runs {Runs(ssTable)}");
            Console.WriteLine("TCP table with owning processes (ms):");
            Console.WriteLine($"  engine SocketTable.Read     {Median(withOwners),8:0.0}   runs {Runs(withOwners)}");
            Console.WriteLine($"  ss -tanp                    {Median(ssOwners),8:0.0}   runs {Runs(ssOwners)}");
            Console.WriteLine($"  engine / ss -tanp = {Median(withOwners) / Median(ssOwners):0.00} (goal <= 2)");
            return 0;
        }
        finally
        {
            foreach (Socket s in held)
            {
                s.Dispose();
            }
        }
    }

    private static double Time(Func<int> work)
    {
        long start = Stopwatch.GetTimestamp();
        _ = work();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Runs ss to completion, reading all its output as the engine builds all its rows.</summary>
    private static int Ss(string options)
    {
        var start = new ProcessStartInfo("ss", options) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Length;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Runs(List<double> values) => string.Join(' ', values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));
}
