using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;
using PSSocket.Core.Parsing;
using PSSocket.Infrastructure;

namespace PSSocket.Commands;

/// <summary>
/// <para type="synopsis">Checks data against an expected CRC, or a codeword (data followed by its CRC) against the model's residue.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Crc", DefaultParameterSetName = ExpectedSet)]
[OutputType(typeof(CrcTestResult))]
public sealed class TestCrcCommand : PSSocketCmdlet, ICrcModelParameters
{
    private const string ExpectedSet = "Expected";
    private const string CodewordSet = "Codeword";

    private CrcModel? _model;
    private PipelineBytes? _bytes;

    /// <summary>The data whose CRC is compared with -Expected: bytes, numbers 0-255 or text.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ExpectedSet)]
    [AllowEmptyString]
    public object InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ExpectedSet)]
    public object Expected { get; set; } = null!;

    /// <summary>Data followed by its CRC: byte[] or hex text.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CodewordSet)]
    public object Codeword { get; set; } = null!;

    [Parameter]
    [ArgumentCompleter(typeof(CrcModelCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    [Parameter]
    public int Width { get; set; }

    [Parameter]
    public object? Polynomial { get; set; }

    [Parameter]
    public object? Init { get; set; }

    [Parameter]
    public SwitchParameter ReflectIn { get; set; }

    [Parameter]
    public SwitchParameter ReflectOut { get; set; }

    [Parameter]
    public object? XorOut { get; set; }

    /// <summary>One model: the data is checked against one expected value.</summary>
    IReadOnlyList<string>? ICrcModelParameters.ModelNames => Model is null ? null : [Model];

    [Parameter(ParameterSetName = ExpectedSet)]
    public TextEncoding Encoding { get; set; } = TextEncoding.Utf8;

    protected override void BeginProcessing()
    {
        try
        {
            // An unknown name is reported once; the records then have nothing to be checked against.
            _model = CrcArguments.Resolve(this, WriteFault).FirstOrDefault();
        }
        catch (PSSocketException fault)
        {
            ThrowFault(fault);
        }

        _bytes = new PipelineBytes(TextEncodings.Get(Encoding).GetBytes);
    }

    protected override void ProcessRecord()
    {
        if (_model is null)
        {
            return;
        }

        try
        {
            if (ParameterSetName == CodewordSet)
            {
                byte[] codeword = new PipelineBytes(Hex.Parse).Add(Codeword)
                    ?? throw new PSSocketException("InvalidCodeword", FaultCategory.InvalidArgument, Codeword, "A codeword is byte[] or hex text, not a single number.");
                var check = CrcCodeword.Check(_model!, codeword);
                bool valid = check.FieldFits && check.Register == _model!.ResidueValue;
                WriteObject(new CrcTestResult(_model!, valid, "Residue", _model!.FormatValue(_model.ResidueValue), _model.FormatValue(check.Register), codeword.Length, "Codeword"));
                return;
            }

            if (_bytes!.Add(InputObject) is { } bytes)
            {
                Check(bytes);
            }
        }
        catch (PSSocketException fault)
        {
            WriteFault(fault);
        }
    }

    protected override void EndProcessing()
    {
        if (_model is not null && _bytes is { HasLoose: true })
        {
            try
            {
                Check(_bytes.TakeLoose());
            }
            catch (PSSocketException fault)
            {
                WriteFault(fault);
            }
        }
    }

    private void Check(byte[] bytes)
    {
        UInt128 expected = CrcArguments.Value(Expected, nameof(Expected));
        UInt128 actual = CrcState.Compute(_model!, bytes);
        WriteObject(new CrcTestResult(_model!, expected == actual, "Crc", _model!.FormatValue(expected), _model.FormatValue(actual), bytes.Length, "InputObject"));
    }
}
