using System.Management.Automation;
using System.Net;
using PSSocket.Core;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes a TCP header (and options) from bytes or hex; with the IP addresses it verifies the checksum.</summary>
[Cmdlet(VerbsData.ConvertFrom, "TcpHeader")]
[OutputType(typeof(TcpHeader), typeof(HeaderField))]
public sealed class ConvertFromTcpHeaderCommand : BytesInputCmdlet
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
            pseudo = PseudoHeaderInput.Sum(SourceAddress, DestinationAddress, 6);
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
            return;
        }

        ulong? withLength = pseudo + (ulong)bytes.Length;
        if (Explain)
        {
            WriteObject(TcpHeader.Explain(bytes, withLength), enumerateCollection: true);
        }
        else
        {
            WriteObject(TcpHeader.Decode(bytes, bytes.Length, withLength));
        }
    }
}
