using System.Diagnostics;
using System.Globalization;
using System.Net;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;

namespace PSSocket.Benchmarks.Packets;

/// <summary>
/// `peers pcap [packets] [rounds] [max payload bytes]`: one generated pcap file of mixed Ethernet/IPv4/IPv6 TCP, UDP
/// and ICMP, read by (1) a libpcap C reader (pcap_next_ex + Ethernet/IPv4/L4 parsing, gcc -O2)
/// built here, (2) our streaming struct decode, (3) our full packet objects, (4) tcpdump -nn -r,
/// (5) tshark on a slice. Runs are interleaved round by round; medians and ratios are printed.
/// </summary>
internal sealed class PcapPeerSuite : IPeerSuite
{
    private const string CReader = """
        #include <pcap/pcap.h>
        #include <stdio.h>
        #include <stdint.h>
        #include <time.h>

        /* Reads every record with pcap_next_ex and parses the same fields as the C# struct decode:
           EtherType (one VLAN tag), IPv4/IPv6 addresses, protocol, TTL, ports, TCP flags. */
        static inline uint16_t be16(const u_char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

        int main(int argc, char **argv) {
            char err[PCAP_ERRBUF_SIZE];
            pcap_t *p = pcap_open_offline(argv[1], err);
            if (!p) { fprintf(stderr, "%s\n", err); return 1; }
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            struct pcap_pkthdr *h; const u_char *d;
            unsigned long n = 0, tcp = 0, udp = 0, icmp = 0, check = 0;
            while (pcap_next_ex(p, &h, &d) == 1) {
                n++;
                uint32_t len = h->caplen, off = 14;
                if (len < 14) continue;
                uint16_t type = be16(d + 12);
                if (type == 0x8100 && len >= 18) { type = be16(d + 16); off = 18; }
                uint8_t proto; uint32_t l4;
                if (type == 0x0800 && len >= off + 20) {
                    const u_char *ip = d + off;
                    uint32_t ihl = (ip[0] & 15) * 4;
                    if (ihl < 20 || len < off + ihl) continue;
                    proto = ip[9]; check += ip[8] + ip[12] + ip[19]; l4 = off + ihl;
                    if (be16(ip + 6) & 0x1fff) continue;
                } else if (type == 0x86dd && len >= off + 40) {
                    const u_char *ip = d + off;
                    proto = ip[6]; check += ip[7] + ip[8] + ip[39]; l4 = off + 40;
                } else continue;
                if (proto == 6 && len >= l4 + 20) { tcp++; check += be16(d + l4) + be16(d + l4 + 2) + d[l4 + 13]; }
                else if (proto == 17 && len >= l4 + 8) { udp++; check += be16(d + l4) + be16(d + l4 + 2); }
                else if ((proto == 1 || proto == 58) && len >= l4 + 4) { icmp++; check += d[l4]; }
            }
            clock_gettime(CLOCK_MONOTONIC, &t1);
            double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
            printf("%lu %lu %lu %lu %lu %.9f\n", n, tcp, udp, icmp, check, s);
            pcap_close(p);
            return 0;
        }
        """;

    public string Name => "pcap";

    public int Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

