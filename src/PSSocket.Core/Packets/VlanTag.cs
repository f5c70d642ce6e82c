namespace PSSocket.Core.Packets;

/// <summary>An 802.1Q (or 802.1ad) tag.</summary>
public sealed class VlanTag
{
    internal VlanTag(ushort tagProtocol, ushort control, ushort etherType)
    {
        TagProtocol = tagProtocol;
        Priority = control >> 13;
        DropEligible = (control & 0x1000) != 0;
        VlanId = control & 0x0FFF;
        EtherType = etherType;
    }

    /// <summary>0x8100 for 802.1Q, 0x88a8 for 802.1ad service tags.</summary>
    public ushort TagProtocol { get; }

    /// <summary>Priority Code Point (PCP), 0-7.</summary>
    public int Priority { get; }

    public bool DropEligible { get; }

    public int VlanId { get; }

    /// <summary>The type that follows the tag.</summary>
    public ushort EtherType { get; }

    public override string ToString() => "VLAN " + VlanId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
