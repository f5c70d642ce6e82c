using System.Globalization;
using System.Net;
using System.Numerics;
using PSSocket.Core.Host;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Host;

public class ByteOrderTests
{
    // Known answers printed by Python 3.11 on x86-64 (socket.htons/htonl, socket.inet_aton, struct).
    [Fact]
    public void Htons_of_20001_is_8526_with_the_bytes_swapped()
    {
        ByteOrderValue v = ByteOrder.FromValue(20001, 16);
        Assert.Equal(16, v.Size);
        Assert.Equal(new BigInteger(20001), v.Value);
        Assert.Equal([0x4E, 0x21], v.NetworkOrder);
        Assert.Equal("4E21", v.NetworkHex);
        Assert.Null(v.Address);
        if (BitConverter.IsLittleEndian)
        {
            Assert.Equal(new BigInteger(8526), v.NetworkOrderValue); // socket.htons(20001)
            Assert.Equal([0x21, 0x4E], v.HostOrder);
            Assert.Equal("LittleEndian", v.HostByteOrder);
        }
    }

    [Fact]
    public void Inet_aton_of_127_0_0_1_is_7F000001_and_2130706433()
    {
        ByteOrderValue v = ByteOrder.FromAddress(IPAddress.Parse("127.0.0.1"));
        Assert.Equal("127.0.0.1", v.Address);
        Assert.Equal([0x7F, 0, 0, 1], v.NetworkOrder);
        Assert.Equal(new BigInteger(2130706433), v.Value);          // struct.unpack('!I', inet_aton(...))
        if (BitConverter.IsLittleEndian)
        {
            Assert.Equal(new BigInteger(16777343), v.NetworkOrderValue); // struct.unpack('=I', ...): s_addr here
        }

        // and back: the wire bytes, the host value and the received s_addr all give the address again
        Assert.Equal("127.0.0.1", ByteOrder.FromNetworkBytes(v.NetworkOrder, address: true).Address);
        Assert.Equal([0x7F, 0, 0, 1], ByteOrder.FromValue(2130706433, 32).NetworkOrder);
        Assert.Equal("127.0.0.1", ByteOrder.FromReceivedValue((ulong)v.NetworkOrderValue, 32, address: true).Address);
    }

    [Fact]
    public void IPv6_addresses_are_16_network_order_bytes()
    {
        ByteOrderValue v = ByteOrder.FromAddress(IPAddress.IPv6Loopback);
        Assert.Equal(128, v.Size);
        Assert.Equal(BigInteger.One, v.Value);
        Assert.Equal("00000000000000000000000000000001", v.NetworkHex); // inet_pton(AF_INET6, '::1')
        Assert.Equal("::1", ByteOrder.FromNetworkBytes(v.NetworkOrder, address: true).Address);
        Assert.Equal("10.0.0.1", ByteOrder.FromAddress(IPAddress.Parse("::ffff:10.0.0.1")).Address);
    }

    [Fact]
    public void Ntohll_reads_eight_bytes_most_significant_first()
    {
        ByteOrderValue v = ByteOrder.FromNetworkBytes(Convert.FromHexString("0102030405060708"), address: false);
        Assert.Equal(new BigInteger(0x0102030405060708), v.Value);
        if (BitConverter.IsLittleEndian)
        {
            Assert.Equal(BigInteger.Parse("578437695752307201", CultureInfo.InvariantCulture), v.NetworkOrderValue);
        }
    }

    [Theory]
    [InlineData(65536UL, 16)]
    [InlineData(4294967296UL, 32)]
    public void A_value_too_wide_for_its_size_is_refused(ulong value, int size)
    {
        var e = Assert.Throws<PSSocketException>(() => ByteOrder.FromValue(value, size));
        Assert.Equal("ValueOutOfRange", e.ErrorId);
        Assert.Equal(value, e.Target);
    }

    [Fact]
    public void Wrong_sizes_and_byte_counts_are_refused()
    {
        Assert.Equal("InvalidSize", Assert.Throws<PSSocketException>(() => ByteOrder.FromValue(1, 24)).ErrorId);
        Assert.Equal("InvalidLength", Assert.Throws<PSSocketException>(() => ByteOrder.FromNetworkBytes([1, 2, 3], false)).ErrorId);
        Assert.Equal("InvalidLength", Assert.Throws<PSSocketException>(() => ByteOrder.FromNetworkBytes([1, 2], true)).ErrorId);
        Assert.Equal("InvalidLength", Assert.Throws<PSSocketException>(() => ByteOrder.FromNetworkBytes([], false)).ErrorId);
        Assert.Equal("InvalidSize", Assert.Throws<PSSocketException>(() => ByteOrder.FromReceivedValue(1, 16, address: true)).ErrorId);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(ushort.MaxValue)]
    [InlineData(uint.MaxValue)]
    [InlineData(ulong.MaxValue)]
    public void The_edges_of_each_width_round_trip(ulong value)
    {
        int size = ByteOrder.SizeFor(value);
        ByteOrderValue v = ByteOrder.FromValue(value, size);
        Assert.Equal(new BigInteger(value), ByteOrder.FromNetworkBytes(v.NetworkOrder, false).Value);
        Assert.Equal(new BigInteger(value), ByteOrder.FromReceivedValue((ulong)v.NetworkOrderValue, size, false).Value);
    }

    /// <summary>500 random values of each width against Python's struct (network '!' and native '=' orders).</summary>
    [PeerFact("python3")]
    public void Random_values_agree_with_python_struct_and_round_trip()
    {
        var random = new Random(8);
        var cases = new List<(ulong Value, int Size)>();
        foreach (int size in ByteOrder.Sizes)
        {
            for (int i = 0; i < 500; i++)
            {
                ulong v = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
                cases.Add((size == 64 ? v : v & ((1UL << size) - 1), size));
            }
        }

        string input = string.Join('\n', cases.Select(c => $"{c.Value} {c.Size}"));
        const string Script = """
            import struct, sys
            fmt = {16: 'H', 32: 'I', 64: 'Q'}
            for line in sys.stdin.read().split('\n'):
                v, s = map(int, line.split())
                wire = struct.pack('!' + fmt[s], v)
                print(wire.hex().upper(), struct.unpack('=' + fmt[s], wire)[0])
            """;
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, input);
            var (exit, output, error) = Peer.Run("sh", ["-c", $"python3 -c \"$0\" < '{file}'", Script]);
            Assert.True(exit == 0, error);
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(cases.Count, lines.Length);
            for (int i = 0; i < cases.Count; i++)
            {
                string[] expected = lines[i].Split(' ');
                ByteOrderValue v = ByteOrder.FromValue(cases[i].Value, cases[i].Size);
                Assert.Equal(expected[0], v.NetworkHex);
                Assert.Equal(BigInteger.Parse(expected[1], CultureInfo.InvariantCulture), v.NetworkOrderValue);
                Assert.Equal(new BigInteger(cases[i].Value), ByteOrder.FromNetworkBytes(v.NetworkOrder, false).Value);
                Assert.Equal(new BigInteger(cases[i].Value), ByteOrder.FromReceivedValue((ulong)v.NetworkOrderValue, cases[i].Size, false).Value);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
