using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Tests.Integrity;

/// <summary>Shared inputs of the CRC tests: catalogue names, engines, deterministic buffers.</summary>
internal static class CrcTestData
{
    public static TheoryData<string> ModelNames()
    {
        var data = new TheoryData<string>();
        foreach (var model in CrcCatalogue.Models)
        {
            data.Add(model.Name);
        }

        return data;
    }

    /// <summary>Every engine that can run this model on this CPU, the reference first.</summary>
    public static IReadOnlyList<CrcEngineKind> Engines(CrcModel model) =>
        [.. Enum.GetValues<CrcEngineKind>().Where(k => k != CrcEngineKind.Auto && CrcEngine.IsSupported(k, model))];

    /// <summary>A pseudo-random buffer: the same bytes on every run.</summary>
    public static byte[] Bytes(int length, int seed = 1)
    {
        var random = new Random(seed);
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
