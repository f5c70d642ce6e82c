using System.Text.RegularExpressions;

namespace HelpGen;

/// <summary>
/// Reads the small markdown dialect of docs/en-US (described in docs/README.md): a title, fixed
/// <c>##</c> sections, <c>###</c> entries for examples, parameters, inputs and outputs, paragraphs
/// and fenced blocks. Anything else is an error at its line, so a typo cannot drop text silently.
/// </summary>
internal static partial class HelpPageParser
{
    public const string DefaultValuePrefix = "Default value:";

    private static readonly string[] Sections = ["SYNOPSIS", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    private enum BlockKind
    {
        Paragraph,
        Fence,
    }

    public static HelpPage? Parse(string path, List<HelpError> errors)
    {
        string[] lines = File.ReadAllLines(path);
        string file = Path.GetFullPath(path);
        int before = errors.Count;
        void Error(int line, string message) => errors.Add(new HelpError(file, line, message));

        string? title = null;
        var sections = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        List<Entry>? entries = null;
        var paragraph = new List<string>();
        int paragraphLine = 0;

        void Flush()
        {
            if (paragraph.Count > 0)
            {
                Current()?.Blocks.Add(new Block(BlockKind.Paragraph, string.Empty, string.Join(' ', paragraph), [.. paragraph], paragraphLine));
                paragraph.Clear();
            }
        }

        Entry? Current()
        {
            if (entries is null)
            {
                Error(paragraphLine, "text before the first ## section");
                return null;
            }

            return entries[^1];
        }

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd();
            int number = i + 1;
            if (line == "=======" || line.StartsWith("<<<<<<<", StringComparison.Ordinal) || line.StartsWith(">>>>>>>", StringComparison.Ordinal))
            {
                // Markers left by a merge would otherwise become help text.
                Error(number, "a merge conflict marker: resolve the conflict");
                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                string info = line[3..].Trim();
                int start = number;
                var body = new List<string>();
                for (i++; i < lines.Length && lines[i].TrimEnd() != "```"; i++)
                {
                    body.Add(lines[i].TrimEnd());
                }

                if (i >= lines.Length)
                {
                    Error(start, "the fenced block is never closed");
                }

                paragraphLine = start;
                Current()?.Blocks.Add(new Block(BlockKind.Fence, info, string.Join('\n', body), body, start));
                continue;
            }

            var heading = HeadingPattern().Match(line);
            if (heading.Success)
            {
                Flush();
                int level = heading.Groups[1].Length;
                string text = heading.Groups[2].Value.Trim();
                if (level == 1)
                {
                    if (title is not null)
                    {
                        Error(number, "a second # title");
                    }

                    title = text;
                }
                else if (level == 2)
                {
                    if (!Sections.Contains(text, StringComparer.Ordinal))
                    {
                        Error(number, $"unknown section '## {text}'; the sections are {string.Join(", ", Sections)}");
                        entries = [new Entry(null, number)];
                    }
                    else if (sections.ContainsKey(text))
                    {
                        Error(number, $"section '## {text}' appears twice");
                        entries = [new Entry(null, number)];
                    }
                    else
                    {
                        entries = [new Entry(null, number)];
                        sections[text] = entries;
                    }
                }
                else if (entries is null)
                {
                    Error(number, "### heading before the first ## section");
                }
                else
                {
                    entries.Add(new Entry(text, number));
                }

                continue;
            }

            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (paragraph.Count == 0)
            {
                paragraphLine = number;
            }

            paragraph.Add(line.Trim());
        }

        Flush();
        if (title is null)
        {
            Error(1, "the page has no '# Verb-Noun' title");
            return null;
        }

        if (!string.Equals(title, Path.GetFileNameWithoutExtension(path), StringComparison.Ordinal))
        {
            Error(1, $"the title '{title}' is not the file name {Path.GetFileName(path)}");
        }

        List<Entry> Section(string name) => sections.TryGetValue(name, out var e) ? e : [new Entry(null, 1)];

        var synopsis = Paragraphs(Section("SYNOPSIS"), Error, "SYNOPSIS");
        if (synopsis.Count == 0)
        {
            Error(1, "no ## SYNOPSIS text");
        }

        var description = Paragraphs(Section("DESCRIPTION"), Error, "DESCRIPTION");
        var notes = Paragraphs(Section("NOTES"), Error, "NOTES");
        var examples = Section("EXAMPLES").Skip(1).Select(e => Example(e, Error)).ToList();
        LeadingText(Section("EXAMPLES"), Error, "EXAMPLES");
        var parameters = Section("PARAMETERS").Skip(1).Select(e => Parameter(e, Error)).ToList();
        LeadingText(Section("PARAMETERS"), Error, "PARAMETERS");
        var inputs = Types(Section("INPUTS"), Error);
        var outputs = Types(Section("OUTPUTS"), Error);
        var links = Links(Section("RELATED LINKS"), Error);

        return errors.Count > before
            ? null
            : new HelpPage(file, title, synopsis, description, examples, parameters, inputs, outputs, notes, links);
    }

