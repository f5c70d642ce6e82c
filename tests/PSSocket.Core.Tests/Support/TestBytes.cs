namespace PSSocket.Core.Tests;

/// <summary>Deterministic test data: the same bytes for the same seed on every run.</summary>
internal static class TestBytes
{
    public static byte[] Random(int length, int seed)
    {
        byte[] data = new byte[length];
        new System.Random(seed).NextBytes(data);
        return data;
    }
}
