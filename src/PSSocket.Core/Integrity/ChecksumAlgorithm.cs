namespace PSSocket.Core.Integrity;

/// <summary>The checksums Get-Checksum and Test-Checksum compute.</summary>
public enum ChecksumAlgorithm
{
    /// <summary>RFC 1071, as IPv4, TCP, UDP and ICMP use it.</summary>
    Internet,

    /// <summary>Two 8-bit sums modulo 255 over bytes; result is sum2:sum1.</summary>
    Fletcher16,

    /// <summary>Two 16-bit sums modulo 65535 over little-endian 16-bit words; result is sum2:sum1.</summary>
    Fletcher32,

    /// <summary>RFC 1950 (zlib): sums modulo 65521 over bytes, A starting at 1; result is B:A.</summary>
    Adler32,
}
