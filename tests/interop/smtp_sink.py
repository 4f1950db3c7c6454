#!/usr/bin/env python3
"""A local SMTP sink for tests: accepts every message on 127.0.0.1:PORT and writes each one,
as received, to DIR/N.eml. With --refuse N it answers the first N messages with a
temporary failure (451), as a mail server that is having trouble. With --silent it accepts
every connection and never answers (no greeting, nothing), as a stuck mail server.

    smtp_sink.py PORT DIR [--refuse N] [--silent]
"""
import os
import socket
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
import asyncore  # noqa: E402  (Debian 12's python 3.11 still ships smtpd and asyncore)
import smtpd  # noqa: E402


class Sink(smtpd.SMTPServer):
    def __init__(self, port, folder, refuse):
        super().__init__(("127.0.0.1", port), None, decode_data=False)
        self.folder = folder
        self.refuse = refuse

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 try again later"
        n = len(os.listdir(self.folder))
        with open(os.path.join(self.folder, f"{n}.eml"), "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(rcpttos).encode() + b"\r\n" + data)
        return None


def silent(port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(16)
    print("ready", flush=True)
    held = []
    while True:
        connection, _ = server.accept()
        held.append(connection)  # kept open, never written to


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    refuse = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--refuse" else 0
    os.makedirs(folder, exist_ok=True)
    if "--silent" in sys.argv:
        silent(port)
    Sink(port, folder, refuse)
    print("ready", flush=True)
    asyncore.loop()


if __name__ == "__main__":
    main()
