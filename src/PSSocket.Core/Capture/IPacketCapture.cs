using PSSocket.Core.Packets;

namespace PSSocket.Core.Capture;

/// <summary>A live capture as the cmdlet drives it, whichever backend reads the packets.</summary>
internal interface IPacketCapture : IDisposable
{
    CaptureInterface Interface { get; }

    LinkType LinkType { get; }

    /// <summary>How it captures and what it filters, for the verbose stream.</summary>
    string Description { get; }

    long Captured { get; }

    long Bytes { get; }

    long KernelDropped { get; }

    CaptureStatistics Statistics { get; }

    void Start();

    /// <summary>Before Start: the reader writes the packets to the file itself and the stream yields none.</summary>
    void WriteTo(Files.CaptureFileWriter writer);

    IAsyncEnumerable<Packet> ReadAllAsync(CancellationToken cancellationToken = default);
}
