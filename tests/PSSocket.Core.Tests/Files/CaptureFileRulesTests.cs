using PSSocket.Core.Files;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Files;

/// <summary>What the writer does with a file already at the path, and how it fails: the rules every capture-writing cmdlet shares.</summary>
public sealed class CaptureFileRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void WriteOne(string path, CaptureFormat? format, CaptureFileOptions options, LinkType link = LinkType.Ethernet)
    {
        using var w = CaptureFileWriter.Create(path, format, link, options);
        w.Write(RealFrames.TcpSyn, 1_000_000_000, RealFrames.TcpSyn.Length, link, null, null);
        w.Complete();
    }

    private static int Count(string path)
    {
        using var reader = CaptureFileReader.Open(path);
        int n = 0;
        while (reader.MoveNext())
        {
            n++;
        }

        return n;
    }

    [Fact]
    public void A_file_that_is_not_a_capture_is_replaced_only_with_Force()
    {
        string notes = PathOf("notes.txt");
        File.WriteAllText(notes, "IMPORTANT");
        var e = Assert.Throws<PSSocketException>(() => WriteOne(notes, CaptureFormat.PcapNg, new CaptureFileOptions()));
        Assert.Equal(("NotACaptureFile", FaultCategory.ResourceExists, (object?)notes), (e.ErrorId, e.Category, e.Target));
        Assert.Equal("IMPORTANT", File.ReadAllText(notes));
        WriteOne(notes, CaptureFormat.PcapNg, new CaptureFileOptions { Force = true });
        Assert.Equal(1, Count(notes));
        Assert.Single(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void NoClobber_keeps_any_existing_file()
    {
        string file = PathOf("a.pcapng");
        WriteOne(file, CaptureFormat.PcapNg, new CaptureFileOptions());
        byte[] before = File.ReadAllBytes(file);
        var e = Assert.Throws<PSSocketException>(() => WriteOne(file, CaptureFormat.PcapNg, new CaptureFileOptions { NoClobber = true }));
        Assert.Equal(("FileExists", FaultCategory.ResourceExists), (e.ErrorId, e.Category));
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Theory]
    [InlineData(CaptureFormat.Pcap)]
    [InlineData(CaptureFormat.PcapNg)]
    public void Append_without_a_format_keeps_the_file_s_own(CaptureFormat format)
    {
        string file = PathOf("a.cap");
        WriteOne(file, format, new CaptureFileOptions());
        WriteOne(file, null, new CaptureFileOptions { Append = true });
        Assert.Equal(2, Count(file));
        using var reader = CaptureFileReader.Open(file);
        Assert.Equal(format, reader.Format);
    }

    [Fact]
    public void Append_to_a_file_that_is_not_a_capture_is_refused()
    {
        string text = PathOf("t.txt");
        File.WriteAllText(text, "not a capture");
        Assert.Equal("NotACaptureFile", Assert.Throws<PSSocketException>(() => WriteOne(text, null, new CaptureFileOptions { Append = true, Force = true })).ErrorId);
        Assert.Equal("not a capture", File.ReadAllText(text));
    }

    [Fact]
    public void A_directory_is_PathIsDirectory_for_the_writer_and_the_reader()
    {
        var w = Assert.Throws<PSSocketException>(() => WriteOne(_dir, null, new CaptureFileOptions()));
        Assert.Equal(("PathIsDirectory", FaultCategory.InvalidArgument, (object?)_dir), (w.ErrorId, w.Category, w.Target));
        var r = Assert.Throws<PSSocketException>(() => CaptureFileReader.Open(_dir));
        Assert.Equal(("PathIsDirectory", FaultCategory.InvalidArgument), (r.ErrorId, r.Category));
    }

    [Fact]
    public void An_empty_file_is_EmptyCaptureFile()
    {
        string empty = PathOf("empty.pcap");
        File.WriteAllBytes(empty, []);
        var e = Assert.Throws<PSSocketException>(() => CaptureFileReader.Open(empty));
        Assert.Equal(("EmptyCaptureFile", FaultCategory.InvalidData), (e.ErrorId, e.Category));
        Assert.Contains("empty (0 bytes)", e.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void A_full_device_is_CaptureFileNotWritable_with_the_path()
    {
        var e = Assert.Throws<PSSocketException>(() =>
        {
            using var w = CaptureFileWriter.Create("/dev/full", CaptureFormat.Pcap, LinkType.Ethernet, new CaptureFileOptions());
            w.Write(RealFrames.TcpSyn, 0, RealFrames.TcpSyn.Length, LinkType.Ethernet, null, null);
            w.Complete();
        });
        Assert.Equal(("CaptureFileNotWritable", FaultCategory.WriteError, (object?)"/dev/full"), (e.ErrorId, e.Category, e.Target));
        Assert.True(File.Exists("/dev/full"));
    }

    [Fact]
    public void Replacing_a_capture_leaves_the_old_one_until_the_new_one_is_complete()
    {
        string file = PathOf("a.pcap");
        WriteOne(file, CaptureFormat.Pcap, new CaptureFileOptions());
        byte[] before = File.ReadAllBytes(file);
        var w = CaptureFileWriter.Create(file, CaptureFormat.PcapNg, LinkType.Ethernet, new CaptureFileOptions());
        w.Write(RealFrames.TcpSyn, 0, RealFrames.TcpSyn.Length, LinkType.Ethernet, null, null);
        Assert.Equal(before, File.ReadAllBytes(file));
        w.Abandon();
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Single(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void An_abandoned_append_is_cut_back_and_an_abandoned_new_file_removed()
    {
        string file = PathOf("a.pcapng");
        WriteOne(file, CaptureFormat.PcapNg, new CaptureFileOptions());
        byte[] before = File.ReadAllBytes(file);
        var w = CaptureFileWriter.Create(file, null, LinkType.Ethernet, new CaptureFileOptions { Append = true });
        for (int i = 0; i < 2000; i++)
        {
            w.Write(RealFrames.TcpSyn, i, RealFrames.TcpSyn.Length, LinkType.Ethernet, null, "comment " + i);
        }

        Assert.True(new FileInfo(file).Length > before.Length, "the buffer spilled to the file before the failure");
        w.Abandon();
        Assert.Equal(before, File.ReadAllBytes(file));

        string fresh = PathOf("fresh.pcap");
        var n = CaptureFileWriter.Create(fresh, CaptureFormat.Pcap, LinkType.Ethernet, new CaptureFileOptions());
        n.Write(RealFrames.TcpSyn, 0, RealFrames.TcpSyn.Length, LinkType.Ethernet, null, null);
        n.Abandon();
        Assert.False(File.Exists(fresh));
    }
}
