using System.Globalization;
using System.Runtime.CompilerServices;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>
/// Writes frames to a pcap or pcapng file. Created by <see cref="Create(string, CaptureFormat?, LinkType, CaptureFileOptions)"/>,
/// which applies the rules for a file already there. A file is only ever left complete: an
/// existing capture being replaced is written beside it and moved over it by <see cref="Complete"/>;
/// a failed write removes a file it created, or cuts an appended file back to its old length.
/// </summary>
internal abstract class CaptureFileWriter : IDisposable
{
    /// <summary>The snap length written in headers: the libpcap default, larger than any frame written here.</summary>
    public const int DefaultSnapLength = 262144;

    private readonly Stream _stream;
    private Target _target = new(string.Empty, null, false, null);
    private bool _done;

    protected CaptureFileWriter(Stream stream, string name)
    {
        _stream = stream;
        Name = name;
    }

    public string Name { get; }

    public long PacketsWritten { get; private set; }

    /// <summary>Creates (or, with <paramref name="append"/>, extends) a capture file, replacing whatever is there.</summary>
    /// <param name="linkType">pcap only: the link type of the whole file, which every frame must share.</param>
    public static CaptureFileWriter Create(string path, CaptureFormat format, LinkType linkType, bool append) =>
        Create(path, format, linkType, new CaptureFileOptions { Append = append, Force = true });

    /// <summary>Creates, replaces or extends a capture file by the rules of <paramref name="options"/>.</summary>
    /// <param name="format">null: the format of the file appended to, else pcapng.</param>
    /// <param name="linkType">pcap only: the link type of the whole file, which every frame must share.</param>
    /// <exception cref="PSSocketException">
    /// PathIsDirectory, FileExists (NoClobber), NotACaptureFile (replacing or appending to another kind of file),
    /// CaptureFormatMismatch, MixedLinkTypesInPcap, CaptureFileNotWritable; target = the path.
    /// </exception>
    public static CaptureFileWriter Create(string path, CaptureFormat? format, LinkType linkType, CaptureFileOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (Directory.Exists(path))
        {
            throw new PSSocketException("PathIsDirectory", FaultCategory.InvalidArgument, path, $"'{path}' is a directory; give the path of a file to write.");
        }

        // Devices and pipes (/dev/full, a fifo Wireshark reads) report length 0: they are written as they are.
        long existingLength = File.Exists(path) ? new FileInfo(path).Length : -1;
        CaptureFileReader? existing = existingLength > 0 ? TryOpenCapture(path) : null;
        using (existing)
        {
            if (existingLength > 0 && options.Append)
            {
                if (existing is null)
                {
                    throw NotACapture(path, "-Append adds packets only to a pcap or pcapng file");
                }

                return AppendTo(path, existing, format ?? existing.Format, linkType, existingLength);
            }

            if (existingLength >= 0 && options.NoClobber && !options.Append)
            {
                throw new PSSocketException("FileExists", FaultCategory.ResourceExists, path,
                    $"'{path}' already exists and -NoClobber keeps it. Use -Append to add packets to it, or leave out -NoClobber to replace it.");
            }

            if (existingLength > 0 && existing is null && !options.Force)
            {
                throw NotACapture(path, "Export-Pcap replaces it only with -Force");
            }
        }

        CaptureFormat chosen = format ?? CaptureFormat.PcapNg;
        if (existingLength > 0)
        {
            // Replacing a file with content: write beside it, move over it when complete.
            string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("n")[..8] + ".tmp");
            return New(OpenStream(path, temporary, FileMode.CreateNew), chosen, path, linkType, new Target(path, temporary, false, null));
        }

