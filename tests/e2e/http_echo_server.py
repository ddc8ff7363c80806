#!/usr/bin/env python3
"""A tiny HTTP server for the http template end-to-end test (standard library only).

    http_echo_server.py PORT_FILE

Listens on 127.0.0.1 on a free port, writes the port number to PORT_FILE once it is
listening, and serves until killed:
    /status/<code>  that status code, body "status <code>" (text/plain)
    /text/<word>    200, body <word> (text/plain)
    anything else   200, JSON {"method", "path", "body", "headers"} of the request
Any method is accepted; a request body is read by its Content-Length.
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        content_type = "text/plain"
        status = 200
        if self.path.startswith("/status/"):
            status = int(self.path[len("/status/"):])
            text = "status %d" % status
        elif self.path.startswith("/text/"):
            text = self.path[len("/text/"):]
        else:
            content_type = "application/json"
            text = json.dumps({"method": self.command, "path": self.path, "body": body,
                               "headers": dict(self.headers.items())})
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = answer

    def log_message(self, format, *args):  # quiet: the test prints what matters
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    temporary = sys.argv[1] + ".tmp"
    with open(temporary, "w") as out:
        out.write(str(server.server_address[1]))
    os.replace(temporary, sys.argv[1])  # the port appears whole, never half-written
    server.serve_forever()


if __name__ == "__main__":
    main()
