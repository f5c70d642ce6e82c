using System.Globalization;
using System.Net;
using System.Numerics;

namespace PSSocket.Core.Host;

/// <summary>Host ↔ network byte order for 16/32/64-bit numbers and IP addresses (htons, ntohl, inet_aton, inet_ntoa).</summary>
internal static class ByteOrder
{
    /// <summary>The bit widths of C's integer conversions.</summary>
    public static readonly int[] Sizes = [16, 32, 64];

    /// <summary>The smallest of 16, 32 and 64 bits that holds <paramref name="value"/>.</summary>
    public static int SizeFor(ulong value) => value <= ushort.MaxValue ? 16 : value <= uint.MaxValue ? 32 : 64;

    /// <summary>htons/htonl/htonll: a host value of <paramref name="size"/> bits in both orders.</summary>
    /// <exception cref="PSSocketException">ValueOutOfRange when the value needs more bits; InvalidSize.</exception>
    public static ByteOrderValue FromValue(ulong value, int size)
    {
        CheckSize(size);
        if (size < 64 && value >> size != 0)
        {
            throw new PSSocketException("ValueOutOfRange", FaultCategory.InvalidArgument, value,
                string.Create(CultureInfo.InvariantCulture, $"{value} does not fit in {size} bits (largest: {(1UL << size) - 1})."));
        }

        byte[] network = new byte[size / 8];
        for (int i = 0; i < network.Length; i++)
        {
            network[network.Length - 1 - i] = (byte)(value >> (8 * i));
        }

        return FromNetworkBytes(network, address: false);
    }

    /// <summary>inet_aton/inet_pton: an address's network-order bytes and the number they make.</summary>
    public static ByteOrderValue FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return FromNetworkBytes(address.GetAddressBytes(), address: true);
    }

    /// <summary>
    /// ntohs/ntohl/ntohll: network-order bytes to their value; with <paramref name="address"/>, 4 or 16
    /// bytes are also read as an IPv4 or IPv6 address (inet_ntoa/inet_ntop).
    /// </summary>
    /// <exception cref="PSSocketException">InvalidLength for byte counts other than 2, 4, 8 (or 4, 16 for addresses).</exception>
    public static ByteOrderValue FromNetworkBytes(ReadOnlySpan<byte> network, bool address)
    {
        bool fits = address ? network.Length is 4 or 16 : network.Length is 2 or 4 or 8;
        if (!fits)
        {
            throw new PSSocketException("InvalidLength", FaultCategory.InvalidArgument, network.ToArray(),
                string.Create(CultureInfo.InvariantCulture, $"{network.Length} bytes are not {(address ? "an IPv4 (4) or IPv6 (16) address" : "a 16-, 32- or 64-bit value (2, 4 or 8 bytes)")}."));
        }

        byte[] wire = network.ToArray();
        byte[] host = (byte[])wire.Clone();
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(host);
        }

        var value = new BigInteger(wire, isUnsigned: true, isBigEndian: true);
        var asHostInteger = new BigInteger(wire, isUnsigned: true, isBigEndian: !BitConverter.IsLittleEndian);
        string? text = address ? new IPAddress(wire).ToString() : null;
        return new ByteOrderValue(wire.Length * 8, value, asHostInteger, wire, host, text);
    }

    /// <summary>
    /// ntohs/ntohl applied to what a C program holds after reading a network field into an integer:
    /// <paramref name="received"/>'s host-order bytes are the wire bytes.
    /// </summary>
    public static ByteOrderValue FromReceivedValue(ulong received, int size, bool address)
    {
        CheckSize(size);
        if (size < 64 && received >> size != 0)
        {
            throw new PSSocketException("ValueOutOfRange", FaultCategory.InvalidArgument, received,
                string.Create(CultureInfo.InvariantCulture, $"{received} does not fit in {size} bits."));
        }

        if (address && size != 32)
        {
            throw new PSSocketException("InvalidSize", FaultCategory.InvalidArgument, size, "Only a 32-bit value can be an IPv4 address (s_addr).");
        }

        // The integer's bytes as they sit in memory are the bytes that came off the wire.
        byte[] all = BitConverter.GetBytes(received);
        byte[] memory = BitConverter.IsLittleEndian ? all[..(size / 8)] : all[(8 - (size / 8))..];
        return FromNetworkBytes(memory, address);
    }

    private static void CheckSize(int size)
    {
        if (!Sizes.Contains(size))
        {
            throw new PSSocketException("InvalidSize", FaultCategory.InvalidArgument, size, "The size is 16, 32 or 64 bits.");
        }
    }
}
