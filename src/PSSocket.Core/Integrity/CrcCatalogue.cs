using System.Globalization;
using System.Reflection;
using PSSocket.Core.Integrity.Crc;

namespace PSSocket.Core.Integrity;

/// <summary>
/// The RevEng catalogue of parametrised CRC algorithms (embedded data, parsed once at first use),
/// looked up by name or alias regardless of case, and custom models built from parameters.
/// </summary>
internal static class CrcCatalogue
{
    /// <summary>
    /// Short names people use that the alias file does not carry. Each is an alias the RevEng
    /// catalogue documents for that model. CRC-CCITT goes to CRC-16/KERMIT because RevEng lists it
    /// there (the reflected CCITT polynomial of V.41/X.25 framing); it also notes the name is often
    /// misapplied to CRC-16/IBM-3740 ("CCITT-FALSE"), which users can still ask for by that name.
    /// </summary>
    private static readonly (string Alias, string Name)[] CommonNames =
    [
        ("CRC-16", "CRC-16/ARC"),
        ("CRC-IBM", "CRC-16/ARC"),
        ("CRC-16/LHA", "CRC-16/ARC"),
        ("CRC-CCITT", "CRC-16/KERMIT"),
        ("CRC-16/CCITT", "CRC-16/KERMIT"),
        ("CRC-16/CCITT-TRUE", "CRC-16/KERMIT"),
        ("ZMODEM", "CRC-16/XMODEM"),
        ("PKZIP", "CRC-32/ISO-HDLC"),
        ("CRC-32/ADCCP", "CRC-32/ISO-HDLC"),
        ("CRC-32/V-42", "CRC-32/ISO-HDLC"),
        ("CRC-32/CASTAGNOLI", "CRC-32/ISCSI"),
        ("CRC-32/AAL5", "CRC-32/BZIP2"),
        ("B-CRC-32", "CRC-32/BZIP2"),
        ("CRC-64/GO-ECMA", "CRC-64/XZ"),
    ];

    private static readonly Lazy<Catalogue> Data = new(Load);

    /// <summary>Every catalogue model, in catalogue order (by width).</summary>
    public static IReadOnlyList<CrcModel> Models => Data.Value.Models;

    /// <summary>Every name and alias, for tab completion.</summary>
    public static IReadOnlyList<string> Names => Data.Value.Names;

