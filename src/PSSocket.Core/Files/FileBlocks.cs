using System.Buffers;

namespace PSSocket.Core.Files;

/// <summary>Receives one block of a file.</summary>
internal delegate void SpanAction(ReadOnlySpan<byte> block);

/// <summary>Streams a file in 1 MiB blocks, so a file of any size costs one pooled buffer.</summary>
internal static class FileBlocks
{
    private const int BlockSize = 1 << 20;

    /// <summary>
    /// Hands every block of the file to <paramref name="consume"/> and returns the length read.
    /// <paramref name="progress"/> hears (bytes read, file length) after each block, on the calling thread.
    /// </summary>
    /// <exception cref="PSSocketException">PathNotFound, PathIsDirectory, FileAccessDenied or FileReadError; target = the path.</exception>
    public static long Read(string path, SpanAction consume, Action<long, long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consume);
        if (Directory.Exists(path))
        {
            throw new PSSocketException("PathIsDirectory", FaultCategory.InvalidArgument, path, $"'{path}' is a directory; give a file.");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            long length = 0;
            int read;
            while ((read = stream.Read(buffer, 0, BlockSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                consume(buffer.AsSpan(0, read));
                length += read;
                progress?.Invoke(length, stream.Length);
            }

            return length;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PSSocketException("PathNotFound", FaultCategory.ObjectNotFound, path, $"Cannot find the file '{path}'.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PSSocketException("FileAccessDenied", FaultCategory.PermissionDenied, path, $"Access to '{path}' is denied: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new PSSocketException("FileReadError", FaultCategory.ReadError, path, $"Cannot read '{path}': {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
