"""Pipeline driver, preview half of `briefkit watch --serve`: serve the output folder on the
loopback interface, and tell open pages when to reload.

Consumes the output folder and the watch session's results (`PreviewState.update`); produces
HTTP responses: built files as they are on disk, HTML pages through `preview_page.serve_page`
(reload script, error banner), an index at `/`, and `/__briefkit__/version?page=STEM&since=N`,
a long poll that answers as soon as the page's version passes N (or after 20 s with the same
N), so a page reloads right after its rebuild without polling in a loop.
Listens on 127.0.0.1 only and answers only requests addressed to it by that name or localhost
(a page on another site cannot reach it through DNS rebinding).

Serves only regular files inside the output folder, read under the containment rule (a
symbolic link in the output folder that leads out of it is a 404, as is a hidden name); a
request it cannot make sense of (a NUL, a control character) is a 400; a client that goes away
is forgotten quietly. Connections are bounded: a socket idle for CONNECTION_TIMEOUT seconds is
closed, and past MAX_CONNECTIONS open ones a new connection is answered 503 and closed.
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from briefkit.build.pipeline import BriefingResult
from briefkit.errors import BriefkitError, ExitCode
from briefkit.paths import ContainmentError, read_contained
from briefkit.preview.page import ENDPOINT, PageStatus, error_page, index_page, serve_page

HOST = "127.0.0.1"
LONG_POLL_SECONDS = 20.0
CONNECTION_TIMEOUT = 30.0  # seconds a socket may stay silent (longer than a long poll's wait)
MAX_CONNECTIONS = 64  # open at once; a browser holds a few, a script flooding it no more


@dataclass
class PreviewState:
    """Versions and build states shared by the watcher (writer) and the server (readers)."""

    version: int = 0  # bumped after every cycle that rebuilt or failed something
    pages: dict[str, int] = field(default_factory=dict)  # stem -> version of its last rebuild
    status: dict[str, PageStatus] = field(default_factory=dict)
    closed: bool = False
    waiting: int = 0  # long polls being held open now
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def update(
        self, results: Iterable[BriefingResult], strict: bool = False, removed: Iterable[Path] = ()
    ) -> None:
        with self._cond:
            changed = False
            for result in results:
                stem = result.source.stem
                failed = result.failed(strict)
                messages = tuple(d.format(strict).split("\n")[0] for d in result.diagnostics)
                status = PageStatus(failed, messages if failed else ())
                # an up-to-date briefing changes nothing, unless it was failing a moment ago
                # (a save that undoes a mistake: the last good build is current again)
                if result.skipped and self.status.get(stem, PageStatus()) == status:
                    continue
                self.status[stem] = status
                self.pages[stem] = self.version + 1
                changed = True
            for path in removed:
                self.status.pop(path.stem, None)
                self.pages.pop(path.stem, None)
                changed = True
            if changed:
                self.version += 1
                self._cond.notify_all()

    def page_version(self, page: str) -> int:
        with self._cond:
            return self.pages.get(page, 0) if page else self.version

    def wait(self, page: str, since: int, timeout: float = LONG_POLL_SECONDS) -> int:
        """The page's version once it is past `since`, or after `timeout` seconds."""
        with self._cond:
            self.waiting += 1
            try:
                self._cond.wait_for(
                    lambda: self.closed or self.page_version(page) > since, timeout=timeout
                )
            finally:
                self.waiting -= 1
            return self.page_version(page)

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


def _bad_path(path: str) -> bool:
    """A request path no file can have: a NUL or another control character, a backslash."""
    return any(ord(c) < 0x20 or c in "\x7f\\" for c in path)