    public static bool TryFind(string name, out CrcModel model)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Data.Value.ByName.TryGetValue(name.Trim(), out model!);
    }

    /// <exception cref="PSSocketException">UnknownCrcModel (ObjectNotFound, target = the name).</exception>
    public static CrcModel Find(string name)
    {
        if (TryFind(name, out var model))
        {
            return model;
        }

        throw new PSSocketException("UnknownCrcModel", FaultCategory.ObjectNotFound, name,
            $"'{name}' is not a CRC model of the catalogue or one of its aliases. Get-CrcModel lists them all.");
    }

    /// <summary>
    /// A model from parameters. When they equal a catalogue model, that model is returned, so its
    /// name shows in results.
    /// </summary>
    /// <exception cref="PSSocketException">InvalidCrcWidth (width outside 1-128); InvalidCrcParameter (a value wider than the width).</exception>
    public static CrcModel Custom(int width, UInt128 poly, UInt128 init, bool refIn, bool refOut, UInt128 xorOut)
    {
        if (width is < 1 or > 128)
        {
            throw new PSSocketException("InvalidCrcWidth", FaultCategory.InvalidArgument, width,
                string.Create(CultureInfo.InvariantCulture, $"A CRC width must be from 1 to 128 bits; {width} was given."));
        }

        UInt128 mask = CrcMath.Mask(width);
        foreach (var (parameter, value) in new[] { ("Polynomial", poly), ("Init", init), ("XorOut", xorOut) })
        {
            if (value > mask)
            {
                throw new PSSocketException("InvalidCrcParameter", FaultCategory.InvalidArgument, value,
                    string.Create(CultureInfo.InvariantCulture, $"The {parameter} 0x{value:X} does not fit in {width} bits."));
            }
        }

        var match = Models.FirstOrDefault(m => m.Width == width && m.PolynomialValue == poly && m.InitValue == init
            && m.RefIn == refIn && m.RefOut == refOut && m.XorOutValue == xorOut);
        if (match is not null)
        {
            return match;
        }

        string name = string.Create(CultureInfo.InvariantCulture, $"CRC-{width}/CUSTOM");
        // Stryker disable once Boolean : the draft only computes the check value and is never returned.
        var draft = new CrcModel(name, width, poly, init, refIn, refOut, xorOut, UInt128.Zero, UInt128.Zero, false, []);
        var check = new CrcState(draft, CrcEngineKind.Bitwise);
        check.Append("123456789"u8);
        return new CrcModel(name, width, poly, init, refIn, refOut, xorOut, check.Value, ResidueOf(draft), false, []);
    }

    /// <summary>
    /// The residue by its RevEng definition: the register, oriented for output but not XORed, after
    /// a codeword of zeros with init 0, whose CRC is therefore XorOut itself.
    /// </summary>
    internal static UInt128 ResidueOf(CrcModel model)
    {
        // Stryker disable once Boolean : the zero-init copy only computes the residue and is never returned.
        var zeroInit = new CrcModel(model.Name, model.Width, model.PolynomialValue, UInt128.Zero, model.RefIn, model.RefOut,
            model.XorOutValue, UInt128.Zero, UInt128.Zero, false, []);
        return CrcCodeword.RegisterAfter(zeroInit, [], model.XorOutValue);
    }

    private static Catalogue Load()
    {
        var models = new List<CrcModel>();
        var aliasesOf = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var aliasLines = ReadResource("PSSocket.Core.crc-catalogue-aliases.txt")
            .Select(l => l.Split("->", StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .Select(p => (Alias: p[0], Name: p[1]))
            .Concat(CommonNames)
            .ToList();
        foreach (var (alias, name) in aliasLines)
        {
            if (!aliasesOf.TryGetValue(name, out var list))
            {
                aliasesOf[name] = list = [];
            }

            list.Add(alias);
        }

        foreach (string line in ReadResource("PSSocket.Core.crc-catalogue.txt"))
        {
            var fields = Parse(line);
            string name = fields["name"];
            models.Add(new CrcModel(name, int.Parse(fields["width"], CultureInfo.InvariantCulture), Hex(fields["poly"]), Hex(fields["init"]),
                fields["refin"] == "true", fields["refout"] == "true", Hex(fields["xorout"]), Hex(fields["check"]), Hex(fields["residue"]),
                true, aliasesOf.TryGetValue(name, out var aliases) ? aliases : []));
        }

        var byName = new Dictionary<string, CrcModel>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in models)
        {
            byName.Add(model.Name, model);
        }

        foreach (var (alias, name) in aliasLines)
        {
            byName.Add(alias, byName[name]);
        }

        return new Catalogue(models, [.. models.Select(m => m.Name).Concat(aliasLines.Select(a => a.Alias))], byName);
    }

    // A line reads: width=16 poly=0x1021 init=0xffff refin=false refout=false xorout=0x0000 check=0x29b1 residue=0x0000 name="CRC-16/IBM-3740"
    private static Dictionary<string, string> Parse(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        int nameAt = line.IndexOf("name=\"", StringComparison.Ordinal);
        fields["name"] = line[(nameAt + 6)..line.LastIndexOf('"')];
        foreach (string token in line[..nameAt].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            fields[token[..eq]] = token[(eq + 1)..];
        }

        return fields;
    }

    private static UInt128 Hex(string text) => UInt128.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static List<string> ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The engine was built without its embedded {name}.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private sealed record Catalogue(IReadOnlyList<CrcModel> Models, IReadOnlyList<string> Names, Dictionary<string, CrcModel> ByName);
}
