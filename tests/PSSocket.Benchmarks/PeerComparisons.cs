
namespace PSSocket.Benchmarks;

/// <summary>A side-by-side run against a real peer (zlib, gcc, tcpdump, tshark, iperf3) that prints ratios.</summary>
internal interface IPeerSuite
{
    string Name { get; }

    int Run(string[] args);
}

/// <summary>Finds the peer suites in this assembly and runs the one named.</summary>
internal static class PeerComparisons
{
    public static int Run(string[] args)
    {
        var suites = typeof(PeerComparisons).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IPeerSuite).IsAssignableFrom(t))
            .Select(t => (IPeerSuite)Activator.CreateInstance(t, nonPublic: true)!)
            .ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
        if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
        {
            Console.Error.WriteLine("usage: peers <" + string.Join('|', suites.Keys.Order()) + "> [options]");
            return 2;
        }

        return suite.Run(args[1..]);
    }
}