        return New(OpenStream(path, path, FileMode.Create), chosen, path, linkType, new Target(path, null, existingLength < 0, null));
    }

    private static CaptureFileWriter AppendTo(string path, CaptureFileReader existing, CaptureFormat format, LinkType linkType, long existingLength)
    {
        // Appending must keep the existing file's format, byte order and resolution.
        LinkType existingLink = linkType;
        bool nanoseconds = false, bigEndian = false;
        if (existing is PcapFileReader pcap)
        {
            existingLink = pcap.LinkType;
            nanoseconds = pcap.Nanoseconds;
            bigEndian = pcap.BigEndian;
        }

        if (existing.Format != format)
        {
            throw new PSSocketException("CaptureFormatMismatch", FaultCategory.InvalidArgument, path,
                string.Create(CultureInfo.InvariantCulture, $"'{path}' is a {existing.Format} file; -Append cannot add {format} records to it (leave out -Format to keep the file's own)."));
        }

        if (format == CaptureFormat.Pcap && existingLink != linkType)
        {
            throw MixedLinkTypes(path, existingLink, linkType);
        }

        var appended = OpenStream(path, path, FileMode.Append);
        var target = new Target(path, null, false, existingLength);
        CaptureFileWriter writer = format == CaptureFormat.Pcap
            ? new PcapFileWriter(appended, path, linkType, nanoseconds, bigEndian, writeHeader: false)
            : new PcapNgFileWriter(appended, path);
        writer._target = target;
        return writer;
    }

    private static CaptureFileWriter New(Stream stream, CaptureFormat format, string path, LinkType linkType, Target target)
    {
        try
        {
            CaptureFileWriter writer = format == CaptureFormat.Pcap
                ? new PcapFileWriter(stream, path, linkType, nanoseconds: false, bigEndian: false)
                : new PcapNgFileWriter(stream, path);
            writer._target = target;
            return writer;
        }
        catch (IOException e)
        {
            stream.Dispose();
            Undo(target);
            throw NotWritable(path, e);
        }
    }

    private static CaptureFileReader? TryOpenCapture(string path)
    {
        try
        {
            return CaptureFileReader.Open(path);
        }
        catch (PSSocketException e) when (e.ErrorId is "UnknownCaptureFormat" or "InvalidCaptureFile" or "TruncatedCaptureFile" or "EmptyCaptureFile")
        {
            return null;
        }
    }

    private static PSSocketException NotACapture(string path, string rule) =>
        new("NotACaptureFile", FaultCategory.ResourceExists, path, $"'{path}' exists and is not a pcap or pcapng file: {rule}.");

    private static PSSocketException NotWritable(string path, Exception e) =>
        new("CaptureFileNotWritable", e is UnauthorizedAccessException ? FaultCategory.PermissionDenied : FaultCategory.WriteError, path,
            $"Cannot write '{path}': {e.Message}", e);

    /// <summary>The error for a frame whose link type a pcap file cannot hold.</summary>
    public static PSSocketException MixedLinkTypes(string path, LinkType fileLinkType, LinkType frameLinkType) =>
        new("MixedLinkTypesInPcap", FaultCategory.InvalidData, path,
            string.Create(CultureInfo.InvariantCulture, $"'{path}' is a pcap file of link type {fileLinkType}; a pcap file holds one link type, so a {frameLinkType} frame cannot go in it. Use -Format PcapNg, which holds several."));

    /// <summary>Writes one frame.</summary>
    /// <exception cref="PSSocketException">MixedLinkTypesInPcap, CommentNeedsPcapNg, CaptureFileNotWritable (the file is then removed or restored).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // see Emit
    public void Write(ReadOnlySpan<byte> frame, long timestampNanoseconds, int originalLength, LinkType linkType, string? interfaceName, string? comment)
    {
        try
        {
            WriteRecord(frame, timestampNanoseconds, Math.Max(originalLength, frame.Length), linkType, interfaceName, comment);
        }
        catch (IOException e)
        {
            Abandon();
            throw NotWritable(Name, e);
        }

        PacketsWritten++;
    }

    /// <summary>Pushes buffered records to the file, so a reader (tshark) sees them while capture goes on.</summary>
    /// <exception cref="PSSocketException">CaptureFileNotWritable (the file is then removed or restored).</exception>
    public void Flush()
    {
        try
        {
            _stream.Flush();
        }
        catch (IOException e)
        {
            Abandon();
            throw NotWritable(Name, e);
        }
    }

    /// <summary>Makes everything written durable and puts the file in place.</summary>
    /// <exception cref="PSSocketException">CaptureFileNotWritable (disk full...): the file is then removed or restored.</exception>
    public void Complete()
    {
        if (_done)
        {
            return;
        }

        try
        {
            _stream.Flush();
            _stream.Dispose();
            if (_target.Temporary is not null)
            {
                File.Move(_target.Temporary, _target.Path, overwrite: true);
            }

            _done = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Abandon();
            throw NotWritable(Name, e);
        }
    }

    /// <summary>Leaves no partial file: removes what this writer created, cuts an appended file back.</summary>
    public void Abandon()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // the buffered bytes could not go out either: that is what is being abandoned
        }

        if (_target.AppendedFrom is long length)
        {
            try
            {
                // Cut the file back to the length it had before this append.
                using var file = new FileStream(_target.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                file.SetLength(length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // best effort: the error being reported already says the append failed
            }
        }

        Undo(_target);
    }

    /// <summary>Completes the file (a Ctrl+C keeps what was written); a failure then leaves no partial file.</summary>
    public void Dispose()
    {
        try
        {
            Complete();
        }
        catch (PSSocketException)
        {
            // Complete abandoned the file; Dispose must not throw.
        }

        GC.SuppressFinalize(this);
    }

    protected abstract void WriteRecord(ReadOnlySpan<byte> frame, long timestampNanoseconds, int originalLength, LinkType linkType, string? interfaceName, string? comment);

    /// <remarks>
    /// The per-record path (Write, WriteRecord, Emit) is compiled optimized at once: a live capture
    /// writing a file runs it for every frame on its reader thread, and a burst that waited in the
    /// ring drains in tens of milliseconds, before tiered compilation replaces the first, unoptimized
    /// code (measured: the ring written to a file in a fresh process at 0.37x tcpdump -w).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void Emit(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    private static FileStream OpenStream(string path, string file, FileMode mode)
    {
        try
        {
            return new FileStream(file, mode, FileAccess.Write, FileShare.Read, 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(path, e);
        }
    }

    private static void Undo(Target target)
    {
        try
        {
            if (target.Temporary is not null)
            {
                File.Delete(target.Temporary);
            }
            else if (target.CreatedHere)
            {
                File.Delete(target.Path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the error being reported already says the file is not complete
        }
    }

    /// <summary>Where the bytes go: the path, or a temporary file moved over it; whether this writer created the path; the length an appended file had.</summary>
    private sealed record Target(string Path, string? Temporary, bool CreatedHere, long? AppendedFrom);
}
