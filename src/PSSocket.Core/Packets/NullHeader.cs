namespace PSSocket.Core.Packets;

/// <summary>The 4-byte BSD loopback header: the address family of the packet that follows.</summary>
public sealed class NullHeader
{
    internal NullHeader(uint family, PacketProblems problems)
    {
        Family = family;
        Problems = problems;
    }

    /// <summary>2 for IPv4; 10, 24, 28 or 30 for IPv6 depending on the capturing OS.</summary>
    public uint Family { get; }

    public PacketProblems Problems { get; }

    public override string ToString() => "Family " + Family.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
