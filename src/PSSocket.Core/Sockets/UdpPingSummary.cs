namespace PSSocket.Core.Sockets;

/// <summary>What a UDP ping run adds up to (Test-UdpEcho -Summary): sent, received, wrong replies, loss and round-trip statistics in milliseconds.</summary>
public sealed class UdpPingSummary
{
    internal UdpPingSummary(string destination, int sent, int received, int wrongReplies, double? minimum, double? average, double? maximum)
    {
        Destination = destination;
        Sent = sent;
        Received = received;
        WrongReplies = wrongReplies;
        LossPercent = sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        MinimumMilliseconds = minimum;
        AverageMilliseconds = average;
        MaximumMilliseconds = maximum;
    }

    public string Destination { get; }

    public int Sent { get; }

    /// <summary>Probes the server echoed correctly.</summary>
    public int Received { get; }

    /// <summary>Probes the server answered with other bytes than it was sent (not counted as received).</summary>
    public int WrongReplies { get; }

    public double LossPercent { get; }

    /// <summary>Null when no reply came back.</summary>
    public double? MinimumMilliseconds { get; }

    public double? AverageMilliseconds { get; }

    public double? MaximumMilliseconds { get; }
}
