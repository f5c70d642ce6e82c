using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PSSocket.Core.Packets;

/// <summary>Type-length-value option lists of IPv4 (RFC 791), TCP (RFC 9293) and IPv6 (RFC 8200 §4.2).</summary>
internal static class OptionParser
{
    public enum Flavor
    {
        IPv4,
        Tcp,
        IPv6,
    }

    /// <summary>Parses options; a length byte that lies stops the walk and reports BadOptions.</summary>
    /// <remarks>Most headers carry no options: they share one empty list, as every packet of a CSV decodes its headers for the Info column.</remarks>
    public static IReadOnlyList<HeaderOption> Parse(ReadOnlySpan<byte> bytes, Flavor flavor, ref PacketProblems problems)
    {
        if (bytes.IsEmpty)
        {
            return [];
        }

        var options = new List<HeaderOption>(Math.Min(bytes.Length, 8)); // a SYN's MSS, SACK_PERM, TS, NOP, WS without growing
        int i = 0;
        while (i < bytes.Length)
        {
            byte kind = bytes[i];
            bool single = flavor == Flavor.IPv6 ? kind == 0 : kind is 0 or 1;
            if (single)
            {
                options.Add(new HeaderOption(kind, Name(kind, flavor), 1, [], string.Empty));
                i++;
                if (kind == 0 && flavor != Flavor.IPv6)
                {
                    break; // End of Option List: the rest is padding
                }

                continue;
            }

            if (i + 1 >= bytes.Length)
            {
                problems |= PacketProblems.BadOptions;
                break;
            }

            int length = flavor == Flavor.IPv6 ? bytes[i + 1] + 2 : bytes[i + 1];
            if (length < 2 || i + length > bytes.Length)
            {
                problems |= PacketProblems.BadOptions;
                break;
            }

            byte[] data = bytes.Slice(i + 2, length - 2).ToArray();
            options.Add(new HeaderOption(kind, Name(kind, flavor), length, data, Value(kind, flavor, data)));
            i += length;
        }

        return options;
    }

    public static string Name(byte kind, Flavor flavor) => flavor switch
    {
        Flavor.Tcp => kind switch
        {
            0 => "EOL",
            1 => "NOP",
            2 => "MSS",
            3 => "WindowScale",
            4 => "SackPermitted",
            5 => "Sack",
            8 => "Timestamps",
            28 => "UserTimeout",
            29 => "TcpAuthentication",
            30 => "Multipath",
            34 => "FastOpenCookie",
            _ => "Kind" + kind.ToString(CultureInfo.InvariantCulture),
        },
        Flavor.IPv4 => kind switch
        {
            0 => "EOL",
            1 => "NOP",
            7 => "RecordRoute",
            68 => "Timestamp",
            130 => "Security",
            131 => "LooseSourceRoute",
            136 => "StreamId",
            137 => "StrictSourceRoute",
            148 => "RouterAlert",
            _ => "Type" + kind.ToString(CultureInfo.InvariantCulture),
        },
        _ => kind switch
        {
            0 => "Pad1",
            1 => "PadN",
            5 => "RouterAlert",
            0xC2 => "JumboPayload",
            _ => "Type" + kind.ToString(CultureInfo.InvariantCulture),
        },
    };

    private static string Value(byte kind, Flavor flavor, byte[] data)
    {
        if (flavor == Flavor.Tcp)
        {
            switch (kind)
            {
                case 2 when data.Length == 2:
                    return BinaryPrimitives.ReadUInt16BigEndian(data).ToString(CultureInfo.InvariantCulture);
                case 3 when data.Length == 1:
                    return data[0].ToString(CultureInfo.InvariantCulture);
                case 5 when data.Length % 8 == 0:
                    var blocks = new StringBuilder();
                    for (int b = 0; b < data.Length; b += 8)
                    {
                        blocks.Append(CultureInfo.InvariantCulture, $"{(b == 0 ? string.Empty : " ")}{BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(b))}-{BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(b + 4))}");
                    }

                    return blocks.ToString();
                case 8 when data.Length == 8:
                    return string.Create(CultureInfo.InvariantCulture, $"TSval={BinaryPrimitives.ReadUInt32BigEndian(data)} TSecr={BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4))}");
            }
        }

        if (flavor == Flavor.IPv4 && kind is 7 or 131 or 137 && data.Length >= 1)
        {
            var route = new StringBuilder("pointer=").Append(data[0].ToString(CultureInfo.InvariantCulture));
            for (int a = 1; a + 4 <= data.Length; a += 4)
            {
                route.Append(' ').Append(new System.Net.IPAddress(data.AsSpan(a, 4)));
            }

            return route.ToString();
        }

        return data.Length == 0 ? string.Empty : Convert.ToHexString(data).ToLowerInvariant();
    }
}
