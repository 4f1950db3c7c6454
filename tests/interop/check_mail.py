#!/usr/bin/env python3
"""Reads an e-mail file with python's own parser and checks its decoded subject and body.

    check_mail.py FILE SUBJECT BODY      (BODY with "\\n" line ends; exit 0 when both match)
"""
import email
import sys
from email.header import decode_header, make_header

message = email.message_from_binary_file(open(sys.argv[1], "rb"))
subject = str(make_header(decode_header(message["Subject"])))
body = message.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n").rstrip("\n")
if subject != sys.argv[2] or body != sys.argv[3]:
    print(f"subject {subject!r}\nbody {body!r}", file=sys.stderr)
    sys.exit(1)
