using System.Buffers.Binary;
using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// Random valid frames written byte by byte from the RFC layouts (not through our PacketBuilder):
/// Ethernet with 0-2 802.1Q tags, Linux cooked v1/v2, BSD loopback and raw IP; IPv4 with options,
/// IPv6 with extension headers, ARP; TCP with options, UDP, ICMP and ICMPv6; random field values,
/// correct checksums except where one is spoiled on purpose.
/// </summary>
internal static class OracleFrames
{
    /// <summary>AF_INET6 on NetBSD/OpenBSD, FreeBSD, macOS: the values PacketDotNet's NullPacket knows.</summary>
    private static readonly uint[] BsdIPv6Families = [24, 28, 30];

    private static readonly byte[] ExtensionOrder = [0, 60, 44];

    public static (byte[] Frame, LinkType LinkType) Generate(Random r)
    {
        int link = r.Next(100);
        var linkType = link switch
        {
            < 50 => LinkType.Ethernet,
            < 65 => LinkType.LinuxSll,
            < 80 => LinkType.LinuxSll2,
            < 90 => LinkType.RawIP,
            _ => LinkType.Null,
        };
        int network = r.Next(100);
        bool arp = network < 8 && linkType is LinkType.Ethernet or LinkType.LinuxSll or LinkType.LinuxSll2;
        bool v6 = !arp && network < 45;
        ushort etherType = arp ? (ushort)0x0806 : v6 ? (ushort)0x86DD : (ushort)0x0800;
        byte[] body = arp ? Arp(r) : v6 ? IPv6(r) : IPv4(r);
        byte[] head = linkType switch
        {
            LinkType.Ethernet => Ethernet(r, etherType),
            LinkType.LinuxSll => Sll(r, etherType),
            LinkType.LinuxSll2 => Sll2(r, etherType),
            LinkType.Null => BitConverter.GetBytes(v6 ? BsdIPv6Families[r.Next(3)] : 2u),
            _ => [],
        };
        return ([.. head, .. body], linkType);
    }

