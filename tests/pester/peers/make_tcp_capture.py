"""Writes a pcap of sequential TCP connections without PSSocket, for tests that need a large file.

usage: make_tcp_capture.py PATH CONNECTIONS SEGMENTS

Each connection: SYN, SYN-ACK, ACK, SEGMENTS client segments of 1400 bytes (the server ACKs every
second one), FIN each way and the last ACK; frames 10 us apart, Ethernet/IPv4, checksums zero.
The expected totals follow from the arguments alone: every connection closes, and the client
sends SEGMENTS * 1400 payload bytes.
"""
import struct
import sys

path, connections, segments = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
payload = bytes((i * 7) % 256 for i in range(1400))
clock = [1_700_000_000 * 1_000_000]
client, server = bytes([10, 1, 0, 1]), bytes([10, 2, 0, 1])

with open(path, 'wb', buffering=1 << 20) as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))

    def frame(src, dst, sport, dport, seq, ack, flags, data=b''):
        tcp = struct.pack('!HHIIBBHHH', sport, dport, seq & 0xffffffff, ack & 0xffffffff, 5 << 4, flags, 65535, 0, 0) + data
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, dst) + tcp
        eth = b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00' + ip
        clock[0] += 10
        f.write(struct.pack('<IIII', clock[0] // 1_000_000, clock[0] % 1_000_000, len(eth), len(eth)))
        f.write(eth)

    for n in range(connections):
        port = 1024 + n % 60000
        c, s = (n * 2654435761) & 0xffffffff, (n * 40503) & 0xffffffff  # ISNs that wrap now and then
        frame(client, server, port, 80, c, 0, 0x02)
        frame(server, client, 80, port, s, c + 1, 0x12)
        frame(client, server, port, 80, c + 1, s + 1, 0x10)
        offset = 1
        for k in range(segments):
            frame(client, server, port, 80, c + offset, s + 1, 0x18, payload)
            offset += len(payload)
            if k % 2:
                frame(server, client, 80, port, s + 1, c + offset, 0x10)
        frame(client, server, port, 80, c + offset, s + 1, 0x11)
        frame(server, client, 80, port, s + 1, c + offset + 1, 0x11)
        frame(client, server, port, 80, c + offset + 1, s + 2, 0x10)
