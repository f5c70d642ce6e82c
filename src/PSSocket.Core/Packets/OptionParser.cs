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
        var walk = new Walk(bytes, flavor);
        while (walk.MoveNext())
        {
            byte[] data = walk.Data.ToArray();
            options.Add(new HeaderOption(walk.Kind, Name(walk.Kind, flavor), walk.Length, data, Value(walk.Kind, flavor, data)));
        }

        problems |= walk.Problems;
        return options;
    }

    /// <summary>
    /// One walk over an option list, allocating nothing: each step is one option (kind, length, data).
    /// End of Option List (IPv4, TCP) is the last step, since the rest is padding; a length byte that
    /// lies ends the walk with <see cref="PacketProblems.BadOptions"/> in <see cref="Problems"/>.
    /// </summary>
    internal ref struct Walk(ReadOnlySpan<byte> bytes, Flavor flavor)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _next;

        public byte Kind { get; private set; }

        /// <summary>The option's length in the list: 1 for a single-byte option.</summary>
        public int Length { get; private set; }

        public ReadOnlySpan<byte> Data { get; private set; }

        public PacketProblems Problems { get; private set; }

        public bool MoveNext()
        {
            if (_next >= _bytes.Length)
            {
                return false;
            }

            byte kind = _bytes[_next];
            if (flavor == Flavor.IPv6 ? kind == 0 : kind is 0 or 1)
            {
                Kind = kind;
                Length = 1;
                Data = default;
                _next = kind == 0 && flavor != Flavor.IPv6 ? _bytes.Length : _next + 1;
                return true;
            }

            int length = _next + 1 >= _bytes.Length ? 0 : flavor == Flavor.IPv6 ? _bytes[_next + 1] + 2 : _bytes[_next + 1];
            if (length < 2 || _next + length > _bytes.Length)
            {
                Problems |= PacketProblems.BadOptions;
                _next = _bytes.Length;
                return false;
            }

            Kind = kind;
            Length = length;
            Data = _bytes.Slice(_next + 2, length - 2);
            _next += length;
            return true;
        }
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
