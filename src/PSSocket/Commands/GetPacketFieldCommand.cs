using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Every field PacketDotNet finds in a packet, one row each, for the protocols our decoders do not
/// cover (DHCP, IGMP, NDP, 802.1Q, LLDP, PPPoE, 802.11...); see <see cref="Dissector"/>.
/// </summary>
[Cmdlet(VerbsCommon.Get, "PacketField")]
[OutputType(typeof(PacketField))]
public sealed class GetPacketFieldCommand : PSSocketCmdlet
{
    private WildcardPattern[] _layers = [];

    /// <summary>Packets, as Import-Pcap, New-Packet and Receive-RawPacket write them, or their copies from Import-Clixml, jobs and remoting.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>Only the rows of these layers (Ethernet, IPv4, Udp, DhcpV4, IgmpV2, Ieee8021Q, NdpNeighborSolicitation...); wildcards allowed.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[] Layer { get; set; } = [];

    protected override void BeginProcessing() =>
        _layers = [.. Layer.Select(l => new WildcardPattern(l, WildcardOptions.IgnoreCase))];

    protected override void ProcessRecord()
    {
        foreach (var item in InputObject)
        {
            if (item is null)
            {
                continue;
            }

            if (PacketInput.Require(item, "Get-PacketField", out var fault) is not { } packet)
            {
                WriteFault(fault!);
                continue;
            }

            foreach (var field in Dissector.Dissect(packet))
            {
                if (_layers.Length == 0 || _layers.Any(p => p.IsMatch(field.Layer)))
                {
                    WriteObject(field);
                }
            }
        }
    }
}
