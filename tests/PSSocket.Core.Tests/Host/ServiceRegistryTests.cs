using System.Globalization;
using PSSocket.Core.Host;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Host;

public class ServiceRegistryTests
{
    // The course's table of well-known ports (lecture slides), the expectation the module is built for.
    [Theory]
    [InlineData(20, "tcp", "ftp-data")]
    [InlineData(21, "tcp", "ftp")]
    [InlineData(22, "tcp", "ssh")]
    [InlineData(23, "tcp", "telnet")]
    [InlineData(25, "tcp", "smtp")]
    [InlineData(53, "tcp", "domain")]
    [InlineData(53, "udp", "domain")]
    [InlineData(67, "udp", "bootps")]
    [InlineData(68, "udp", "bootpc")]
    [InlineData(80, "tcp", "http")]
    [InlineData(110, "tcp", "pop3")]
    [InlineData(143, "tcp", "imap")]
    [InlineData(443, "tcp", "https")]
    public void The_built_in_registry_has_the_course_table(int port, string protocol, string name)
    {
        Assert.Equal(name, ServiceRegistry.BuiltIn().NameOf(port, protocol));
        Assert.Contains(ServiceRegistry.BuiltIn().ByName(name, protocol), s => s.Port == port);
        Assert.All(ServiceRegistry.BuiltIn().ByPort(port, protocol), s => Assert.Equal(ServiceRegistry.BuiltInSource, s.Source));
    }

    [Theory]
    [InlineData("ftp", new[] { 20, 21 })]
    [InlineData("FTP", new[] { 20, 21 })]
    [InlineData("dhcp", new[] { 67, 68 })]
    [InlineData("dns", new[] { 53, 53 })]
    [InlineData("imap", new[] { 143 })]
    [InlineData("imap2", new[] { 143 })]
    [InlineData("www", new[] { 80 })]
    public void The_names_students_use_find_every_port_of_the_service(string name, int[] ports)
    {
        Assert.Equal(ports, ServiceRegistry.BuiltIn().ByName(name).Select(s => s.Port));
        Assert.Equal(ports, ServiceRegistry.System.ByName(name).Select(s => s.Port));
    }

    [Fact]
    public void Every_built_in_name_round_trips_through_its_port()
    {
        ServicePort[] all = [.. ServiceRegistry.BuiltIn().All];
        Assert.True(all.Length > 300, $"only {all.Length} services built in");
        foreach (ServicePort s in all)
        {
            Assert.Equal(s.Name, ServiceRegistry.BuiltIn().NameOf(s.Port, s.Protocol));
            Assert.Contains(ServiceRegistry.BuiltIn().ByName(s.Name, s.Protocol), f => f.Port == s.Port);
            Assert.All(s.Aliases, a => Assert.Contains(ServiceRegistry.BuiltIn().ByName(a, s.Protocol), f => f.Port == s.Port));
        }
    }

    /// <summary>libc's getservbyport/getservbyname (through Python) read the machine's file: the overlay must agree on every line of it.</summary>
    [PeerFact("python3")]
    public void The_machine_overlay_agrees_with_libc_on_every_port_and_name_of_etc_services()
    {
        Assert.True(File.Exists("/etc/services"), "netbase's /etc/services is the file under test here");
        const string Script = """
            import socket
            seen = set()
            for line in open('/etc/services'):
                f = line.split('#')[0].split()
                if len(f) < 2 or '/' not in f[1]: continue
                port, proto = f[1].split('/')
                if (port, proto) in seen: continue
                seen.add((port, proto))
                for name in [f[0]] + f[2:]:
                    print(port, proto, socket.getservbyport(int(port), proto), name, socket.getservbyname(name, proto))
            """;
        var (exit, output, error) = Peer.Run("python3", ["-c", Script]);
        Assert.True(exit == 0, error);
        int checkedLines = 0;
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = line.Split(' ');
            int port = int.Parse(f[0], CultureInfo.InvariantCulture);
            Assert.Equal(f[2], ServiceRegistry.System.NameOf(port, f[1]));
            int libcPort = int.Parse(f[4], CultureInfo.InvariantCulture);
            // getservbyname gives the first port of a name; the registry gives every port of it.
            Assert.Contains(ServiceRegistry.System.ByName(f[3], f[1]), s => s.Port == libcPort);
            checkedLines++;
        }

        Assert.True(checkedLines > 300, $"python checked only {checkedLines} names");
        Assert.Equal("/etc/services", ServiceRegistry.System.ByPort(22, "tcp").Single().Source);
    }

    [Fact]
    public void A_layer_keeps_the_first_line_per_port_and_skips_what_libc_skips()
    {
        var r = ServiceRegistry.Parse(["# comment", "http\t\t80/tcp\t\twww # web", "web 80/tcp", "http 80/udp", "ssh 22/tcp", "broken",
            "x notaport/tcp", "big 65536/tcp", "neg -1/tcp", "noproto 99/", "  ", "sctpish 9/SCTP"]);
        Assert.Equal("http", r.NameOf(80, "tcp"));
        Assert.Equal("http", r.NameOf(80, "udp"));
        Assert.Equal(["www"], r.ByPort(80, "tcp").Single().Aliases);
        Assert.Equal("web", r.ByPort(80, "tcp").Single().Description);
        Assert.Null(r.ByPort(80, "udp").Single().Description);
        Assert.Equal("sctpish", r.NameOf(9, "sctp"));
        Assert.Equal([9, 22, 80, 80], r.All.Select(s => s.Port));
        Assert.Empty(r.ByName("big"));
        Assert.Empty(r.ByName("web"));
    }

    [Fact]
    public void An_overlay_names_the_port_its_way_and_keeps_the_older_names_as_aliases()
    {
        var under = ServiceRegistry.Parse(["imap 143/tcp imap4 # IMAP", "ssh 22/tcp # SSH"]);
        var over = under.Overlay(ServiceRegistry.Layer(["imap2 143/tcp imap", "telnet 23/tcp"], "/machine/services"));
        ServicePort imap = over.ByPort(143, "tcp").Single();
        Assert.Equal("imap2", imap.Name);
        Assert.Equal(["imap", "imap4"], imap.Aliases);
        Assert.Equal("IMAP", imap.Description);
        Assert.Equal("/machine/services", imap.Source);
        Assert.Equal(ServiceRegistry.BuiltInSource, over.ByPort(22).Single().Source);
        Assert.Equal("telnet", over.NameOf(23));
        Assert.Equal([143], over.ByName("imap4").Select(s => s.Port));
        Assert.Equal("imap", under.NameOf(143));
    }

    [Theory]
    [InlineData(22, "tcp", "ssh (SSH)")]
    [InlineData(67, "udp", "bootps (DHCP server)")]
    [InlineData(67, "tcp", "well-known port 67")]
    [InlineData(1023, "tcp", "well-known port 1023")]
    [InlineData(40000, "udp", "registered port 40000")]
    [InlineData(49152, "tcp", "ephemeral port 49152")]
    [InlineData(65535, "tcp", "ephemeral port 65535")]
    public void An_explained_port_shows_its_service_or_its_range(int port, string protocol, string meaning) =>
        Assert.Equal(meaning, ServiceRegistry.BuiltIn().Meaning(port, protocol));
}
