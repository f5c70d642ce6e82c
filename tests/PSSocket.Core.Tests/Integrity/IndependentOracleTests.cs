using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using PSSocket.Core.Integrity;
using PSSocket.Core.Integrity.Crc;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Integrity;

/// <summary>
/// CRC answers from outside the engine: the check values as the RevEng catalogue text states
/// them (read here with a regex, not through CrcCatalogue), a Python reference written below for
/// widths the catalogue has no model of, and plain parity for width 1. Each engine is a test of
/// its own, so an engine this CPU lacks shows as a skip with its reason instead of vanishing.
/// </summary>
public sealed class IndependentOracleTests
{
    private static readonly byte[] CheckInput = "123456789"u8.ToArray();

    private sealed record Entry(string Name, int Width, UInt128 Poly, UInt128 Init, bool RefIn, bool RefOut, UInt128 XorOut, UInt128 Check);

    /// <summary>The catalogue file as text: "width=16 poly=0x1021 ... check=0x31c3 ... name=\"...\"" lines.</summary>
    private static List<Entry> CatalogueText()
    {
        string path = Path.Combine(RepoRoot(), "src", "PSSocket.Core", "Integrity", "crc-catalogue.txt");
        var entries = new List<Entry>();
        foreach (string line in File.ReadLines(path))
        {
            var m = Regex.Match(line, "^width=(\\d+) poly=0x([0-9a-f]+) init=0x([0-9a-f]+) refin=(true|false) refout=(true|false) xorout=0x([0-9a-f]+) check=0x([0-9a-f]+) residue=0x[0-9a-f]+ name=\"([^\"]+)\"$");
            if (m.Success)
            {
                entries.Add(new Entry(m.Groups[8].Value, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Hex(m.Groups[2].Value), Hex(m.Groups[3].Value),
                    m.Groups[4].Value == "true", m.Groups[5].Value == "true", Hex(m.Groups[6].Value), Hex(m.Groups[7].Value)));
            }
        }

        return entries;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PSSocket.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PSSocket.sln not found above " + AppContext.BaseDirectory);
    }

    private static UInt128 Hex(string s) => UInt128.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [Fact]
    public void The_catalogue_text_is_the_RevEng_catalogue_in_full()
    {
        var entries = CatalogueText();
        Assert.Equal(113, entries.Count); // every line parsed: none skipped by the regex
        Assert.Contains(entries, e => e.Name == "CRC-32/ISO-HDLC" && e.Check == 0xcbf43926);
        Assert.Contains(entries, e => e.Name == "CRC-82/DARC" && e.Width == 82);
    }

    [EngineFact(CrcEngineKind.Bitwise)]
    public void Bitwise_gives_the_check_values_the_catalogue_text_states() => ChecksAgree(CrcEngineKind.Bitwise);

    [EngineFact(CrcEngineKind.Table)]
    public void Table_gives_the_check_values_the_catalogue_text_states() => ChecksAgree(CrcEngineKind.Table);

    [EngineFact(CrcEngineKind.FoldSoftware)]
    public void FoldSoftware_gives_the_check_values_the_catalogue_text_states() => ChecksAgree(CrcEngineKind.FoldSoftware);

    [EngineFact(CrcEngineKind.FoldPclmul)]
    public void FoldPclmul_gives_the_check_values_the_catalogue_text_states() => ChecksAgree(CrcEngineKind.FoldPclmul);

    [EngineFact(CrcEngineKind.FoldVpclmul256)]
    public void FoldVpclmul256_gives_the_check_values_the_catalogue_text_states() => ChecksAgree(CrcEngineKind.FoldVpclmul256);

    [EngineFact(CrcEngineKind.FoldVpclmul512)]
    public void FoldVpclmul512_gives_the_check_values_the_catalogue_text_states() => ChecksAgree(CrcEngineKind.FoldVpclmul512);

    [EngineFact(CrcEngineKind.Crc32cSse42)]
    public void Crc32cSse42_gives_the_check_values_the_catalogue_text_states() => ChecksAgree(CrcEngineKind.Crc32cSse42);

    [Fact]
    public void Every_engine_kind_has_its_own_test_above()
    {
        var tested = typeof(IndependentOracleTests).GetMethods()
            .SelectMany(m => m.GetCustomAttributes(typeof(EngineFactAttribute), false).Cast<EngineFactAttribute>())
            .Select(a => a.Kind);
        Assert.Equal(Enum.GetValues<CrcEngineKind>().Where(k => k != CrcEngineKind.Auto).Order(), tested.Order());
    }

    private static void ChecksAgree(CrcEngineKind kind)
    {
        int ran = 0;
        var wrong = new List<string>();
        foreach (Entry e in CatalogueText())
        {
            var model = CrcCatalogue.Custom(e.Width, e.Poly, e.Init, e.RefIn, e.RefOut, e.XorOut);
            if (!CrcEngine.IsSupported(kind, model))
            {
                continue; // ruled out by width or model, not by the CPU (Table and folds: up to 64 bits; SSE4.2: CRC-32C only)
            }

            ran++;
            UInt128 got = CrcState.Compute(model, CheckInput, kind);
            if (got != e.Check)
            {
                wrong.Add($"{e.Name}: 0x{got:x} instead of 0x{e.Check:x}");
            }
        }

        Assert.Empty(wrong);
        int expected = kind switch
        {
            CrcEngineKind.Bitwise => 113,
            CrcEngineKind.Crc32cSse42 => 1,
            _ => CatalogueText().Count(e => e.Width <= 64),
        };
        Assert.Equal(expected, ran);
    }

