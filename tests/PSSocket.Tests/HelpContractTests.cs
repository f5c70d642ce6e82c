using System.Xml.Linq;

namespace PSSocket.Tests;

/// <summary>Every cmdlet has MAML help: a synopsis, every parameter described, and examples.</summary>
public sealed class HelpContractTests : IDisposable
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly ModuleMetadata _module = ModuleMetadata.Load();

    public void Dispose() => _module.Dispose();

    [Fact]
    public void Each_help_fragment_is_valid_maml_on_its_own()
    {
        string[] fragments = Directory.GetFiles(Repo.Of("module", "help"), "*.help.xml");
        Assert.NotEmpty(fragments);
        Assert.All(fragments, f =>
        {
            var doc = XDocument.Load(f);
            Assert.Equal(XName.Get("helpItems", "http://msh"), doc.Root!.Name);
            Assert.All(doc.Root.Elements(), e => Assert.Equal(Command + "command", e.Name));
        });
    }

    [Fact]
    public void The_staged_help_file_holds_exactly_one_entry_per_cmdlet()
    {
        var names = Commands().Select(NameOf).Order(StringComparer.Ordinal).ToList();
        var cmdlets = _module.CmdletTypes().Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(cmdlets, names);
    }

    [Fact]
    public void Every_cmdlet_has_a_synopsis_a_description_and_runnable_looking_examples()
    {
        var help = Commands().ToDictionary(NameOf, StringComparer.Ordinal);
        Assert.All(_module.CmdletTypes(), c =>
        {
            Assert.True(help.TryGetValue(c.Name, out var entry), $"{c.Name} has no help");
            var details = entry!.Element(Command + "details")!;
            Assert.False(string.IsNullOrWhiteSpace(details.Element(Maml + "description")?.Value), $"{c.Name}: no synopsis");
            Assert.Equal(c.Verb, details.Element(Command + "verb")?.Value);
            Assert.Equal(c.Noun, details.Element(Command + "noun")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Maml + "description")?.Value), $"{c.Name}: no description");
            var examples = entry.Element(Command + "examples")?.Elements(Command + "example").ToList() ?? [];
            Assert.True(examples.Count > 0, $"{c.Name}: no example");
            Assert.All(examples, e => Assert.Contains(c.Name, e.Element(Dev + "code")?.Value ?? string.Empty, StringComparison.OrdinalIgnoreCase));
        });
    }

    [Fact]
    public void Every_parameter_is_described_and_no_help_parameter_is_stale()
    {
        var help = Commands().ToDictionary(NameOf, StringComparer.Ordinal);
        Assert.All(_module.CmdletTypes(), c =>
        {
            Assert.True(help.TryGetValue(c.Name, out var entry), $"{c.Name} has no help");
            var described = (entry!.Element(Command + "parameters")?.Elements(Command + "parameter") ?? [])
                .ToDictionary(p => p.Element(Maml + "name")!.Value.Trim(), p => p.Element(Maml + "description")?.Value ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            var actual = c.Parameters().Select(p => p.Property.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (string parameter in actual)
            {
                Assert.True(described.TryGetValue(parameter, out string? text) && !string.IsNullOrWhiteSpace(text), $"{c.Name} -{parameter} is not described");
            }

            foreach (string stale in described.Keys)
            {
                Assert.True(actual.Contains(stale), $"{c.Name} help describes -{stale}, which the cmdlet lacks");
            }
        });
    }

    private IEnumerable<XElement> Commands()
    {
        string merged = Path.Combine(_module.StagedDirectory, "en-US", "PSSocket.dll-Help.xml");
        Assert.True(File.Exists(merged), "the build did not stage " + merged);
        return XDocument.Load(merged).Root!.Elements(Command + "command");
    }

    private static string NameOf(XElement command) => command.Element(Command + "details")!.Element(Command + "name")!.Value.Trim();
}
