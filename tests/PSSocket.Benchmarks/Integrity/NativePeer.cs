using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PSSocket.Benchmarks.Integrity;

/// <summary>Builds a C peer with the system compiler into a temporary folder and loads it.</summary>
internal sealed class NativePeer : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pssocket-peer-").FullName;

    public NativePeer(string source, string flags)
    {
        string library = Path.Combine(_dir, "peer.so");
        var start = new ProcessStartInfo("gcc", $"{flags} -shared -fPIC -o \"{library}\" \"{source}\"") { RedirectStandardError = true };
        using var gcc = Process.Start(start)!;
        string errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed: {errors}");
        }

        Handle = NativeLibrary.Load(library);
    }

    public nint Handle { get; }

    public nint Export(string name) => NativeLibrary.GetExport(Handle, name);

    public static string SourceFile(string name) => Path.Combine(AppContext.BaseDirectory, "Integrity", name);

    public void Dispose()
    {
        NativeLibrary.Free(Handle);
        Directory.Delete(_dir, recursive: true);
    }
}
