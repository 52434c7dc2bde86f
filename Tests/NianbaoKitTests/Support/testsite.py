#!/usr/bin/env python3
"""The fetch and scrape tests' web site on 127.0.0.1, in a process of its own.

Run by TestSite.swift: the routes arrive as one JSON line on standard input, the chosen port is
printed as one line on standard output, and every request is appended to the log file named by
the first argument (one JSON object per line: path, userAgent) before it is answered. The server
ends when its standard input closes, so it never outlives the test process.

Out of process on purpose: a server inside the test process answers on the same few Swift
concurrency threads that tests waiting for a `nianbao` child block, and on a two-core machine the
two starve each other.
"""
import base64
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROUTES = {}
LOG_PATH = ""
LOCK = threading.Lock()
COUNTS = {}


def record(path, agent):
    """Appends the request to the log and returns how many times `path` was asked for so far."""
    with LOCK:
        COUNTS[path] = COUNTS.get(path, 0) + 1
        with open(LOG_PATH, "a", encoding="utf-8") as log:
            log.write(json.dumps({"path": path, "userAgent": agent}, ensure_ascii=False) + "\n")
        return COUNTS[path]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the log file is the record
        pass

    def answer(self, status, headers, body, send_body=True):
        self.send_response(status, "Status %d" % status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if send_body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
        self.close_connection = True

    def route(self, send_body):
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        count = record(path, self.headers.get("User-Agent", ""))
        route = ROUTES.get(path)
        if route is None:
            return self.answer(404, {}, b"", send_body)
        kind = route["kind"]
        body = base64.b64decode(route.get("body", ""))
        if kind == "page":
            return self.answer(200, {"Content-Type": route["contentType"]}, body, send_body)
        if kind == "status":
            code = route["status"]
            return self.answer(code, {}, ("error %d" % code).encode(), send_body)
        if kind == "redirect":
            return self.answer(302, {"Location": route["location"]}, b"", send_body)
        if kind == "slow":
            time.sleep(route["seconds"])
            return self.answer(200, {"Content-Type": "text/html"}, b"<p>late</p>", send_body)
        if kind == "goodThenFailing":
            if count <= route["times"]:
                return self.answer(200, {"Content-Type": route["contentType"]}, body, send_body)
            return self.answer(500, {}, b"", send_body)
        if kind == "raw":
            return self.answer(route["status"], route["headers"], body, send_body)
        return self.answer(500, {}, b"unknown route kind", send_body)

    def do_GET(self):
        self.route(True)

    def do_HEAD(self):
        self.route(False)


def main():
    global ROUTES, LOG_PATH
    LOG_PATH = sys.argv[1]
    ROUTES = json.loads(sys.stdin.readline())
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # until the test process closes the pipe (or ends)
    server.shutdown()


if __name__ == "__main__":
    main()
