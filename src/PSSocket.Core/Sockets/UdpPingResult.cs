using System.Globalization;

namespace PSSocket.Core.Sockets;

/// <summary>One UDP ping probe: its sequence number, whether the echo came back, and how fast.</summary>
public sealed class UdpPingResult
{
    internal UdpPingResult(int sequence, string destination, UdpPingStatus status, double? roundTripMilliseconds, string? reply)
    {
        Sequence = sequence;
        Destination = destination;
        Status = status;
        RoundTripMilliseconds = roundTripMilliseconds;
        Reply = reply;
    }

    public int Sequence { get; }

    /// <summary>The echo server, as address:port.</summary>
    public string Destination { get; }

    public UdpPingStatus Status { get; }

    /// <summary>Null when no answer came.</summary>
    public double? RoundTripMilliseconds { get; }

    /// <summary>The text the server answered, null when no answer came.</summary>
    public string? Reply { get; }

    public override string ToString() => Status switch
    {
        UdpPingStatus.Success => string.Create(CultureInfo.InvariantCulture, $"Reply from {Destination}: seq={Sequence} time={RoundTripMilliseconds:0.000} ms"),
        UdpPingStatus.WrongReply => string.Create(CultureInfo.InvariantCulture, $"Wrong reply from {Destination}: seq={Sequence} time={RoundTripMilliseconds:0.000} ms"),
        UdpPingStatus.PortUnreachable => string.Create(CultureInfo.InvariantCulture, $"Destination port unreachable: seq={Sequence}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"Request timed out: seq={Sequence}"),
    };
}
