using PSSocket.Core.Files;

namespace PSSocket.Core.Tests.Files;

public sealed class FileBlocksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-file-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_byte_arrives_once_in_order_with_progress_per_block()
    {
        byte[] data = new byte[(2 << 20) + 5];
        new Random(2).NextBytes(data);
        string path = Path.Combine(_dir, "data.bin");
        File.WriteAllBytes(path, data);
        using var received = new MemoryStream();
        var reports = new List<(long, long)>();
        long length = FileBlocks.Read(path, block => received.Write(block), (done, total) => reports.Add((done, total)), CancellationToken.None);
        Assert.Equal(data.Length, length);
        Assert.Equal(data, received.ToArray());
        Assert.Equal([(1L << 20, data.Length), (2L << 20, data.Length), (data.Length, data.Length)], reports);
    }

    [Fact]
    public void A_missing_file_is_PathNotFound_with_the_path_as_target()
    {
        string path = Path.Combine(_dir, "absent.bin");
        var e = Assert.Throws<PSSocketException>(() => FileBlocks.Read(path, _ => { }, null, CancellationToken.None));
        Assert.Equal(("PathNotFound", FaultCategory.ObjectNotFound, (object?)path), (e.ErrorId, e.Category, e.Target));
    }

    [Fact]
    public void A_directory_is_PathIsDirectory()
    {
        var e = Assert.Throws<PSSocketException>(() => FileBlocks.Read(_dir, _ => { }, null, CancellationToken.None));
        Assert.Equal(("PathIsDirectory", FaultCategory.InvalidArgument, (object?)_dir), (e.ErrorId, e.Category, e.Target));
    }

    [Fact]
    public void Cancellation_stops_the_read()
    {
        string path = Path.Combine(_dir, "big.bin");
        File.WriteAllBytes(path, new byte[3 << 20]);
        using var stop = new CancellationTokenSource();
        int blocks = 0;
        Assert.Throws<OperationCanceledException>(() => FileBlocks.Read(path, _ => blocks++, (_, _) => stop.Cancel(), stop.Token));
        Assert.Equal(1, blocks);
    }
}
