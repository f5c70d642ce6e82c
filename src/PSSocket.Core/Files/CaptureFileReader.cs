using System.Buffers.Binary;
using System.Globalization;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Files;

/// <summary>
/// Streams the records of a pcap or pcapng file through one reusable buffer, so memory stays
/// constant whatever the file size. <see cref="CurrentData"/> is valid until the next
/// <see cref="MoveNext"/>. A file whose structure is broken raises a PSSocketException
/// (InvalidCaptureFile / TruncatedCaptureFile) naming the offset; bytes inside records are never judged here.
/// </summary>
internal abstract class CaptureFileReader : IDisposable
{
    /// <summary>No real link layer needs more; a larger record length is a corrupt or hostile file.</summary>
    public const int MaxRecordLength = 16 * 1024 * 1024;

    /// <summary>The read buffer: large enough that a read call is rare, small enough to be the only memory used.</summary>
    public const int BufferSize = 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private long _bufferFileOffset;
    private bool _eof;
    private int _pending;

    protected CaptureFileReader(Stream stream, string name)
    {
        _stream = stream;
        Name = name;
        Length = stream.CanSeek ? stream.Length : -1;
    }

    /// <summary>The file name, used as the target of errors.</summary>
    public string Name { get; }

    public abstract CaptureFormat Format { get; }

    /// <summary>Bytes of the file consumed so far (for progress).</summary>
    public long Position => _bufferFileOffset + _start;

    /// <summary>The file size, or -1 when the stream cannot tell.</summary>
    public long Length { get; }

    public long CurrentTimestampNanoseconds { get; protected set; }

    public int CurrentOriginalLength { get; protected set; }

    public LinkType CurrentLinkType { get; protected set; }

    public string? CurrentInterface { get; protected set; }

    public string? CurrentComment { get; protected set; }

    public ReadOnlySpan<byte> CurrentData => _buffer.AsSpan(CurrentDataStart, CurrentDataLength);

    protected int CurrentDataStart { get; set; }

    protected int CurrentDataLength { get; set; }

    /// <summary>Opens a file and picks the reader by its magic number.</summary>
    public static CaptureFileReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new PSSocketException("PathIsDirectory", FaultCategory.InvalidArgument, path, $"'{path}' is a directory; give a pcap or pcapng file.");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PSSocketException(e is FileNotFoundException or DirectoryNotFoundException ? "CaptureFileNotFound" : "CaptureFileUnreadable",
                e is UnauthorizedAccessException ? FaultCategory.PermissionDenied : FaultCategory.ReadError, path, e.Message, e);
        }

        try
        {
            return Open(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Detects the format of <paramref name="stream"/>; the reader owns the stream from here on.</summary>
    public static CaptureFileReader Open(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got == 0)
        {
            throw new PSSocketException("EmptyCaptureFile", FaultCategory.InvalidData, name, $"'{name}' is empty (0 bytes): it holds no capture.");
        }

        uint value = got == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(magic) : 0;
        CaptureFileReader reader = value switch
        {
            PcapFileReader.MicroMagic or PcapFileReader.NanoMagic or PcapFileReader.MicroMagicSwapped or PcapFileReader.NanoMagicSwapped => new PcapFileReader(stream, name),
            PcapNgFileReader.SectionHeaderType => new PcapNgFileReader(stream, name),
            _ => throw new PSSocketException("UnknownCaptureFormat", FaultCategory.InvalidData, name,
                string.Create(CultureInfo.InvariantCulture, $"'{name}' is neither pcap nor pcapng: it starts with {Convert.ToHexString(magic[..got])}.")),
        };
        reader.Prime(magic[..got]);
        reader.ReadFileHeader();
        return reader;
    }

    /// <summary>Advances to the next packet record; false at the end of the file.</summary>
    public bool MoveNext()
    {
        Consume(_pending);
        _pending = 0;
        return ReadRecord();
    }

    public void Dispose()
    {
        _stream.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract void ReadFileHeader();

    /// <summary>Reads one packet record, setting Current* and calling <see cref="Hold"/> with its total size.</summary>
    protected abstract bool ReadRecord();

    /// <summary>The unconsumed bytes (at least as many as the last <see cref="Ensure"/> granted).</summary>
    protected ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Offset in the buffer of the first unconsumed byte, for CurrentDataStart.</summary>
    protected int BufferStart => _start;

    /// <summary>Makes <paramref name="count"/> bytes available; false when the file ends first.</summary>
    protected bool Ensure(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (count > _buffer.Length)
        {
            byte[] bigger = new byte[Math.Max(count, _buffer.Length * 2)];
            Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
            _buffer = bigger;
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }
        else if (_start + count > _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count && !_eof)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            _end += n;
        }

        return _end - _start >= count;
    }

    /// <summary>True when every byte of the file has been consumed.</summary>
    protected bool AtEnd() => !Ensure(1);

    protected void Consume(int count) => _start += count;

    /// <summary>Keeps the current record's bytes in the buffer until the next MoveNext.</summary>
    protected void Hold(int count) => _pending = count;

    protected PSSocketException Invalid(string message) =>
        new("InvalidCaptureFile", FaultCategory.InvalidData, Name, string.Create(CultureInfo.InvariantCulture, $"'{Name}' at byte {Position}: {message}"));

    protected PSSocketException Truncated() =>
        new("TruncatedCaptureFile", FaultCategory.InvalidData, Name, string.Create(CultureInfo.InvariantCulture, $"'{Name}' ends in the middle of a record at byte {Position} (was the capture cut short?)."));

    private void Prime(ReadOnlySpan<byte> first)
    {
        first.CopyTo(_buffer);
        _end = first.Length;
    }
}
