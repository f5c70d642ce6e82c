using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core;
using PSSocket.Core.Packets;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of the TCP, UDP and ICMP header cmdlets: -Explain, and the optional -SourceAddress and
/// -DestinationAddress whose pseudo-header lets the checksum be verified.
/// </summary>
public abstract class ChecksummedHeaderCmdlet : BytesInputCmdlet
{
    /// <summary>The IP source address, for the pseudo-header of the checksum.</summary>
    [Parameter]
    public IPAddress? SourceAddress { get; set; }

    /// <summary>The IP destination address, for the pseudo-header of the checksum.</summary>
    [Parameter]
    public IPAddress? DestinationAddress { get; set; }

    /// <summary>One row per field: the RFC diagram as objects.</summary>
    [Parameter]
    public SwitchParameter Explain { get; set; }

    /// <summary>
    /// The pseudo-header sum for <paramref name="upperLayerLength"/> bytes, or null when no
    /// addresses were given; a half-given or mixed-family pair terminates the cmdlet.
    /// </summary>
    protected ulong? PseudoHeaderSum(byte protocol, int upperLayerLength)
    {
        if (SourceAddress is null && DestinationAddress is null)
        {
            // A packet carries its addresses, so its checksum can be verified without asking.
            return InputPacket?.IPAddresses() is var (source, destination)
                ? HeaderChecksums.PseudoHeader(source.GetAddressBytes(), destination.GetAddressBytes(), protocol, upperLayerLength)
                : null;
        }

        if (SourceAddress is null || DestinationAddress is null)
        {
            ThrowFault(new PSSocketException("PseudoHeaderIncomplete", FaultCategory.InvalidArgument, SourceAddress ?? DestinationAddress,
                "The checksum covers both addresses: give -SourceAddress and -DestinationAddress together."));
        }

        if (SourceAddress!.AddressFamily != DestinationAddress!.AddressFamily)
        {
            ThrowFault(new PSSocketException("MixedAddressFamilies", FaultCategory.InvalidArgument, DestinationAddress,
                $"Source {SourceAddress} and destination {DestinationAddress} are of different IP versions."));
        }

        return HeaderChecksums.PseudoHeader(SourceAddress.GetAddressBytes(), DestinationAddress.GetAddressBytes(), protocol, upperLayerLength);
    }

    /// <summary>The IP version of the pseudo-header: of the addresses given, else of the input packet.</summary>
    protected AddressFamily? PseudoHeaderFamily => (SourceAddress ?? InputPacket?.IPAddresses()?.Source)?.AddressFamily;

    /// <summary>Writes the explanation rows or the decoded header.</summary>
    protected void WriteHeader<T>(Func<IReadOnlyList<HeaderField>> explain, Func<T> decode)
    {
        ArgumentNullException.ThrowIfNull(explain);
        ArgumentNullException.ThrowIfNull(decode);
        if (Explain)
        {
            WriteObject(explain(), enumerateCollection: true);
        }
        else
        {
            WriteObject(decode());
        }
    }
}
