using System.Reflection;
using HelpGen;

// Usage: HelpGen --assembly <cmdlet dll> --docs <docs/en-US> --out <PSSocket.dll-Help.xml> [--reference <dll>]...
// or HelpGen @file with one "--name value" per line (MSBuild writes one, as the references are many).
// The references are the assembly's compile references (MSBuild's @(ReferencePath)), so the
// cmdlets are read against exactly the framework and System.Management.Automation they built with.
var options = Options.Parse(args.SelectMany(a => a.StartsWith('@') ? File.ReadAllLines(a[1..]).SelectMany(l => l.Split(' ', 2)) : [a]).Where(a => a.Length > 0).ToList());
if (options is null)
{
    Console.Error.WriteLine("usage: HelpGen --assembly <dll> --docs <dir> --out <xml> [--reference <dll>]...");
    return 2;
}

var resolver = new PathAssemblyResolver(options.References.Append(options.Assembly).Distinct(StringComparer.Ordinal));
using var context = new MetadataLoadContext(resolver);
var cmdlets = CmdletReader.Read(context.LoadFromAssemblyPath(options.Assembly));

var errors = new List<HelpError>();
var pages = new Dictionary<string, HelpPage>(StringComparer.Ordinal);
foreach (string file in Directory.GetFiles(options.Docs, "*.md").Order(StringComparer.Ordinal))
{
    if (HelpPageParser.Parse(file, errors) is { } page)
    {
        pages[page.Name] = page;
    }
}

string docs = Path.GetFullPath(options.Docs);
var commands = new List<System.Xml.Linq.XElement>();
foreach (var cmdlet in cmdlets)
{
    if (!pages.Remove(cmdlet.Name, out var page))
    {
        if (!File.Exists(Path.Combine(docs, cmdlet.Name + ".md")))
        {
            errors.Add(new HelpError(Path.Combine(docs, cmdlet.Name + ".md"), 1, $"{cmdlet.Name} has no help page; write {cmdlet.Name}.md (see docs/README.md)"));
        }

        continue;
    }

    int before = errors.Count;
    Check(cmdlet, page, errors);
    if (errors.Count == before)
    {
        commands.Add(MamlWriter.Entry(cmdlet, page));
    }
}

foreach (var orphan in pages.Values)
{
    errors.Add(new HelpError(orphan.File, 1, $"no cmdlet {orphan.Name} is in {Path.GetFileName(options.Assembly)}"));
}

foreach (var error in errors)
{
    // MSBuild's Exec turns lines in this canonical form into build errors at the page's line.
    Console.Error.WriteLine(error);
}

if (errors.Count > 0)
{
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);
MamlWriter.Document(commands).Save(options.Out);
return 0;

static void Check(CmdletDescription cmdlet, HelpPage page, List<HelpError> errors)
{
    var actual = cmdlet.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
    string[] riskNames = cmdlet.SupportsShouldProcess ? ["WhatIf", "Confirm"] : [];
    var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    foreach (var parameter in page.Parameters)
    {
        if (!seen.Add(parameter.Name))
        {
            errors.Add(new HelpError(page.File, parameter.Line, $"-{parameter.Name} is described twice"));
        }

        if (!actual.ContainsKey(parameter.Name) && !riskNames.Contains(parameter.Name, StringComparer.Ordinal))
        {
            errors.Add(new HelpError(page.File, parameter.Line, $"{cmdlet.Name} has no parameter -{parameter.Name} (names are case-sensitive here)"));
        }
        else if (parameter.Description.Count == 0)
        {
            errors.Add(new HelpError(page.File, parameter.Line, $"-{parameter.Name} has no description"));
        }
    }

    foreach (var parameter in cmdlet.Parameters.Where(p => !seen.Contains(p.Name)))
    {
        errors.Add(new HelpError(page.File, 1, $"-{parameter.Name} of {cmdlet.Name} is not described: add '### -{parameter.Name}' under ## PARAMETERS"));
    }

    if (page.Examples.Count == 0)
    {
        errors.Add(new HelpError(page.File, 1, $"{cmdlet.Name} has no example under ## EXAMPLES"));
    }
}

internal sealed record Options(string Assembly, string Docs, string Out, IReadOnlyList<string> References)
{
    public static Options? Parse(List<string> args)
    {
        string? assembly = null, docs = null, output = null;
        var references = new List<string>();
        for (int i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--assembly": assembly = args[i + 1]; break;
                case "--docs": docs = args[i + 1]; break;
                case "--out": output = args[i + 1]; break;
                case "--reference": references.Add(args[i + 1]); break;
                default: return null;
            }
        }

        return assembly is null || docs is null || output is null || args.Count % 2 != 0 ? null : new Options(assembly, docs, output, references);
    }
}
