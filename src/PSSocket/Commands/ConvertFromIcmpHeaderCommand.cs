using System.Management.Automation;
using System.Net;
using PSSocket.Core;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes an ICMP (or, with -IPv6, ICMPv6) message header from bytes or hex.</summary>
[Cmdlet(VerbsData.ConvertFrom, "IcmpHeader")]
[OutputType(typeof(IcmpHeader), typeof(HeaderField))]
public sealed class ConvertFromIcmpHeaderCommand : BytesInputCmdlet
{
    /// <summary>Decode as ICMPv6 (types 128/129 are echo, the checksum has a pseudo-header).</summary>
    [Parameter]
    public SwitchParameter IPv6 { get; set; }

    /// <summary>ICMPv6 only: the IPv6 source address, to verify the checksum.</summary>
    [Parameter]
    public IPAddress? SourceAddress { get; set; }

    /// <summary>ICMPv6 only: the IPv6 destination address, to verify the checksum.</summary>
    [Parameter]
    public IPAddress? DestinationAddress { get; set; }

    [Parameter]
    public SwitchParameter Explain { get; set; }

    protected override void Convert(byte[] bytes)
    {
        ulong? pseudo = 0;
        if (IPv6)
        {
            try
            {
                pseudo = PseudoHeaderInput.Sum(SourceAddress, DestinationAddress, 58) + (ulong)bytes.Length;
            }
            catch (PSSocketException fault)
            {
                ThrowFault(fault);
                return;
            }
        }

        int version = IPv6 ? 6 : 4;
        if (Explain)
        {
            WriteObject(IcmpHeader.Explain(bytes, version, pseudo), enumerateCollection: true);
        }
        else
        {
            WriteObject(IcmpHeader.Decode(bytes, bytes.Length, version, pseudo));
        }
    }
}
