# Broken on purpose: connects and reads the reply but never sends the user name.
import socket
import sys

host, port, user = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with socket.create_connection((host, port), timeout=10) as conn:
    conn.shutdown(socket.SHUT_WR)
    reply = b""
    while chunk := conn.recv(1024):
        reply += chunk
print(reply.decode(), end="")
