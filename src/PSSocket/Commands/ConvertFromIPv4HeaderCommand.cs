using System.Management.Automation;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes an IPv4 header from bytes or hex; -Explain shows the RFC 791 diagram field by field.</summary>
[Cmdlet(VerbsData.ConvertFrom, "IPv4Header")]
[OutputType(typeof(IPv4Header), typeof(HeaderField))]
public sealed class ConvertFromIPv4HeaderCommand : BytesInputCmdlet
{
    /// <summary>Emit one row per header field (name, bit offset, bit length, bits, value, meaning).</summary>
    [Parameter]
    public SwitchParameter Explain { get; set; }

    protected override string LayerName => "IPv4";

    protected override byte[]? LayerOf(Packet packet) => packet.IPBytes(4);

    protected override void Convert(byte[] bytes)
    {
        if (!HasFixedHeader(bytes, 20))
        {
            return;
        }

        if (Explain)
        {
            WriteObject(IPv4Header.Explain(bytes), enumerateCollection: true);
        }
        else
        {
            WriteObject(IPv4Header.Decode(bytes));
        }
    }
}
