namespace PSSocket.Core.Sockets;

/// <summary>What a UDP ping run adds up to: sent, received, loss and round-trip statistics in milliseconds.</summary>
public sealed class UdpPingSummary
{
    internal UdpPingSummary(string destination, int sent, int received, double? minimum, double? average, double? maximum)
    {
        Destination = destination;
        Sent = sent;
        Received = received;
        LossPercent = sent == 0 ? 0 : 100.0 * (sent - received) / sent;
        MinimumMilliseconds = minimum;
        AverageMilliseconds = average;
        MaximumMilliseconds = maximum;
    }

    public string Destination { get; }

    public int Sent { get; }

    public int Received { get; }

    public double LossPercent { get; }

    /// <summary>Null when no reply came back.</summary>
    public double? MinimumMilliseconds { get; }

    public double? AverageMilliseconds { get; }

    public double? MaximumMilliseconds { get; }
}
