# Broken on purpose: answers, then aborts the connection (SO_LINGER with a zero timeout), so the
# kernel sends RST instead of the orderly FIN.
import socket
import struct
import sys

port = int(sys.argv[1])
with socket.create_server(("127.0.0.1", port)) as server:
    while True:
        conn, _ = server.accept()
        name = conn.recv(1024).decode().strip()
        conn.sendall(f"Hello, {name}\n".encode())
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
