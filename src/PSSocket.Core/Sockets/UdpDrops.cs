using System.Globalization;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>
/// The kernel's count of datagrams a UDP socket lost because its receive buffer was full: the
/// sk_drops counter that SO_RXQ_OVFL reports, read on Linux from the "drops" column of
/// /proc/net/udp and /proc/net/udp6 for the socket's inode. Other systems do not say.
/// </summary>
internal static class UdpDrops
{
    internal const int SolSocket = 1;
    internal const int SoRcvBufForce = 33;

    /// <summary>The sum over <paramref name="sockets"/>; null when the system does not tell.</summary>
    public static long? Read(IReadOnlyList<Socket> sockets)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (Socket socket in sockets)
        {
            if (Inode(socket) is { } inode)
            {
                inodes.Add(inode);
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        long total = 0;
        int found = 0;
        foreach (string table in (string[])["/proc/self/net/udp", "/proc/self/net/udp6"])
        {
            found += Sum(Rows(table), inodes, ref total);
        }

        return found == inodes.Count ? total : null;
    }

    /// <summary>The rows of one table; none when it cannot be read (no IPv6, a locked-down /proc): its sockets then go unfound.</summary>
    private static string[] Rows(string table)
    {
        try
        {
            return File.ReadAllLines(table);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Adds the drops of the rows whose inode is in <paramref name="inodes"/>; returns how many rows matched.</summary>
    internal static int Sum(IEnumerable<string> lines, IReadOnlySet<string> inodes, ref long total)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(inodes);
        int found = 0;
        foreach (string line in lines)
        {
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 13 && inodes.Contains(fields[9]) && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out long drops))
            {
                total += drops;
                found++;
            }
        }

        return found;
    }

    private static string? Inode(Socket socket)
    {
        try
        {
            string fd = socket.SafeHandle.DangerousGetHandle().ToInt64().ToString(CultureInfo.InvariantCulture);
            string? link = new FileInfo("/proc/self/fd/" + fd).LinkTarget; // "socket:[12345]"
            return link is not null && link.StartsWith("socket:[", StringComparison.Ordinal) ? link[8..^1] : null;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
