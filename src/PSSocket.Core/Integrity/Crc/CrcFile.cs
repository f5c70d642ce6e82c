using System.Buffers;

namespace PSSocket.Core.Integrity.Crc;

/// <summary>Streams a file through CRC computations in chunks, so a file of any size costs one buffer.</summary>
internal static class CrcFile
{
    private const int ChunkSize = 1 << 20;

    /// <summary>
    /// Appends the file's bytes to every state; returns the file length. <paramref name="progress"/>
    /// hears (bytes read, file length) after each chunk, on the calling thread.
    /// </summary>
    /// <exception cref="PSSocketException">PathNotFound (ObjectNotFound), PathAccessDenied (PermissionDenied), FileReadError (ReadError); target = the path.</exception>
    public static long Append(string path, IReadOnlyList<CrcState> states, Action<long, long>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(states);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            long length = 0;
            int read;
            while ((read = stream.Read(buffer, 0, ChunkSize)) > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                foreach (var state in states)
                {
                    state.Append(buffer.AsSpan(0, read));
                }

                length += read;
                progress?.Invoke(length, stream.Length);
            }

            return length;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PSSocketException("PathNotFound", FaultCategory.ObjectNotFound, path, $"Cannot find the file '{path}'.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new PSSocketException("PathAccessDenied", FaultCategory.PermissionDenied, path, $"Access to '{path}' is denied.", ex);
        }
        catch (IOException ex)
        {
            throw new PSSocketException("FileReadError", FaultCategory.ReadError, path, $"Cannot read '{path}': {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