    private static List<string> Paragraphs(List<Entry> entries, Action<int, string> error, string section)
    {
        foreach (var extra in entries.Skip(1))
        {
            error(extra.Line, $"## {section} takes no ### entries");
        }

        return entries[0].Blocks.Select(b => b.Text).ToList();
    }

    private static void LeadingText(List<Entry> entries, Action<int, string> error, string section)
    {
        if (entries[0].Blocks.Count > 0)
        {
            error(entries[0].Blocks[0].Line, $"text under ## {section} belongs in a ### entry");
        }
    }

    private static ExampleHelp Example(Entry entry, Action<int, string> error)
    {
        string? code = null;
        string? output = null;
        bool varies = false;
        var remarks = new List<string>();
        foreach (var block in entry.Blocks)
        {
            if (block.Kind == BlockKind.Paragraph)
            {
                remarks.Add(block.Text);
            }
            else if (block.Info == "powershell" && code is null)
            {
                code = block.Text;
            }
            else if ((block.Info == "output" || block.Info == "output varies") && code is not null && output is null)
            {
                output = block.Text;
                varies = block.Info == "output varies";
            }
            else
            {
                error(block.Line, "an example has one ```powershell block, then at most one ```output (or ```output varies) block");
            }
        }

        if (code is null)
        {
            error(entry.Line, $"example '{entry.Heading}' has no ```powershell block");
        }

        return new ExampleHelp(entry.Heading!, code ?? string.Empty, output, varies, remarks);
    }

    private static ParameterHelp Parameter(Entry entry, Action<int, string> error)
    {
        string heading = entry.Heading!;
        if (!heading.StartsWith('-') || heading.Length < 2 || heading.Contains(' ', StringComparison.Ordinal))
        {
            error(entry.Line, $"a parameter heading is '### -Name', not '### {heading}'");
        }

        string? defaultValue = null;
        var description = new List<string>();
        foreach (var block in entry.Blocks)
        {
            if (block.Kind == BlockKind.Paragraph && block.Text.StartsWith(DefaultValuePrefix, StringComparison.Ordinal))
            {
                defaultValue = block.Text[DefaultValuePrefix.Length..].Trim();
            }
            else
            {
                description.Add(block.Text);
            }
        }

        return new ParameterHelp(heading.TrimStart('-'), entry.Line, description, defaultValue);
    }

    private static List<TypeHelp> Types(List<Entry> entries, Action<int, string> error)
    {
        LeadingText(entries, error, "INPUTS/OUTPUTS");
        return entries.Skip(1).Select(e => new TypeHelp(e.Heading!, e.Blocks.Select(b => b.Text).ToList())).ToList();
    }

    private static List<LinkHelp> Links(List<Entry> entries, Action<int, string> error)
    {
        var links = new List<LinkHelp>();
        foreach (var block in entries[0].Blocks)
        {
            foreach (string line in block.Lines)
            {
                if (block.Kind != BlockKind.Paragraph || !line.StartsWith("- ", StringComparison.Ordinal))
                {
                    error(block.Line, "## RELATED LINKS is a list of '- Name' or '- [Name](https://...)' lines");
                    break;
                }

                string item = line[2..].Trim();
                var link = LinkPattern().Match(item);
                links.Add(link.Success ? new LinkHelp(link.Groups[1].Value, link.Groups[2].Value) : new LinkHelp(item, null));
            }
        }

        foreach (var extra in entries.Skip(1))
        {
            error(extra.Line, "## RELATED LINKS takes no ### entries");
        }

        return links;
    }

    [GeneratedRegex("^(#{1,3}) (.+)$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\[([^\]]+)\]\(([^)]*)\)$")]
    private static partial Regex LinkPattern();

    private sealed record Block(BlockKind Kind, string Info, string Text, IReadOnlyList<string> Lines, int Line);

    private sealed record Entry(string? Heading, int Line)
    {
        public List<Block> Blocks { get; } = [];
    }
}
