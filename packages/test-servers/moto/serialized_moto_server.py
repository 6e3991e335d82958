"""moto_server answering one request at a time.

moto 5.2.5's Secrets Manager iterates its dict of secrets while another request thread's
CreateSecret adds to it, and answers HTTP 500 "dictionary changed size during iteration"
(96 such answers in one run of store-secrets-manager's call-count tests, 50 saves at a time).
AWS has no such race, so the tests would see failures of the emulator, not of the store.
Requests still arrive over concurrent connections; only moto's handling of them is serialised,
which keeps every client-side race the tests create. Arguments are moto_server's own.
"""

import sys
import threading

import moto.server as server

_lock = threading.Lock()
_run_simple = server.run_simple


def _serialised(app):
    def handle(environ, start_response):
        with _lock:
            # Consume the response inside the lock: moto builds it lazily.
            return list(app(environ, start_response))

    return handle


def run_simple(host, port, app, **kwargs):
    _run_simple(host, port, _serialised(app), **kwargs)


server.run_simple = run_simple

if __name__ == "__main__":
    sys.exit(server.main())
