using System.Management.Automation;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>
/// Base of cmdlets that work on data given as bytes, text or files: -InputObject (piped byte[]
/// unrolled and collected, strings encoded with -Encoding), -Path (wildcards) and -LiteralPath.
/// </summary>
/// <remarks>
/// Pipeline objects bind to -InputObject by value before -LiteralPath could take their PSPath,
/// so a FileInfo, or any non-primitive object with a PSPath, is read as a file here and a
/// directory is an error. InputObject is a PSObject so a PSCustomObject keeps its properties.
/// </remarks>
public abstract class DataInputCmdlet : CancellableCmdlet
{
    protected const string InputObjectSet = "InputObject";
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";
    private PipelineBytes? _bytes;

    /// <summary>Bytes, numbers 0-255 or text (encoded with -Encoding). A piped byte[] is one input.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowEmptyString]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>Named only: a positional string is data, never a path.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(ParameterSetName = InputObjectSet)]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    /// <summary>One whole input: a byte[], a string's bytes, or the bytes piped one by one.</summary>
    protected abstract void ProcessData(byte[] data);

    /// <summary>One resolved file; engine faults it throws are reported per file.</summary>
    protected abstract void ProcessFile(string path);

    protected override void BeginProcessing() => _bytes = new PipelineBytes(TextEncodings.Get(Encoding).GetBytes);

    protected override void ProcessRecord() => TryRun(
        () =>
        {
            switch (ParameterSetName)
            {
                case PathSet:
                case LiteralPathSet:
                    ProcessFiles(ParameterSetName == PathSet ? Path : LiteralPath, ParameterSetName == LiteralPathSet);
                    break;
                default:
                    ProcessInputObject();
                    break;
            }
        },
        WriteFault);

    protected override void EndProcessing()
    {
        if (_bytes is { HasLoose: true })
        {
            ProcessData(_bytes.TakeLoose());
        }
    }

    private void ProcessInputObject()
    {
        object item = InputObject.BaseObject;
        switch (item)
        {
            case DirectoryInfo directory:
                // Reported as -Path reports it (PathIsDirectory), never passed over in silence.
                ProcessFiles([directory.FullName], literal: true);
                return;
            case FileInfo file:
                ProcessFiles([file.FullName], literal: true);
                return;
            case string or byte[] or System.Collections.IEnumerable or IConvertible:
                break;
            default:
                if (InputObject.Properties["PSPath"]?.Value is { } value && PipelineValue.Unwrap(value) is string psPath)
                {
                    ProcessFiles([psPath], literal: true);
                    return;
                }

                break;
        }

        if (_bytes!.Add(InputObject) is byte[] whole)
        {
            ProcessData(whole);
        }
    }

    private void ProcessFiles(string[] paths, bool literal)
    {
        foreach (string file in ResolveFiles(paths, literal))
        {
            try
            {
                ProcessFile(file);
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
        }
    }
}
