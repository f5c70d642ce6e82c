using System.Globalization;

namespace PSSocket.Core.Tests.Support;

/// <summary>tshark as the judge of files we write and packets we build.</summary>
internal static class Tshark
{
    public static readonly string[] ChecksumChecks = ["-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"];

    /// <summary>Runs tshark on a file; fails the test on a non-zero exit or any message but the root notice.</summary>
    public static string Run(string file, params string[] arguments)
    {
        var (exit, stdout, stderr) = Peer.Run("tshark", ["-n", "-r", file, .. arguments], TimeSpan.FromSeconds(30));
        string warnings = string.Join('\n', stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("Running as user", StringComparison.Ordinal)));
        Assert.True(exit == 0 && warnings.Length == 0, $"tshark -r {file} exit {exit}: {warnings}");
        return stdout;
    }

    /// <summary>One row of tab-separated field values per packet.</summary>
    public static List<string[]> Fields(string file, params string[] fields) =>
        [.. Run(file, [.. ChecksumChecks, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f", .. fields.SelectMany(f => new[] { "-e", f })])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))];

    /// <summary>The bytes of every frame as tshark read them (from its -x hex dump).</summary>
    public static List<byte[]> Frames(string file)
    {
        var frames = new List<byte[]>();
        List<byte>? current = null;
        foreach (string line in Run(file, "-x").Split('\n'))
        {
            if (line.Length < 6 || !int.TryParse(line.AsSpan(0, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int offset) || line[4] != ' ')
            {
                continue;
            }

            if (offset == 0)
            {
                current = [];
                frames.Add([]);
            }

            string hex = line.Substring(6, Math.Min(47, line.Length - 6));
            foreach (string b in hex.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (b.Length == 2 && byte.TryParse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte value))
                {
                    current!.Add(value);
                }
            }

            frames[^1] = [.. current!];
        }

        return frames;
    }
}
