# Lab 5 server: listens on the port given on the command line, greets each client by the user
# name it sends, and closes the connection.
import socket
import sys

port = int(sys.argv[1])
with socket.create_server(("127.0.0.1", port)) as server:
    while True:
        conn, _ = server.accept()
        with conn:
            name = conn.recv(1024).decode().strip()
            conn.sendall(f"Hello, {name}\n".encode())
