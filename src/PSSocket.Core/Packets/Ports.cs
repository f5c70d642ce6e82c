using System.Globalization;

namespace PSSocket.Core.Packets;

/// <summary>Well-known port names for the Meaning column of -Explain.</summary>
internal static class Ports
{
    public static string Name(int port) => port switch
    {
        20 => "ftp-data",
        21 => "ftp",
        22 => "ssh",
        23 => "telnet",
        25 => "smtp",
        53 => "domain (DNS)",
        67 => "bootps (DHCP server)",
        68 => "bootpc (DHCP client)",
        69 => "tftp",
        80 => "http",
        110 => "pop3",
        123 => "ntp",
        143 => "imap",
        161 => "snmp",
        443 => "https",
        514 => "syslog",
        _ when port < 1024 => "well-known port " + port.ToString(CultureInfo.InvariantCulture),
        _ when port < 49152 => "registered port " + port.ToString(CultureInfo.InvariantCulture),
        _ => "ephemeral port " + port.ToString(CultureInfo.InvariantCulture),
    };
}
