using BenchmarkDotNet.Running;

namespace PSSocket.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/PSSocket.Benchmarks -- --filter *` runs BenchmarkDotNet;
/// `-- peers &lt;suite&gt;` runs a side-by-side comparison with a real peer and prints ratios.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "peers")
        {
            return PeerComparisons.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
