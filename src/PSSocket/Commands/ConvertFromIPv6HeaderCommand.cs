using System.Management.Automation;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>Decodes an IPv6 header and its extension headers from bytes or hex.</summary>
[Cmdlet(VerbsData.ConvertFrom, "IPv6Header")]
[OutputType(typeof(IPv6Header), typeof(HeaderField))]
public sealed class ConvertFromIPv6HeaderCommand : BytesInputCmdlet
{
    /// <summary>Emit one row per field of the fixed header.</summary>
    [Parameter]
    public SwitchParameter Explain { get; set; }

    protected override string LayerName => "IPv6";

    protected override byte[]? LayerOf(Packet packet) => packet.IPBytes(6);

    protected override void Convert(byte[] bytes)
    {
        if (!HasFixedHeader(bytes, 40))
        {
            return;
        }

        if (Explain)
        {
            WriteObject(IPv6Header.Explain(bytes), enumerateCollection: true);
        }
        else
        {
            WriteObject(IPv6Header.Decode(bytes));
        }
    }
}