    private static byte[] Bytes(Random r, int n)
    {
        byte[] b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    private static byte[] Ethernet(Random r, ushort etherType)
    {
        var frame = new List<byte>(Bytes(r, 12));
        int tags = r.Next(100) < 20 ? r.Next(1, 3) : 0;
        for (int i = 0; i < tags; i++)
        {
            frame.AddRange([0x81, 0x00]);
            frame.AddRange(Bytes(r, 2));
        }

        frame.Add((byte)(etherType >> 8));
        frame.Add((byte)etherType);
        return [.. frame];
    }

    /// <summary>LINKTYPE_LINUX_SLL: packet type, ARPHRD type, address length, 8 address bytes, protocol.</summary>
    private static byte[] Sll(Random r, ushort etherType)
    {
        byte[] h = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(h, (ushort)r.Next(5));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), r.Next(2) == 0 ? (ushort)1 : (ushort)772);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), 6);
        r.NextBytes(h.AsSpan(6, 6));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(14), etherType);
        return h;
    }

    /// <summary>LINKTYPE_LINUX_SLL2: protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 address bytes.</summary>
    private static byte[] Sll2(Random r, ushort etherType)
    {
        byte[] h = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(h, etherType);
        BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4), r.Next(1, 100));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(8), r.Next(2) == 0 ? (ushort)1 : (ushort)772);
        h[10] = (byte)r.Next(5);
        h[11] = 6;
        r.NextBytes(h.AsSpan(12, 6));
        return h;
    }

    /// <summary>RFC 826 for Ethernet and IPv4.</summary>
    private static byte[] Arp(Random r)
    {
        byte[] a = Bytes(r, 28);
        BinaryPrimitives.WriteUInt16BigEndian(a, 1);
        BinaryPrimitives.WriteUInt16BigEndian(a.AsSpan(2), 0x0800);
        a[4] = 6;
        a[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(a.AsSpan(6), (ushort)r.Next(1, 3));
        return a;
    }

    /// <summary>RFC 791 with random options (NOP, Record Route, Router Alert) ended by EOL and padding.</summary>
    private static byte[] IPv4(Random r)
    {
        var options = new List<byte>();
        if (r.Next(4) == 0)
        {
            int room = 4 * r.Next(1, 11);
            while (options.Count < room - 1)
            {
                int left = room - options.Count;
                switch (r.Next(3))
                {
                    case 0:
                        options.Add(1);
                        break;
                    case 1 when left >= 7:
                        int k = r.Next(1, Math.Min(9, (left - 3) / 4 + 1));
                        options.AddRange([7, (byte)(3 + (4 * k)), 4]);
                        options.AddRange(Bytes(r, 4 * k));
                        break;
                    case 2 when left >= 4:
                        options.AddRange([148, 4, 0, 0]);
                        break;
                }
            }

            while (options.Count < room)
            {
                options.Add(0); // EOL, then padding
            }
        }

        var source = new IPAddress(Bytes(r, 4));
        var destination = new IPAddress(Bytes(r, 4));
        var (protocol, l4) = Transport(r, source, destination, v6: false);
        int headerLength = 20 + options.Count;
        byte[] ip = new byte[headerLength + l4.Length];
        ip[0] = (byte)(0x40 | (headerLength / 4));
        ip[1] = (byte)r.Next(256);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)r.Next(65536));
        // DF or nothing mostly; now and then a first fragment (MF) or a later one (offset > 0).
        int fragment = r.Next(20) switch { 0 => 0x2000, 1 => r.Next(1, 0x2000), _ => r.Next(2) == 0 ? 0x4000 : 0 };
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), (ushort)fragment);
        ip[8] = (byte)r.Next(256);
        ip[9] = protocol;
        source.GetAddressBytes().CopyTo(ip, 12);
        destination.GetAddressBytes().CopyTo(ip, 16);
        options.CopyTo(ip, 20);
        ushort checksum = OracleChecksum.Compute(ip.AsSpan(0, headerLength));
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), r.Next(10) == 0 ? (ushort)~checksum : checksum);
        l4.CopyTo(ip, headerLength);
        return ip;
    }

    /// <summary>RFC 8200 with, now and then, hop-by-hop/destination options (PadN) and a fragment header (offset 0, last).</summary>
    private static byte[] IPv6(Random r)
    {
        var source = new IPAddress(Bytes(r, 16));
        var destination = new IPAddress(Bytes(r, 16));
        var (protocol, l4) = Transport(r, source, destination, v6: true);
        var extensions = new List<(byte Type, byte[] Bytes)>();
        if (r.Next(4) == 0)
        {
            foreach (byte type in ExtensionOrder)
            {
                if (r.Next(2) == 0 || (type == 0 && extensions.Count > 0))
                {
                    continue;
                }

                byte[] e;
                if (type == 44)
                {
                    e = new byte[8];
                    r.NextBytes(e.AsSpan(4));
                }
                else
                {
                    int units = r.Next(0, 3);
                    e = new byte[8 * (units + 1)];
                    e[1] = (byte)units;
                    e[2] = 1; // PadN over the rest
                    e[3] = (byte)(e.Length - 4);
                }

                extensions.Add((type, e));
            }
        }

        byte next = protocol;
        for (int i = extensions.Count - 1; i >= 0; i--)
        {
            extensions[i].Bytes[0] = next;
            next = extensions[i].Type;
        }

        byte[] chain = [.. extensions.SelectMany(e => e.Bytes), .. l4];
        byte[] ip = new byte[40 + chain.Length];
        BinaryPrimitives.WriteUInt32BigEndian(ip, (uint)(0x60000000 | (r.Next(256) << 20) | r.Next(1 << 20)));
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)chain.Length);
        ip[6] = next;
        ip[7] = (byte)r.Next(256);
        source.GetAddressBytes().CopyTo(ip, 8);
        destination.GetAddressBytes().CopyTo(ip, 24);
        chain.CopyTo(ip, 40);
        return ip;
    }

    private static (byte Protocol, byte[] Segment) Transport(Random r, IPAddress source, IPAddress destination, bool v6)
    {
        byte[] payload = Bytes(r, r.Next(0, 65));
        int kind = r.Next(100);
        if (kind < 50)
        {
            return (6, Tcp(r, payload, source, destination));
        }

        if (kind < 80)
        {
            byte[] u = [.. Bytes(r, 4), 0, 0, 0, 0, .. payload];
            BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(4), (ushort)u.Length);
            bool none = !v6 && r.Next(10) == 0;
            ushort sum = OracleChecksum.Compute(u, OracleChecksum.Pseudo(source, destination, 17, u.Length));
            sum = sum == 0 ? (ushort)0xFFFF : sum; // RFC 768: a computed zero is sent as all ones
            BinaryPrimitives.WriteUInt16BigEndian(u.AsSpan(6), none ? (ushort)0 : r.Next(10) == 0 ? (ushort)(sum ^ 0x0101) : sum);
            return (17, u);
        }

        byte[] types = v6 ? [128, 129, 1, 2, 3, 4] : [0, 8, 3, 11, 5, 13];
        byte[] icmp = [types[r.Next(types.Length)], (byte)r.Next(4), 0, 0, .. Bytes(r, 4), .. payload];
        ushort c = OracleChecksum.Compute(icmp, v6 ? OracleChecksum.Pseudo(source, destination, 58, icmp.Length) : 0);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(2), r.Next(10) == 0 ? (ushort)~c : c);
        return (v6 ? (byte)58 : (byte)1, icmp);
    }

    /// <summary>RFC 9293 with random options (MSS, window scale, SACK permitted, SACK, timestamps, NOP) ended by EOL and padding.</summary>
    private static byte[] Tcp(Random r, byte[] payload, IPAddress source, IPAddress destination)
    {
        var options = new List<byte>();
        if (r.Next(2) == 0)
        {
            int room = 4 * r.Next(1, 11);
            while (options.Count < room - 1)
            {
                int left = room - options.Count;
                switch (r.Next(6))
                {
                    case 0:
                        options.Add(1);
                        break;
                    case 1 when left >= 4:
                        options.AddRange([2, 4, .. Bytes(r, 2)]);
                        break;
                    case 2 when left >= 3:
                        options.AddRange([3, 3, (byte)r.Next(15)]);
                        break;
                    case 3 when left >= 2:
                        options.AddRange([4, 2]);
                        break;
                    case 4 when left >= 10:
                        options.AddRange([8, 10, .. Bytes(r, 8)]);
                        break;
                    case 5 when left >= 10:
                        int blocks = r.Next(1, Math.Min(4, (left - 2) / 8) + 1);
                        options.AddRange([5, (byte)(2 + (8 * blocks)), .. Bytes(r, 8 * blocks)]);
                        break;
                }
            }

            while (options.Count < room)
            {
                options.Add(0); // EOL, then padding
            }
        }

        int headerLength = 20 + options.Count;
        byte[] t = new byte[headerLength + payload.Length];
        r.NextBytes(t.AsSpan(0, 12));
        ushort offsetAndFlags = (ushort)(((headerLength / 4) << 12) | r.Next(0x200));
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(12), offsetAndFlags);
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(14), (ushort)r.Next(65536));
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(18), (ushort)r.Next(65536));
        options.CopyTo(t, 20);
        payload.CopyTo(t, headerLength);
        ushort sum = OracleChecksum.Compute(t, OracleChecksum.Pseudo(source, destination, 6, t.Length));
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(16), r.Next(10) == 0 ? (ushort)~sum : sum);
        return t;
    }
}
