using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using PSSocket.Core;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes a UDP header from bytes or hex; with the IP addresses it verifies the checksum.</summary>
[Cmdlet(VerbsData.ConvertFrom, "UdpHeader")]
[OutputType(typeof(UdpHeader), typeof(HeaderField))]
public sealed class ConvertFromUdpHeaderCommand : BytesInputCmdlet
{
    /// <summary>The IP source address, for the pseudo-header of the checksum.</summary>
    [Parameter]
    public IPAddress? SourceAddress { get; set; }

    /// <summary>The IP destination address, for the pseudo-header of the checksum.</summary>
    [Parameter]
    public IPAddress? DestinationAddress { get; set; }

    [Parameter]
    public SwitchParameter Explain { get; set; }

    protected override void Convert(byte[] bytes)
    {
        ulong? pseudo;
        try
        {
            pseudo = PseudoHeaderInput.Sum(SourceAddress, DestinationAddress, 17);
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            return;
        }

        // Only over IPv4 does a zero checksum mean "none"; without addresses, assume IPv4 as most labs do.
        bool zeroMeansNone = SourceAddress?.AddressFamily != AddressFamily.InterNetworkV6;
        if (Explain)
        {
            WriteObject(UdpHeader.Explain(bytes, pseudo, zeroMeansNone), enumerateCollection: true);
        }
        else
        {
            WriteObject(UdpHeader.Decode(bytes, bytes.Length, pseudo, zeroMeansNone));
        }
    }
}
