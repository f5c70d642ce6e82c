using System.Globalization;
using System.Net;
using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The text of the CSV columns that are formatted by hand for speed (Time, IPv4 Source and
/// Destination, hardware addresses), against the .NET formatting they replace.
/// </summary>
public sealed class ColumnTextTests
{
    // The expected texts are python's datetime.fromtimestamp(seconds, timezone.utc) of the same instants.
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(1_796_059_460_123_456_789L, "2026-11-30T17:24:20.123456789Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999999Z")]
    [InlineData(long.MaxValue, "2262-04-11T23:47:16.854775807Z")]
    [InlineData(1_709_251_199_999_999_999L, "2024-02-29T23:59:59.999999999Z")] // a leap day
    [InlineData(951_868_799_000_000_001L, "2000-02-29T23:59:59.000000001Z")] // a leap century
    [InlineData(4_107_542_400_000_000_000L, "2100-03-01T00:00:00.000000000Z")] // 2100 has no February 29
    [InlineData(946_684_799_500_000_000L, "1999-12-31T23:59:59.500000000Z")]
    public void Time_is_iso_8601_utc_to_the_nanosecond(long nanoseconds, string expected)
    {
        Assert.Equal(expected, PacketTime.Format(nanoseconds));
        Assert.True(PacketTime.TryParse(expected, out long back));
        Assert.Equal(nanoseconds, back);
    }

    [Fact]
    public void Time_matches_the_dotnet_format_it_replaces_on_random_instants()
    {
        var random = new Random(4);
        for (int i = 0; i < 2000; i++)
        {
            long ns = random.NextInt64(long.MinValue, long.MaxValue);
            long seconds = ns / 1_000_000_000, fraction = ns % 1_000_000_000;
            if (fraction < 0)
            {
                seconds--;
                fraction += 1_000_000_000;
            }

            var time = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ss}.{fraction:D9}Z"), PacketTime.Format(ns));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0xff }, "00:1a:2b:3c:4d:ff")]
    [InlineData(new byte[] { 0xab }, "ab")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 0xfe }, "01:02:03:04:05:06:07:fe")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, "01:02:03:04:05:06:07:08:09")]
    [InlineData(new byte[] { }, "")]
    public void Hardware_addresses_are_lowercase_colon_hex(byte[] address, string expected) =>
        Assert.Equal(expected, MacAddress.Format(address));

    [Fact]
    public void IPv4_source_and_destination_are_the_dotted_decimal_of_IPAddress()
    {
        var random = new Random(9);
        byte[][] edges = [[0, 0, 0, 0], [255, 255, 255, 255], [10, 0, 0, 1], [1, 20, 100, 200]];
        var addresses = edges.Concat(Enumerable.Range(0, 500).Select(_ => { byte[] a = new byte[4]; random.NextBytes(a); return a; }));
        foreach (byte[] source in addresses)
        {
            byte[] destination = [.. Enumerable.Reverse(source)];
            var packet = PacketFactory.Build(new PacketTemplate
            {
                Source = new IPAddress(source),
                Destination = new IPAddress(destination),
                Kind = CraftedTransport.Udp,
            });
            Assert.Equal(new IPAddress(source).ToString(), packet.Source);
            Assert.Equal(new IPAddress(destination).ToString(), packet.Destination);
        }
    }
}
