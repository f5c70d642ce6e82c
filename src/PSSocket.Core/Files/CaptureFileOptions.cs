namespace PSSocket.Core.Files;

/// <summary>
/// What may happen to a file already at the path (the rules of Out-File and Export-Csv), shared by
/// every cmdlet that writes captures (Export-Pcap, and live capture writing to -Path).
/// </summary>
internal sealed record CaptureFileOptions
{
    /// <summary>Add records to an existing capture of a compatible format and link type (a missing or empty file is created).</summary>
    public bool Append { get; init; }

    /// <summary>Never replace an existing file.</summary>
    public bool NoClobber { get; init; }

    /// <summary>Replace an existing file even when it is not a capture.</summary>
    public bool Force { get; init; }
}
