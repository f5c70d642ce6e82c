using System.Numerics;

namespace PSSocket.Core.Host;

/// <summary>
/// A 16-, 32-, 64- or 128-bit value (or an IP address) in both byte orders: what htons/htonl,
/// ntohs/ntohl, inet_aton and inet_ntoa show in C.
/// </summary>
public sealed class ByteOrderValue
{
    internal ByteOrderValue(int size, BigInteger value, BigInteger networkOrderValue, byte[] networkOrder, byte[] hostOrder, string? address)
    {
        Size = size;
        Value = value;
        NetworkOrderValue = networkOrderValue;
        NetworkOrder = networkOrder;
        HostOrder = hostOrder;
        Address = address;
    }

    /// <summary>The IP address the bytes are, or null for a plain number.</summary>
    public string? Address { get; }

    /// <summary>Width in bits: 16, 32, 64, or 128 for an IPv6 address.</summary>
    public int Size { get; }

    /// <summary>The number itself (for an address, the network-order bytes read as one big-endian number).</summary>
    public BigInteger Value { get; }

    /// <summary>The bytes as they go on the wire, most significant first.</summary>
    public byte[] NetworkOrder { get; }

    /// <summary>The bytes as this machine keeps the number in memory.</summary>
    public byte[] HostOrder { get; }

    /// <summary>What htons()/htonl() return here: the network-order bytes read as a host integer.</summary>
    public BigInteger NetworkOrderValue { get; }

    /// <summary>The network-order bytes as hex, the way a packet dump shows them: "7F000001".</summary>
    public string NetworkHex => Convert.ToHexString(NetworkOrder);

    /// <summary>The host-order bytes as hex.</summary>
    public string HostHex => Convert.ToHexString(HostOrder);

    /// <summary>LittleEndian or BigEndian: the order of HostOrder on this machine.</summary>
    public string HostByteOrder { get; } = BitConverter.IsLittleEndian ? "LittleEndian" : "BigEndian";
}