class _Handler(SimpleHTTPRequestHandler):
    server: PreviewServer
    timeout = CONNECTION_TIMEOUT  # socket reads and writes (StreamRequestHandler applies it)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for build messages

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client went away or fell silent: nothing to say

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # always the latest build
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
        return host in (HOST, "localhost")

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_ok():
            self.send_error(HTTPStatus.FORBIDDEN, "preview answers to 127.0.0.1 and localhost")
            return
        parts = urlsplit(self.path)
        try:
            path = unquote(parts.path, errors="strict")
        except UnicodeDecodeError:  # %ff: no file's name
            path = ""
        if _bad_path(path) or not path.startswith("/"):
            self.send_error(HTTPStatus.BAD_REQUEST)
            return
        state = self.server.state
        if path == ENDPOINT:
            query = parse_qs(parts.query)
            page = query.get("page", [""])[0]
            try:
                since = int(query.get("since", ["0"])[0])
            except ValueError:
                since = 0
            version = state.wait(page, since, self.server.long_poll)
            self._send(json.dumps({"version": version}).encode(), "application/json")
            return
        if path == "/":
            self._send(index_page(self.server.entries(), state.version), "text/html; charset=utf-8")
            return
        names = [p for p in path.split("/") if p]
        if any(p.startswith(".") for p in names):  # manifests, temporary files
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        if len(names) == 1 and names[0].endswith(".html"):
            self._page(names[0][: -len(".html")])
            return
        data = self.server.read(names)
        if data is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        kind = mimetypes.guess_type(names[-1])[0] or "application/octet-stream"
        self._send(data, kind)

    def _page(self, stem: str) -> None:
        state = self.server.state
        status = state.status.get(stem, PageStatus())
        version = state.page_version(stem)
        data = self.server.read([f"{stem}.html"])
        if data is None:
            if status.failed:
                self._send(error_page(stem, version, status), "text/html; charset=utf-8")
            else:
                self.send_error(HTTPStatus.NOT_FOUND)
            return
        body = serve_page(data, stem, version, status)
        self._send(body, "text/html; charset=utf-8")


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a browser's open long poll never holds up Ctrl-C

    def __init__(
        self, out_dir: Path, state: PreviewState, port: int, long_poll: float = LONG_POLL_SECONDS
    ) -> None:
        self.out_dir = out_dir.resolve()
        self.state = state
        self.long_poll = long_poll
        out = str(self.out_dir)

        def handler(*args: Any, **kwargs: Any) -> _Handler:
            return _Handler(*args, directory=out, **kwargs)

        try:
            super().__init__((HOST, port), handler)
        except OSError as exc:
            raise BriefkitError(
                f"cannot serve on {HOST}:{port}: {exc.strerror or exc} "
                "(choose another port, or --serve 0 for a free one)",
                ExitCode.ENVIRONMENT,
            ) from exc
        self._thread: threading.Thread | None = None
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def read(self, names: list[str]) -> bytes | None:
        """A file of the output folder by its path's parts: a regular file inside the folder
        (symlinks followed, and refused when they lead out), else None."""
        if not names or any(n in (".", "..") or n.startswith(".") for n in names):
            return None
        try:
            return read_contained(self.out_dir.joinpath(*names), [self.out_dir], "output")
        except (ContainmentError, ValueError):
            return None

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):  # too many open: refuse, do not queue
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client's failure is the client's: no traceback on the build's terminal

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def entries(self) -> list[tuple[str, list[str], PageStatus]]:
        stems = set(self.state.status)
        try:
            files = sorted(p.name for p in self.out_dir.iterdir() if p.is_file())
        except OSError:
            files = []
        stems |= {f.rsplit(".", 1)[0] for f in files if not f.startswith(".")}
        return [
            (
                stem,
                [f for f in files if f.rsplit(".", 1)[0] == stem and not f.startswith(".")],
                self.state.status.get(stem, PageStatus()),
            )
            for stem in sorted(stems)
        ]

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.1}, name="briefkit-preview"
        )
        self._thread.daemon = True
        self._thread.start()

    def stop(self) -> None:
        self.state.close()  # release the long polls
        if self._thread is not None:  # shutdown() waits for serve_forever: only if it runs
            self.shutdown()
            self._thread.join(timeout=5)
        self.server_close()
