"""A stand-in CDN for the fleet tests: an HTTP server that accepts PURGE and writes one line per request
("<METHOD> <Host> <path>") to the file named by its first argument. A real process on a real port, so the app
servers purge it over HTTP as they would purge Varnish or nginx.

    python tests/purge_recorder.py <log file> <port>
"""

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder(BaseHTTPRequestHandler):
    def record(self):
        with open(sys.argv[1], "a", encoding="utf-8") as log:
            log.write(f"{self.command} {self.headers.get('Host', '')} {self.path}\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_GET = do_POST = do_BAN = record

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[2])), Recorder).serve_forever()
