# Broken on purpose: binds the port but never calls listen(), so no client can connect.
import socket
import sys
import time

port = int(sys.argv[1])
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", port))
time.sleep(3600)
