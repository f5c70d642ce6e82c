using System.Globalization;

namespace PSSocket.Core.Sockets;

/// <summary>TCP port → service name, read from an /etc/services-format file, else a small built-in table.</summary>
internal sealed class PortServices
{
    private static readonly Lazy<PortServices> SystemTable = new(() => File.Exists("/etc/services") ? Parse(File.ReadLines("/etc/services")) : BuiltIn());

    private readonly Dictionary<int, string> _names;

    private PortServices(Dictionary<int, string> names) => _names = names;

    /// <summary>The system's table (read once; it does not change while a session runs).</summary>
    public static PortServices System => SystemTable.Value;

    public string? NameOf(int port) => _names.GetValueOrDefault(port);

    /// <summary>Lines like "http  80/tcp  www  # WorldWideWeb"; the first name given for a port wins.</summary>
    public static PortServices Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var names = new Dictionary<int, string>();
        foreach (string raw in lines)
        {
            string line = raw.Split('#', 2)[0];
            string[] fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2)
            {
                continue;
            }

            string[] portAndProtocol = fields[1].Split('/');
            if (portAndProtocol.Length == 2 && portAndProtocol[1] == "tcp"
                && int.TryParse(portAndProtocol[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
            {
                names.TryAdd(port, fields[0]);
            }
        }

        return new PortServices(names);
    }

    /// <summary>For systems without /etc/services (Windows keeps it elsewhere, containers often lack it).</summary>
    public static PortServices BuiltIn() => new(new Dictionary<int, string>
    {
        [7] = "echo", [13] = "daytime", [20] = "ftp-data", [21] = "ftp", [22] = "ssh", [23] = "telnet", [25] = "smtp",
        [53] = "domain", [80] = "http", [110] = "pop3", [111] = "sunrpc", [119] = "nntp", [123] = "ntp", [135] = "epmap",
        [139] = "netbios-ssn", [143] = "imap2", [389] = "ldap", [443] = "https", [445] = "microsoft-ds", [465] = "submissions",
        [587] = "submission", [631] = "ipp", [993] = "imaps", [995] = "pop3s", [1433] = "ms-sql-s", [3306] = "mysql",
        [3389] = "ms-wbt-server", [5432] = "postgresql", [5900] = "vnc", [6379] = "redis", [8080] = "http-alt",
    });
}
