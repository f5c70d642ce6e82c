using System.Globalization;
using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// Injects packets built by New-Packet, read by Import-Pcap or given as bytes: IP packets through a
/// raw socket with the header included (the kernel routes them), whole frames on -Interface through
/// AF_PACKET. Repeats are bounded: -Count at most 1,000,000, -Interval at most an hour.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "RawPacket", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class SendRawPacketCommand : CancellableCmdlet
{
    private readonly PipelineBytes _loose = new(Core.Parsing.Hex.Parse);
    private RawPacketSender? _sender;
    private long _sent;
    private long _bytes;

    /// <summary>Packet objects (New-Packet, Import-Pcap, Receive-RawPacket) or bytes (an IP packet, or with -Interface an Ethernet frame).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>Send link-layer frames on this interface as they are; without it, IP packets are routed by the kernel.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(CaptureInterfaceCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Interface { get; set; }

    /// <summary>Times to send each packet.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Count { get; set; } = 1;

    /// <summary>Seconds between sends.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public double Interval { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _sender = OwnForCmdletLifetime(new RawPacketSender(Interface));
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault); // an -Interface that does not exist: nothing is sent anywhere else instead
        }
    }

    protected override void ProcessRecord()
    {
        object? value = PipelineValue.Unwrap(InputObject);
        if (value is Packet packet)
        {
            Send(packet, packet.ToString());
            return;
        }

        if (value is object[] items && items.Length > 0 && Array.TrueForAll(items, i => PipelineValue.Unwrap(i) is Packet or byte[]))
        {
            // Packets, or whole frames as byte[] (-InputObject (, $frame) and -InputObject $a, $b): each one is sent.
            foreach (object item in items)
            {
                object one = PipelineValue.Unwrap(item);
                Send(one, one is Packet p ? p.ToString() : Describe((byte[])one));
            }

            return;
        }

        try
        {
            if (_loose.Add(InputObject) is { } bytes)
            {
                Send(bytes, Describe(bytes));
            }
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }

    protected override void EndProcessing()
    {
        if (_loose.HasLoose)
        {
            byte[] bytes = _loose.TakeLoose();
            Send(bytes, Describe(bytes));
        }

        WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Sent {_sent} packets, {_bytes} bytes."));
    }

    private static string Describe(byte[] bytes) => Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 16)));

    private void Send(object item, string description)
    {
        string target = Interface is null ? description : $"{description} on {Interface}";
        if (!ShouldProcess(target, Count == 1 ? "Send raw packet" : string.Create(CultureInfo.InvariantCulture, $"Send raw packet {Count} times")))
        {
            return;
        }

        for (int i = 0; i < Count; i++)
        {
            if (i > 0 && Interval > 0 && StopToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(Interval)))
            {
                throw new PipelineStoppedException();
            }

            try
            {
                _bytes += item is Packet p ? _sender!.Send(p) : _sender!.Send((byte[])item, isFrame: Interface is not null);
                _sent++;
            }
            catch (PSSocketException fault) when (fault.Category != FaultCategory.PermissionDenied)
            {
                WriteFault(fault);
                return;
            }
            catch (PSSocketException fault)
            {
                ThrowFault(fault);
            }
        }
    }
}
