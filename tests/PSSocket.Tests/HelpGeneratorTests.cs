using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace PSSocket.Tests;

/// <summary>
/// The build step that makes the help (build/HelpGen) refuses pages that disagree with the
/// cmdlets: it is run here on a copy of docs/en-US with one fault each, against the staged net8.0
/// cmdlet assembly, and must fail naming the page, its line and the fault.
/// </summary>
public sealed class HelpGeneratorTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _work = Directory.CreateTempSubdirectory("pssocket-helpgen-").FullName;
    private readonly string _docs;

    public HelpGeneratorTests()
    {
        _docs = Path.Combine(_work, "en-US");
        Directory.CreateDirectory(_docs);
        foreach (string page in Directory.GetFiles(Repo.Of("docs", "en-US"), "*.md"))
        {
            File.Copy(page, Path.Combine(_docs, Path.GetFileName(page)));
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void The_pages_as_committed_give_one_entry_per_cmdlet_with_a_syntax()
    {
        var (exit, errors) = Run();
        Assert.True(exit == 0, errors);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        var entries = XDocument.Load(Path.Combine(_work, "help.xml")).Root!.Elements(command + "command").ToList();
        using var module = ModuleMetadata.Load();
        Assert.Equal(module.CmdletTypes().Count(), entries.Count);
        Assert.All(entries, e => Assert.NotEmpty(e.Element(command + "syntax")!.Elements(command + "syntaxItem")));
    }

    [Theory]
    [InlineData("missing page", "Test-Parity.md(1): error HELP001: Test-Parity has no help page")]
    [InlineData("page without cmdlet", "Get-Nothing.md(1): error HELP001: no cmdlet Get-Nothing")]
    [InlineData("parameter the cmdlet lacks", "Test-Parity.md(50): error HELP001: Test-Parity has no parameter -Parityy")]
    [InlineData("parameter the page lacks", "Test-Parity.md(1): error HELP001: -Parity of Test-Parity is not described")]
    [InlineData("parameter without description", "Test-Parity.md(46): error HELP001: -Codeword has no description")]
    [InlineData("misspelt section", "Test-Parity.md(13): error HELP001: unknown section '## EXAMPLE'")]
    [InlineData("merge conflict left in", "Test-Parity.md(48): error HELP001: a merge conflict marker")]
    [InlineData("example without code", "Test-Parity.md(15): error HELP001: example 'Example 1' has no ```powershell block")]
    public void A_page_that_disagrees_with_the_cmdlet_fails_the_build_at_its_line(string fault, string expected)
    {
        string page = Path.Combine(_docs, "Test-Parity.md");
        string text = File.ReadAllText(page);
        string before = Snapshot();
        switch (fault)
        {
            case "missing page": File.Delete(page); break;
            case "page without cmdlet": File.WriteAllText(Path.Combine(_docs, "Get-Nothing.md"), text.Replace("# Test-Parity", "# Get-Nothing", StringComparison.Ordinal)); break;
            case "parameter the cmdlet lacks":
            case "parameter the page lacks": File.WriteAllText(page, text.Replace("### -Parity\n", "### -Parityy\n", StringComparison.Ordinal)); break;
            case "parameter without description": File.WriteAllText(page, text.Replace("Codewords such as 10100011; the last bit is the parity bit.\n", string.Empty, StringComparison.Ordinal)); break;
            case "misspelt section": File.WriteAllText(page, text.Replace("## EXAMPLES\n", "## EXAMPLE\n", StringComparison.Ordinal)); break;
            case "merge conflict left in": File.WriteAllText(page, text.Replace("Codewords such as 10100011; the last bit is the parity bit.\n", "<<<<<<< ours\nCodewords such as 10100011; the last bit is the parity bit.\n=======\nCodewords.\n>>>>>>> theirs\n", StringComparison.Ordinal)); break;
            case "example without code": File.WriteAllText(page, text.Replace("```powershell\nTest-Parity -Codeword", "```text\nTest-Parity -Codeword", StringComparison.Ordinal)); break;
            default: throw new ArgumentException(fault, nameof(fault));
        }

        Assert.NotEqual(before, Snapshot());
        var (exit, errors) = Run();
        Assert.Equal(1, exit);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "help.xml")), "no help is written when a page is wrong");
    }

    private string Snapshot() =>
        string.Join('\n', Directory.GetFiles(_docs).Order(StringComparer.Ordinal).Select(f => f + "\n" + File.ReadAllText(f)));

    private (int Exit, string Errors) Run()
    {
        string tool = Repo.Of("build", "HelpGen", "bin", Configuration, "net8.0", "HelpGen.dll");
        Assert.True(File.Exists(tool), "the build did not make " + tool);
        string staged = Path.Combine(Repo.Of("out", "PSSocket", Manifest.Load().Scalar("ModuleVersion")), "net8.0");
        var references = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("System.Management.Automation", StringComparison.Ordinal))
            .Append(Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll"))
            .Append(Path.Combine(staged, "PSSocket.Core.dll"));
        string arguments = Path.Combine(_work, "args.rsp");
        File.WriteAllLines(arguments, [
            "--assembly " + Path.Combine(staged, "PSSocket.dll"),
            "--docs " + _docs,
            "--out " + Path.Combine(_work, "help.xml"),
            .. references.Select(r => "--reference " + r)]);

        var (exit, _, errors) = Peer.Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [tool, "@" + arguments], TimeSpan.FromSeconds(60));
        return (exit, errors);
    }
}
