using PSSocket.Core.Files;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

public sealed class CrcFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pssocket-crc-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_file_read_in_chunks_gives_the_in_memory_crc_for_every_model_at_once()
    {
        byte[] data = CrcTestData.Bytes((3 << 20) + 17, 4);
        string path = Path.Combine(_directory, "data.bin");
        File.WriteAllBytes(path, data);
        CrcModel[] models = [CrcCatalogue.Find("CRC-32"), CrcCatalogue.Find("CRC-64/XZ"), CrcCatalogue.Find("CRC-5/USB")];
        var states = models.Select(m => new CrcState(m)).ToList();
        var reports = new List<(long Done, long Total)>();
        long length = FileBlocks.Read(path, block =>
        {
            foreach (var state in states)
            {
                state.Append(block);
            }
        }, (done, total) => reports.Add((done, total)), CancellationToken.None);
        Assert.Equal(data.Length, length);
        for (int i = 0; i < models.Length; i++)
        {
            Assert.Equal(CrcState.Compute(models[i], data), states[i].Value);
        }

        Assert.Equal(4, reports.Count);
        Assert.Equal((data.Length, data.Length), reports[^1]);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Done < p.Second.Done));
    }

    [Fact]
    public void An_empty_file_has_the_empty_crc()
    {
        string path = Path.Combine(_directory, "empty.bin");
        File.WriteAllBytes(path, []);
        var state = new CrcState(CrcCatalogue.Find("CRC-16/IBM-3740"));
        Assert.Equal(0, FileBlocks.Read(path, state.Append, null, CancellationToken.None));
        Assert.Equal((UInt128)0xFFFF, state.Value);
    }
}
