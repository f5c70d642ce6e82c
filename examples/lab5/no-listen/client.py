# Lab 5 client: connects to the server, sends the user name, prints the reply, closes.
import socket
import sys

host, port, user = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with socket.create_connection((host, port), timeout=10) as conn:
    conn.sendall(f"{user}\n".encode())
    reply = b""
    while chunk := conn.recv(1024):
        reply += chunk
print(reply.decode(), end="")
