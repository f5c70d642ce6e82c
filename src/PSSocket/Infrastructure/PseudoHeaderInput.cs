using System.Net;
using PSSocket.Core;
using PSSocket.Core.Packets;

namespace PSSocket.Infrastructure;

/// <summary>The optional -SourceAddress/-DestinationAddress that let a TCP, UDP or ICMPv6 checksum be verified.</summary>
internal static class PseudoHeaderInput
{
    /// <summary>The pseudo-header sum without the length, or null when the addresses were not given.</summary>
    /// <exception cref="PSSocketException">PseudoHeaderIncomplete, MixedAddressFamilies.</exception>
    public static ulong? Sum(IPAddress? source, IPAddress? destination, byte protocol)
    {
        if (source is null && destination is null)
        {
            return null;
        }

        if (source is null || destination is null)
        {
            throw new PSSocketException("PseudoHeaderIncomplete", FaultCategory.InvalidArgument, source ?? destination,
                "The checksum covers both addresses: give -SourceAddress and -DestinationAddress together.");
        }

        if (source.AddressFamily != destination.AddressFamily)
        {
            throw new PSSocketException("MixedAddressFamilies", FaultCategory.InvalidArgument, destination,
                $"Source {source} and destination {destination} are of different IP versions.");
        }

        return Checksums.PseudoHeader(source.GetAddressBytes(), destination.GetAddressBytes(), protocol, 0);
    }
}
