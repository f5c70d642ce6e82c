using System.Diagnostics;
using System.Net;
using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using Xunit.Abstractions;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// Random, truncated, bit-flipped and length-lying inputs through every decoder and both file
/// readers. Decoders must never throw; readers may only raise their named PSSocketExceptions.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly LinkType[] Links = [LinkType.Ethernet, LinkType.RawIP, LinkType.LinuxSll, LinkType.LinuxSll2, LinkType.Null, LinkType.Loop, (LinkType)147];

    private static List<(byte[] Frame, LinkType Link)> Seeds()
    {
        var seeds = new List<(byte[], LinkType)>
        {
            (RealFrames.TcpSyn, LinkType.Ethernet),
            (RealFrames.TcpData, LinkType.Ethernet),
            (RealFrames.IcmpEchoRequest, LinkType.Ethernet),
            (RealFrames.IcmpV6EchoRequest, LinkType.Ethernet),
            (RealFrames.Sll2Udp6, LinkType.LinuxSll2),
            (Convert.FromHexString("ffffffffffff0242ac110002080600010800060400010242ac110002ac110002000000000000ac110001"), LinkType.Ethernet),
            ([.. RealFrames.IcmpEchoRequest[..12], 0x81, 0x00, 0x20, 0x64, .. RealFrames.IcmpEchoRequest[12..]], LinkType.Ethernet),
            ([0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xdd, .. RealFrames.IcmpV6EchoRequest[14..]], LinkType.LinuxSll),
            ([2, 0, 0, 0, .. RealFrames.TcpData[14..]], LinkType.Null),
        };
        foreach (var (src, dst) in new[] { ("10.0.0.1", "10.0.0.2"), ("fe80::1", "fe80::2") })
        {
            foreach (var kind in new[] { CraftedTransport.Tcp, CraftedTransport.Udp, CraftedTransport.IcmpEcho })
            {
                seeds.Add((PacketBuilder.Build(new PacketTemplate
                {
                    Source = IPAddress.Parse(src),
                    Destination = IPAddress.Parse(dst),
                    Kind = kind,
                    IPOptions = [0x94, 4, 0, 0, 7, 7, 0, 0],
                    MaximumSegmentSize = 1460,
                    SackPermitted = true,
                    Timestamps = (1, 2),
                    WindowScale = 3,
                    TcpOptions = [5, 10, 0, 0, 0, 1, 0, 0, 0, 2],
                    Payload = [1, 2, 3, 4, 5],
                }), LinkType.RawIP));
            }
        }

        return seeds;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        switch (random.Next(5))
        {
            case 0: // random bytes
                byte[] noise = new byte[random.Next(0, 160)];
                random.NextBytes(noise);
                return noise;
            case 1: // truncated
                return seed[..random.Next(0, seed.Length + 1)];
            case 2: // bit flips
                byte[] flipped = [.. seed];
                for (int i = random.Next(1, 5); i > 0; i--)
                {
                    int bit = random.Next(flipped.Length * 8);
                    flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                return flipped;
            case 3: // a length, offset or option byte that lies
                byte[] lying = [.. seed];
                for (int i = random.Next(1, 3); i > 0; i--)
                {
                    lying[random.Next(Math.Min(lying.Length, 80))] = (byte)random.Next(256);
                }

                return lying;
            default: // lying and cut short
                byte[] both = [.. seed];
                both[random.Next(Math.Min(both.Length, 60))] = (byte)random.Next(256);
                return both[..random.Next(0, both.Length + 1)];
        }
    }

    [Fact]
    public void A_million_hostile_frames_never_make_a_decoder_throw()
    {
        var random = new Random(20261122);
        var seeds = Seeds();
        var clock = Stopwatch.StartNew();
        long inputs = 0, fullDecodes = 0;
        PacketProblems seen = PacketProblems.None;
        for (int i = 0; i < 1_000_000; i++)
        {
            var (seed, link) = seeds[random.Next(seeds.Count)];
            byte[] frame = Mutate(random, seed);
            LinkType asLink = random.Next(8) == 0 ? Links[random.Next(Links.Length)] : link;
            FrameDecoder.Decode(frame, asLink, frame.Length + random.Next(0, 3) * random.Next(0, 2000), out var summary);
            seen |= summary.Problems;
            inputs++;
            if (i % 4 == 0)
            {
                // The whole object surface: every layer, checksum, text and payload.
                var p = new Packet(i, i, null, asLink, frame.Length, frame, null);
                seen |= p.Problems;
                _ = (p.Info, p.Source, p.Destination, p.SourcePort, p.TcpFlags, p.Payload, p.Ethernet, p.LinuxSll, p.Loopback, p.Arp, p.IPv4, p.IPv6, p.Tcp, p.Udp, p.Icmp, p.ToString());
                fullDecodes++;
            }

            if (i % 16 == 0)
            {
                _ = IPv4Header.Explain(frame);
                _ = IPv6Header.Explain(frame);
                _ = TcpHeader.Explain(frame, random.Next(2) == 0 ? null : 12345UL);
                _ = UdpHeader.Explain(frame, 0, random.Next(2) == 0);
                _ = IcmpHeader.Explain(frame, random.Next(2) == 0 ? 4 : 6, 0);
                _ = TcpHeader.Decode(frame, random.Next(0, 200), 0);
            }
        }

        output.WriteLine($"{inputs:N0} frames ({fullDecodes:N0} fully decoded) in {clock.Elapsed.TotalSeconds:F1} s; problems seen: {seen}");
        // A hang guard, not a speed test: about 10 s on an idle 2-core machine, and 60 s was once
        // exceeded at load 60; a decoder loop that never ends or is quadratic in a 64 KiB length still fails.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "the fuzz run took too long: a decoder loops or is quadratic");
        // The mutations must have reached every kind of report, or they are not testing much.
        foreach (var expected in new[] { PacketProblems.Truncated, PacketProblems.BadVersion, PacketProblems.BadIhl, PacketProblems.BadDataOffset, PacketProblems.LengthMismatch, PacketProblems.BadOptions, PacketProblems.BadChecksum, PacketProblems.PayloadTruncated, PacketProblems.UnsupportedLinkType })
        {
            Assert.True((seen & expected) != 0, $"no input produced {expected}");
        }
    }

    [Fact]
    public void Mutated_pcap_and_pcapng_files_give_packets_or_named_errors_only()
    {
        var random = new Random(7);
        var files = new List<byte[]>();
        foreach (var format in new[] { CaptureFormat.Pcap, CaptureFormat.PcapNg })
        {
            string path = Path.GetTempFileName();
            try
            {
                using (var w = CaptureFileWriter.Create(path, format, LinkType.Ethernet, append: false))
                {
                    foreach (var (frame, _) in Seeds().Take(6))
                    {
                        w.Write(frame, 1_700_000_000_000_000_000, frame.Length, LinkType.Ethernet, format == CaptureFormat.PcapNg ? "lo" : null, format == CaptureFormat.PcapNg ? "c" : null);
                    }
                }

                files.Add(File.ReadAllBytes(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        var clock = Stopwatch.StartNew();
        int runs = 0, packets = 0, faults = 0;
        var ids = new HashSet<string>();
        for (; runs < 30_000; runs++)
        {
            byte[] file = Mutate(random, files[runs % 2]);
            try
            {
                using var reader = new PacketFileReader(CaptureFileReader.Open(new MemoryStream(file), "fuzz"));
                while (reader.Next() is { } p)
                {
                    _ = (p.Info, p.Problems, p.Timestamp);
                    packets++;
                }
            }
            catch (PSSocketException e)
            {
                faults++;
                ids.Add(e.ErrorId);
            }
        }

        output.WriteLine($"{runs:N0} files: {packets:N0} packets, {faults:N0} named errors ({string.Join(", ", ids)}) in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Subset(new HashSet<string> { "UnknownCaptureFormat", "InvalidCaptureFile", "TruncatedCaptureFile", "EmptyCaptureFile" }, ids);
        Assert.True(packets > 10_000 && faults > 1_000);
    }
}
