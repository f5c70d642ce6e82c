using System.Globalization;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>Writes frames to a pcap or pcapng file. Created by <see cref="Create"/>, which also handles appending.</summary>
internal abstract class CaptureFileWriter : IDisposable
{
    /// <summary>The snap length written in headers: the libpcap default, larger than any frame written here.</summary>
    public const int DefaultSnapLength = 262144;

    private readonly Stream _stream;

    protected CaptureFileWriter(Stream stream, string name)
    {
        _stream = stream;
        Name = name;
    }

    public string Name { get; }

    public long PacketsWritten { get; private set; }

    /// <summary>Creates (or, with <paramref name="append"/>, extends) a capture file.</summary>
    /// <param name="linkType">pcap only: the link type of the whole file, which every frame must share.</param>
    public static CaptureFileWriter Create(string path, CaptureFormat format, LinkType linkType, bool append)
    {
        bool extend = append && File.Exists(path) && new FileInfo(path).Length > 0;
        if (!extend)
        {
            var stream = OpenStream(path, FileMode.Create);
            return format == CaptureFormat.Pcap ? new PcapFileWriter(stream, path, linkType, nanoseconds: false, bigEndian: false) : new PcapNgFileWriter(stream, path);
        }

        // Appending must keep the existing file's format, byte order and resolution.
        CaptureFormat existing;
        LinkType existingLink = linkType;
        bool nanoseconds = false, bigEndian = false;
        using (var reader = CaptureFileReader.Open(path))
        {
            existing = reader.Format;
            if (reader is PcapFileReader pcap)
            {
                existingLink = pcap.LinkType;
                nanoseconds = pcap.Nanoseconds;
                bigEndian = pcap.BigEndian;
            }
        }

        if (existing != format)
        {
            throw new PSSocketException("CaptureFormatMismatch", FaultCategory.InvalidArgument, path,
                string.Create(CultureInfo.InvariantCulture, $"'{path}' is a {existing} file; -Append cannot add {format} records to it."));
        }

        if (format == CaptureFormat.Pcap && existingLink != linkType)
        {
            throw MixedLinkTypes(path, existingLink, linkType);
        }

        var appended = OpenStream(path, FileMode.Append);
        return format == CaptureFormat.Pcap
            ? new PcapFileWriter(appended, path, linkType, nanoseconds, bigEndian, writeHeader: false)
            : new PcapNgFileWriter(appended, path);
    }

    /// <summary>The error for a frame whose link type a pcap file cannot hold.</summary>
    public static PSSocketException MixedLinkTypes(string path, LinkType fileLinkType, LinkType frameLinkType) =>
        new("MixedLinkTypesInPcap", FaultCategory.InvalidData, path,
            string.Create(CultureInfo.InvariantCulture, $"'{path}' is a pcap file of link type {fileLinkType}; a pcap file holds one link type, so a {frameLinkType} frame cannot go in it. Use -Format PcapNg, which holds several."));

    /// <summary>Writes one frame.</summary>
    /// <exception cref="PSSocketException">MixedLinkTypesInPcap, CommentNeedsPcapNg.</exception>
    public void Write(ReadOnlySpan<byte> frame, long timestampNanoseconds, int originalLength, LinkType linkType, string? interfaceName, string? comment)
    {
        WriteRecord(frame, timestampNanoseconds, Math.Max(originalLength, frame.Length), linkType, interfaceName, comment);
        PacketsWritten++;
    }

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _stream.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract void WriteRecord(ReadOnlySpan<byte> frame, long timestampNanoseconds, int originalLength, LinkType linkType, string? interfaceName, string? comment);

    protected void Emit(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    private static FileStream OpenStream(string path, FileMode mode)
    {
        try
        {
            return new FileStream(path, mode, FileAccess.Write, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PSSocketException("CaptureFileNotWritable", e is UnauthorizedAccessException ? FaultCategory.PermissionDenied : FaultCategory.WriteError, path, e.Message, e);
        }
    }
}
