using System.Xml.Linq;

namespace PSSocket.Tests;

/// <summary>
/// Every cmdlet has a help page (docs/en-US) and generated MAML help: a synopsis, a syntax line per
/// parameter set, every parameter described, and examples. tests/pester/Help.Tests.ps1 checks the
/// same help through Get-Help against Get-Command.
/// </summary>
public sealed class HelpContractTests : IDisposable
{
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly ModuleMetadata _module = ModuleMetadata.Load();

    public void Dispose() => _module.Dispose();

    [Fact]
    public void Every_cmdlet_has_one_markdown_page_and_every_page_a_cmdlet()
    {
        var pages = Directory.GetFiles(Repo.Of("docs", "en-US"), "*.md").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();
        var cmdlets = _module.CmdletTypes().Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(cmdlets, pages);
    }

    [Fact]
    public void No_hand_written_maml_is_left_to_be_ignored()
    {
        // The build generates the MAML from docs/en-US; a fragment here would be silently unused.
        string fragments = Repo.Of("module", "help");
        Assert.False(
            Directory.Exists(fragments) && Directory.EnumerateFiles(fragments, "*.xml").Any(),
            "module/help holds MAML fragments: convert them to docs/en-US/<Verb-Noun>.md pages and delete them");
    }

    [Fact]
    public void Every_syntax_line_is_a_parameter_set_of_the_cmdlet()
    {
        var help = Commands().ToDictionary(NameOf, StringComparer.Ordinal);
        Assert.All(_module.CmdletTypes(), c =>
        {
            var lines = help[c.Name].Element(Command + "syntax")?.Elements(Command + "syntaxItem").ToList() ?? [];
            // A default set that no parameter names still is a syntax line (Close-TcpConnection's Close).
            string? defaultSet = c.Type.GetCustomAttributesData().Single(a => a.AttributeType.Name == "CmdletAttribute")
                .NamedArguments.FirstOrDefault(n => n.MemberName == "DefaultParameterSetName").TypedValue.Value as string;
            var sets = c.ParameterSets().Append(defaultSet ?? "__AllParameterSets").ToHashSet(StringComparer.Ordinal);
            sets.Remove("__AllParameterSets");
            Assert.Equal(Math.Max(1, sets.Count), lines.Count);
            var all = c.Parameters().Select(p => p.Property.Name).ToHashSet(StringComparer.Ordinal);
            Assert.All(lines.SelectMany(l => l.Elements(Command + "parameter")), p => Assert.True(
                all.Contains(p.Element(Maml + "name")!.Value) || p.Element(Maml + "name")!.Value is "WhatIf" or "Confirm",
                $"{c.Name} syntax names -{p.Element(Maml + "name")!.Value}"));
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

            foreach (string stale in described.Keys.Where(k => k is not "WhatIf" and not "Confirm"))
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