        // Small payloads (the default) measure parsing; large ones mostly measure copying the file.
        int maxPayload = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        string dir = Directory.CreateTempSubdirectory("pssocket-bench-").FullName;
        try
        {
            string file = Path.Combine(dir, "bench.pcap");
            Generate(file, count, maxPayload);
            string reader = Path.Combine(dir, "pcapread");
            File.WriteAllText(reader + ".c", CReader);
            var (gccExit, _, gccErr) = Exec("gcc", ["-O2", "-o", reader, reader + ".c", "-lpcap"]);
            if (gccExit != 0)
            {
                Console.Error.WriteLine("gcc failed (apt-get install libpcap-dev gcc): " + gccErr);
                return 1;
            }

            Console.WriteLine($"file: {count:N0} packets, payloads 0-{maxPayload} bytes, {new FileInfo(file).Length / 1e6:F1} MB ({file}); {rounds} interleaved rounds");
            var results = new Dictionary<string, List<double>>();
            void Add(string name, double packetsPerSecond) => (results.TryGetValue(name, out var l) ? l : results[name] = []).Add(packetsPerSecond);
            long allocatedPerPacket = 0;
            int tsharkSlice = Math.Min(count, 20_000);
            for (int r = 0; r < rounds; r++)
            {
                var (_, cOut, _) = Exec(reader, [file]);
                string[] c = cOut.Split(' ');
                Add("libpcap C reader (pcap_next_ex + parse, gcc -O2)", double.Parse(c[0], CultureInfo.InvariantCulture) / double.Parse(c[5], CultureInfo.InvariantCulture));
                var (structRate, checkC) = StructDecode(file);
                if (checkC.ToString(CultureInfo.InvariantCulture) != c[4])
                {
                    Console.Error.WriteLine($"C and C# parsed different values: {c[4]} vs {checkC}");
                    return 1;
                }

                Add("PSSocket streaming struct decode", structRate);
                var (objectRate, allocated) = Objects(file);
                Add("PSSocket full packet objects", objectRate);
                allocatedPerPacket = allocated;
                var clock = Stopwatch.StartNew();
                Exec("tcpdump", ["-nn", "-r", file], new Dictionary<string, string> { ["TZ"] = "UTC" }, discardOutput: true);
                Add("tcpdump -nn -r (TZ=UTC)", count / clock.Elapsed.TotalSeconds);
                clock.Restart();
                Exec("tshark", ["-n", "-r", file, "-c", tsharkSlice.ToString(CultureInfo.InvariantCulture), "-T", "fields", "-e", "ip.src", "-e", "tcp.srcport"], discardOutput: true);
                Add($"tshark -T fields (first {tsharkSlice:N0})", tsharkSlice / clock.Elapsed.TotalSeconds);
            }

            double baseline = Median(results["libpcap C reader (pcap_next_ex + parse, gcc -O2)"]);
            Console.WriteLine($"{"reader",-52} {"median packets/s",18} {"vs libpcap C",12}");
            foreach (var (name, rates) in results)
            {
                double m = Median(rates);
                Console.WriteLine($"{name,-52} {m,18:N0} {m / baseline,11:F2}x");
            }

            Console.WriteLine($"full packet objects allocate {allocatedPerPacket} bytes per packet (the byte[] copy of the frame plus the Packet object)");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Many flows of TCP (with options and data), UDP, ICMP; a tenth IPv6, a twentieth VLAN-tagged.</summary>
    internal static void Generate(string file, int count, int maxPayload)
    {
        var random = new Random(1);
        var templates = new List<byte[]>();
        for (int i = 0; i < 512; i++)
        {
            bool v6 = i % 10 == 0;
            var src = v6 ? IPAddress.Parse($"2001:db8::{i + 1:x}") : new IPAddress([10, (byte)(i >> 8), (byte)i, 1]);
            var dst = v6 ? IPAddress.Parse("2001:db8::ffff") : new IPAddress([192, 168, 1, (byte)(i % 250)]);
            var kind = (i % 7) switch { 0 or 1 or 2 or 3 => CraftedTransport.Tcp, 4 or 5 => CraftedTransport.Udp, _ => CraftedTransport.IcmpEcho };
            byte[] payload = new byte[random.Next(0, maxPayload + 1)];
            random.NextBytes(payload);
            byte[] frame = PacketBuilder.Build(new PacketTemplate
            {
                Source = src,
                Destination = dst,
                Kind = kind,
                LinkType = LinkType.Ethernet,
                SourcePort = 1024 + i,
                DestinationPort = 80 + (i % 5),
                Sequence = (uint)random.Next(),
                TcpFlags = TcpFlags.Ack | TcpFlags.Psh,
                Timestamps = ((uint)i, (uint)i),
                Payload = payload,
            });
            if (i % 20 == 1)
            {
                frame = [.. frame[..12], 0x81, 0x00, 0x00, 0x07, .. frame[12..]];
            }

            templates.Add(frame);
        }

        using var w = new PcapFileWriter(new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20), file, LinkType.Ethernet, nanoseconds: false, bigEndian: false);
        long t = 1_763_769_600_000_000_000;
        for (int i = 0; i < count; i++)
        {
            byte[] frame = templates[random.Next(templates.Count)];
            w.Write(frame, t += 1000 * random.Next(1, 100), frame.Length, LinkType.Ethernet, null, null);
        }
    }

    private static (double Rate, ulong Check) StructDecode(string file)
    {
        var clock = Stopwatch.StartNew();
        using var reader = CaptureFileReader.Open(file);
        long n = 0;
        ulong check = 0;
        while (reader.MoveNext())
        {
            ReadOnlySpan<byte> frame = reader.CurrentData;
            FrameDecoder.Decode(frame, reader.CurrentLinkType, reader.CurrentOriginalLength, out var s);
            n++;
            var (src, dst, length) = s.AddressOffsets();
            if (length == 0)
            {
                continue;
            }

            // The same fields the C reader adds up, so both must agree and neither can skip work.
            check += (ulong)(s.Ttl + frame[src] + frame[dst + length - 1]);
            switch (s.Protocol)
            {
                case PacketProtocol.Tcp when s.TcpHeaderDecoded:
                    check += (ulong)s.SourcePort + s.DestinationPort + ((uint)s.TcpFlags & 0xFF);
                    break;
                case PacketProtocol.Udp when s.TransportDecoded:
                    check += (ulong)s.SourcePort + s.DestinationPort;
                    break;
                case PacketProtocol.Icmp or PacketProtocol.IcmpV6 when s.TransportDecoded:
                    check += s.IcmpType;
                    break;
            }
        }

        return (n / clock.Elapsed.TotalSeconds, check);
    }

    private static (double Rate, long AllocatedPerPacket) Objects(string file)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        using var reader = new PacketFileReader(CaptureFileReader.Open(file));
        long n = 0, ports = 0;
        while (reader.Next() is { } p)
        {
            n++;
            ports += p.DestinationPort ?? 0;
        }

        double rate = n / clock.Elapsed.TotalSeconds;
        GC.KeepAlive(ports);
        return (rate, (GC.GetAllocatedBytesForCurrentThread() - before) / Math.Max(1, n));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static (int Exit, string Out, string Err) Exec(string tool, string[] args, Dictionary<string, string>? environment = null, bool discardOutput = false)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? [])
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        string output;
        if (discardOutput)
        {
            // Drain without keeping: the peer's formatting cost is what is measured, not our memory.
            char[] buffer = new char[1 << 16];
            while (process.StandardOutput.Read(buffer, 0, buffer.Length) > 0)
            {
            }

            output = string.Empty;
        }
        else
        {
            output = process.StandardOutput.ReadToEnd();
        }

        process.WaitForExit();
        return (process.ExitCode, output, err.Result);
    }
}