    /// <summary>A plain bitwise CRC in Python (the Rocksoft model, MSB-first register), knowing nothing of ours.</summary>
    private const string PythonCrc = """
        import sys
        width, poly, init, refin, refout, xorout = int(sys.argv[1]), int(sys.argv[2], 16), int(sys.argv[3], 16), sys.argv[4] == '1', sys.argv[5] == '1', int(sys.argv[6], 16)
        data = bytes.fromhex(sys.argv[7])
        top, mask = 1 << (width - 1), (1 << width) - 1
        def reflect(v, n):
            return int(format(v, '0%db' % n)[::-1], 2)
        reg = init
        for byte in data:
            if refin:
                byte = reflect(byte, 8)
            for i in range(7, -1, -1):
                bit = (byte >> i) & 1
                msb = 1 if reg & top else 0
                reg = (reg << 1) & mask
                if msb ^ bit:
                    reg ^= poly
        if refout:
            reg = reflect(reg, width)
        print(format(reg ^ xorout, 'x'))
        """;

    public static TheoryData<int> OddWidths => new() { 1, 65, 128 };

    [Theory]
    [MemberData(nameof(OddWidths))]
    public void Widths_1_65_and_128_agree_with_an_independent_Python_reference(int width)
    {
        UInt128 mask = width == 128 ? UInt128.MaxValue : (UInt128.One << width) - 1;
        foreach (var (poly, init, refIn, refOut, xorOut) in new[]
        {
            ((UInt128)0x9E3779B97F4A7C15UL & mask | UInt128.One, mask & 0x5A5A5A5A, true, true, mask),
            (((UInt128)0xC2B2AE3D27D4EB4FUL << 64 | 0x165667B19E3779F9UL) & mask | UInt128.One, UInt128.Zero, false, false, UInt128.Zero),
            (mask & 0x1B, mask, false, true, mask & 0xFF),
        })
        {
            var model = CrcCatalogue.Custom(width, poly, init, refIn, refOut, xorOut);
            foreach (byte[] data in new[] { CheckInput, CrcTestData.Bytes(517, width), Array.Empty<byte>() })
            {
                string[] args = ["-c", PythonCrc, width.ToString(CultureInfo.InvariantCulture), poly.ToString("x", CultureInfo.InvariantCulture), init.ToString("x", CultureInfo.InvariantCulture),
                    refIn ? "1" : "0", refOut ? "1" : "0", xorOut.ToString("x", CultureInfo.InvariantCulture), Convert.ToHexString(data)];
                var (exit, stdout, stderr) = Peer.Run("python3", args);
                Assert.True(exit == 0, stderr);
                UInt128 reference = Hex(stdout.Trim());
                foreach (CrcEngineKind kind in Enum.GetValues<CrcEngineKind>().Where(k => k != CrcEngineKind.Auto && CrcEngine.IsSupported(k, model)))
                {
                    Assert.Equal(reference, CrcState.Compute(model, data, kind));
                }
            }
        }
    }

    [Fact]
    public void Width_1_with_polynomial_1_is_plain_even_parity()
    {
        var model = CrcCatalogue.Custom(1, 1, 0, false, false, 0);
        foreach (int length in new[] { 0, 1, 9, 64, 1000 })
        {
            byte[] data = CrcTestData.Bytes(length, length + 7);
            int ones = data.Sum(b => BitOperations.PopCount(b));
            Assert.Equal((UInt128)(uint)(ones & 1), CrcState.Compute(model, data, CrcEngineKind.Auto));
            Assert.Equal((UInt128)(uint)(ones & 1), CrcState.Compute(model, data, CrcEngineKind.Bitwise));
        }
    }
}

/// <summary>
/// A fact about one CRC engine that skips, with its reason, where this CPU (or a DOTNET_Enable*
/// switch) rules the engine out, instead of the engine silently dropping out of the test data.
/// </summary>
internal sealed class EngineFactAttribute : FactAttribute
{
    public EngineFactAttribute(CrcEngineKind kind)
    {
        Kind = kind;
        Skip = kind switch
        {
            CrcEngineKind.FoldPclmul when !CrcFoldingEngine.PclmulSupported => "FoldPclmul: this CPU (or DOTNET_EnableHWIntrinsic=0) has no PCLMULQDQ with SSE4.1",
            CrcEngineKind.FoldVpclmul256 when !CrcFoldingEngine.Vpclmul256Supported => "FoldVpclmul256: no VPCLMULQDQ with AVX2 here (or DOTNET_EnableAVX2=0, or .NET before 9)",
            CrcEngineKind.FoldVpclmul512 when !CrcFoldingEngine.Vpclmul512Supported => "FoldVpclmul512: no VPCLMULQDQ with AVX-512BW here (or DOTNET_EnableAVX512=0, or .NET before 9)",
            CrcEngineKind.Crc32cSse42 when !CrcCastagnoliEngine.Supported => "Crc32cSse42: this CPU (or DOTNET_EnableHWIntrinsic=0) has no SSE4.2 crc32 on x86-64",
            _ => null,
        };
    }

    internal CrcEngineKind Kind { get; }
}
