using System.Management.Automation;
using System.Net;
using System.Text;
using PSSocket.Core;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Builds an IPv4 or IPv6 packet carrying TCP, UDP or an ICMP echo, with lengths and checksums
/// computed unless a field is given explicitly (a wrong checksum on purpose included).
/// </summary>
[Cmdlet(VerbsCommon.New, "Packet", DefaultParameterSetName = TcpSet)]
[OutputType(typeof(Packet))]
public sealed class NewPacketCommand : PSSocketCmdlet
{
    private const string TcpSet = "Tcp";
    private const string UdpSet = "Udp";
    private const string IcmpSet = "Icmp";

    /// <summary>Packets built so far by this command: each input builds one, numbered in pipeline order.</summary>
    private long _number;

    [Parameter(Mandatory = true, ParameterSetName = TcpSet)]
    public SwitchParameter Tcp { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = UdpSet)]
    public SwitchParameter Udp { get; set; }

    /// <summary>An ICMP echo request (ICMPv6 when the addresses are IPv6).</summary>
    [Parameter(Mandatory = true, ParameterSetName = IcmpSet)]
    public SwitchParameter Icmp { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    public IPAddress Source { get; set; } = IPAddress.Loopback;

    [Parameter(Mandatory = true, Position = 1)]
    public IPAddress Destination { get; set; } = IPAddress.Loopback;

    [Parameter(ParameterSetName = TcpSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = UdpSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 65535)]
    public int SourcePort { get; set; }

    [Parameter(ParameterSetName = TcpSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = UdpSet, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 65535)]
    public int DestinationPort { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    public TcpFlags Flags { get; set; } = TcpFlags.Syn;

    [Parameter(ParameterSetName = TcpSet)]
    public uint SequenceNumber { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    public uint AcknowledgmentNumber { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    [ValidateRange(0, 65535)]
    public int Window { get; set; } = 65535;

    [Parameter(ParameterSetName = TcpSet)]
    [ValidateRange(0, 65535)]
    public int UrgentPointer { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    [ValidateRange(0, 65535)]
    public int? MaximumSegmentSize { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    [ValidateRange(0, 14)]
    public int? WindowScale { get; set; }

    [Parameter(ParameterSetName = TcpSet)]
    public SwitchParameter SackPermitted { get; set; }

    /// <summary>TSval and TSecr of the timestamps option.</summary>
    [Parameter(ParameterSetName = TcpSet)]
    [ValidateCount(2, 2)]
    public uint[]? Timestamp { get; set; }

    /// <summary>Raw option bytes appended after the typed options.</summary>
    [Parameter(ParameterSetName = TcpSet)]
    public byte[]? TcpOption { get; set; }

    /// <summary>Overrides the TCP data offset (header length in 32-bit words).</summary>
    [Parameter(ParameterSetName = TcpSet)]
    [ValidateRange(0, 15)]
    public int? DataOffset { get; set; }

    /// <summary>Overrides the UDP Length field.</summary>
    [Parameter(ParameterSetName = UdpSet)]
    [ValidateRange(0, 65535)]
    public int? UdpLength { get; set; }

    [Parameter(ParameterSetName = IcmpSet)]
    public ushort Identifier { get; set; }

    [Parameter(ParameterSetName = IcmpSet)]
    public ushort Sequence { get; set; }

    /// <summary>Overrides the ICMP type (default echo request: 8, or 128 for ICMPv6).</summary>
    [Parameter(ParameterSetName = IcmpSet)]
    public byte? IcmpType { get; set; }

    [Parameter(ParameterSetName = IcmpSet)]
    public byte IcmpCode { get; set; }

    /// <summary>The data: byte[] as is, a string as UTF-8. Each piped payload builds one packet.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public object? Payload { get; set; }

    /// <summary>TTL (IPv4) or hop limit (IPv6).</summary>
    [Parameter]
    [ValidateRange(0, 255)]
    public int Ttl { get; set; } = 64;

    [Parameter]
    public ushort Identification { get; set; }

    /// <summary>IPv4 flags; by default Don't Fragment, as Linux sends.</summary>
    [Parameter]
    public IPv4Flags? IPFlags { get; set; }

    /// <summary>IPv4 fragment offset in units of 8 bytes.</summary>
    [Parameter]
    [ValidateRange(0, 8191)]
    public int FragmentOffset { get; set; }

    [Parameter]
    [ValidateRange(0, 63)]
    public int Dscp { get; set; }

    [Parameter]
    [ValidateRange(0, 3)]
    public int Ecn { get; set; }

    [Parameter]
    [ValidateRange(0, 0xFFFFF)]
    public int FlowLabel { get; set; }

    /// <summary>Raw IPv4 option bytes (padded to 4 with End of Option List).</summary>
    [Parameter]
    public byte[]? IPOption { get; set; }

    /// <summary>Overrides the IPv4 total length (or IPv6 40 + payload length).</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int? TotalLength { get; set; }

    /// <summary>Writes this IPv4 header checksum instead of the right one.</summary>
    [Parameter]
    public ushort? IPChecksum { get; set; }

    /// <summary>Writes this TCP/UDP/ICMP checksum instead of the right one.</summary>
    [Parameter]
    public ushort? Checksum { get; set; }

    /// <summary>Overrides the IP protocol (next header) number.</summary>
    [Parameter]
    public byte? Protocol { get; set; }

    /// <summary>RawIP (default) or Ethernet, which adds an Ethernet II header.</summary>
    [Parameter]
    [ValidateSet(nameof(LinkType.RawIP), nameof(LinkType.Ethernet))]
    public LinkType LinkType { get; set; } = LinkType.RawIP;

    [Parameter]
    public string SourceMac { get; set; } = "00:00:00:00:00:00";

    [Parameter]
    public string DestinationMac { get; set; } = "00:00:00:00:00:00";

    protected override void ProcessRecord()
    {
        var template = new PacketTemplate
        {
            Source = Source,
            Destination = Destination,
            Kind = ParameterSetName switch { UdpSet => CraftedTransport.Udp, IcmpSet => CraftedTransport.IcmpEcho, _ => CraftedTransport.Tcp },
            LinkType = LinkType,
            Payload = PipelineValue.Unwrap(Payload) switch
            {
                null => [],
                byte[] b => b,
                _ => Encoding.UTF8.GetBytes(LanguagePrimitives.ConvertTo<string>(Payload)),
            },
            Ttl = Ttl,
            Dscp = Dscp,
            Ecn = Ecn,
            Identification = Identification,
            IPFlags = IPFlags,
            FragmentOffset = FragmentOffset,
            IPOptions = IPOption ?? [],
            TotalLength = TotalLength,
            IPChecksum = IPChecksum,
            Protocol = Protocol,
            FlowLabel = FlowLabel,
            SourcePort = SourcePort,
            DestinationPort = DestinationPort,
            Sequence = SequenceNumber,
            Acknowledgment = AcknowledgmentNumber,
            TcpFlags = Flags,
            Window = Window,
            UrgentPointer = UrgentPointer,
            MaximumSegmentSize = MaximumSegmentSize,
            WindowScale = WindowScale,
            SackPermitted = SackPermitted,
            Timestamps = Timestamp is { Length: 2 } ts ? (ts[0], ts[1]) : null,
            TcpOptions = TcpOption ?? [],
            DataOffset = DataOffset,
            UdpLength = UdpLength,
            Checksum = Checksum,
            IcmpType = IcmpType,
            IcmpCode = IcmpCode,
            IcmpIdentifier = Identifier,
            IcmpSequence = Sequence,
            SourceMac = SourceMac,
            DestinationMac = DestinationMac,
        };
        try
        {
            WriteObject(PacketFactory.Build(template, ++_number));
        }
        catch (PSSocketException fault) when (fault.ErrorId == "PayloadTooLarge")
        {
            // The payload is the piped input: this one cannot be built, the next may be.
            WriteFault(fault);
        }
        catch (PSSocketException fault)
        {
            // The other faults come from parameters every input shares.
            ThrowFault(fault);
        }
    }
}
