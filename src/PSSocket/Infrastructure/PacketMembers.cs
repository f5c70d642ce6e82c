using System.Management.Automation;
using PSSocket.Core.Packets;

namespace PSSocket.Infrastructure;

/// <summary>
/// Getters of the hidden packet properties that module/PSSocket.types.ps1xml declares as
/// CodeProperties. Hidden, because Export-Csv and Format-List * write every visible property:
/// the flat columns stay the visible ones, and the bytes and layers are still one dot away.
/// </summary>
public static class PacketMembers
{
    public static DateTimeOffset Timestamp(PSObject instance) => Of(instance).Timestamp;

    public static string? Interface(PSObject instance) => Of(instance).Interface;

    public static LinkType LinkType(PSObject instance) => Of(instance).LinkType;

    public static string? Comment(PSObject instance) => Of(instance).Comment;

    public static KernelChecksum KernelChecksum(PSObject instance) => Of(instance).KernelChecksum;

#pragma warning disable CA1819 // the bytes are the packet; users index and pipe them
    public static byte[] Data(PSObject instance) => Of(instance).Data;

    public static byte[]? Payload(PSObject instance) => Of(instance).Payload;
#pragma warning restore CA1819

    public static PacketProblems Problems(PSObject instance) => Of(instance).Problems;

    public static EthernetHeader? Ethernet(PSObject instance) => Of(instance).Ethernet;

    public static LinuxSllHeader? LinuxSll(PSObject instance) => Of(instance).LinuxSll;

    public static NullHeader? Loopback(PSObject instance) => Of(instance).Loopback;

    public static ArpPacket? Arp(PSObject instance) => Of(instance).Arp;

    public static IPv4Header? IPv4(PSObject instance) => Of(instance).IPv4;

    public static IPv6Header? IPv6(PSObject instance) => Of(instance).IPv6;

    public static TcpHeader? Tcp(PSObject instance) => Of(instance).Tcp;

    public static UdpHeader? Udp(PSObject instance) => Of(instance).Udp;

    public static IcmpHeader? Icmp(PSObject instance) => Of(instance).Icmp;

    private static Packet Of(PSObject instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return (Packet)instance.BaseObject;
    }
}
