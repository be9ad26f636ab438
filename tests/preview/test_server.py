"""The preview server, over real HTTP on the loopback interface: served pages carry the reload
script (the files on disk do not), the version long poll answers when a rebuild lands, and
nothing outside the output folder or hidden in it is served. After every test (attacks: links
out, FIFOs, bad paths, dropped and silent connections), the output set is byte for byte as it
was and a canary outside the output folder was neither read nor written (the `served` fixture
checks both)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefkit.build.pipeline import BriefingResult
from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.preview import server as server_module
from briefkit.preview.page import BANNER_ID, ENDPOINT
from briefkit.preview.server import PreviewServer, PreviewState
from tests.build.manifests import Canary, Previous, snapshot

PAGE = (
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
    "content=\"default-src 'none'\"><title>A</title></head><body><p>Alpha</p></body></html>"
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[PreviewServer]:
    out = tmp_path / "output"
    (out / ".briefkit").mkdir(parents=True)
    (out / "a.html").write_text(PAGE, encoding="utf-8")
    (out / "a.pdf").write_bytes(b"%PDF-1.7 test")
    (out / ".briefkit" / "a.json").write_text("{}", encoding="utf-8")
    secret = Canary(tmp_path / "secret.txt", "outside").plant()
    (out / "sub").mkdir()
    previous = Previous(out, snapshot(out), secret)
    state = PreviewState()
    state.update([BriefingResult(tmp_path / "content" / "a.md")])
    server = PreviewServer(out, state, 0, long_poll=10)
    server.start()
    yield server
    server.stop()
    previous.intact()


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=20)
    headers = {"Host": host} if host else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_served_page_has_the_script_the_file_on_disk_does_not(served: PreviewServer) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(served.url + "a.html", timeout=20) as response:
        body = response.read().decode()
        assert response.headers["Cache-Control"] == "no-store"
    assert "<p>Alpha</p>" in body and ENDPOINT in body and "'nonce-" in body
    on_disk = (served.out_dir / "a.html").read_text(encoding="utf-8")
    assert on_disk == PAGE
    status, pdf = get(served, "/a.pdf")
    assert (status, pdf) == (200, b"%PDF-1.7 test")


def test_version_long_poll_answers_when_a_rebuild_lands(served: PreviewServer) -> None:
    status, body = get(served, f"{ENDPOINT}?page=a&since=0")
    assert status == 200 and json.loads(body) == {"version": 1}
    answer: list[int] = []

    def poll() -> None:
        answer.append(json.loads(get(served, f"{ENDPOINT}?page=a&since=1")[1])["version"])

    waiting = threading.Thread(target=poll)
    waiting.start()
    served.state.update([BriefingResult(served.out_dir.parent / "content" / "a.md")])
    waiting.join(20)
    assert answer == [2]
    # another briefing's rebuild does not wake this page, but does change the index's version
    served.state.update([BriefingResult(served.out_dir.parent / "content" / "b.md")])
    assert json.loads(get(served, f"{ENDPOINT}?page=a&since=0")[1]) == {"version": 2}
    assert json.loads(get(served, f"{ENDPOINT}?since=0")[1]) == {"version": 3}


def test_failed_build_shows_a_banner_over_the_last_good_page(served: PreviewServer) -> None:
    bad = BriefingResult(served.out_dir.parent / "content" / "a.md")
    bad.diagnostics = [
        Diagnostic(
            Severity.ERROR,
            "cite.unknown-key",
            "unknown reference 'x'",
            SourceLocation(Path("a.md"), 3, 5),
        )
    ]
    served.state.update([bad])
    body = get(served, "/a.html")[1].decode()
    assert BANNER_ID in body and "error[cite.unknown-key]" in body and "<p>Alpha</p>" in body
    never = BriefingResult(served.out_dir.parent / "content" / "new.md")
    never.diagnostics = bad.diagnostics
    served.state.update([never])
    status, page = get(served, "/new.html")
    assert status == 200 and b"nothing has been built yet" in page
    index = get(served, "/")[1].decode()
    assert "<code>a</code>" in index and "failed (1 problem)" in index


@pytest.mark.parametrize(
    "path", ["/.briefkit/a.json", "/../secret.txt", "/%2e%2e/secret.txt", "/sub/", "/missing.html"]
)
def test_hidden_outside_and_missing_files_are_not_served(served: PreviewServer, path: str) -> None:
    assert get(served, path)[0] == 404


def test_other_host_names_are_refused(served: PreviewServer) -> None:
    port = served.server_address[1]
    assert get(served, "/a.html", host=f"evil.example:{port}")[0] == 403
    assert get(served, "/a.html", host=f"localhost:{port}")[0] == 200


def test_a_port_in_use_is_an_environment_error(served: PreviewServer) -> None:
    from briefkit.errors import BriefkitError, ExitCode

    with pytest.raises(BriefkitError) as info:
        PreviewServer(served.out_dir, PreviewState(), served.server_address[1])
    assert info.value.exit_code == ExitCode.ENVIRONMENT


def test_stop_releases_open_long_polls(tmp_path: Path) -> None:
    server = PreviewServer(tmp_path, PreviewState(), 0, long_poll=60)
    server.start()
    result: list[object] = []

    def poll() -> None:
        try:
            result.append(get(server, f"{ENDPOINT}?since=5")[0])
        except (OSError, urllib.error.URLError) as exc:
            result.append(exc)

    waiting = threading.Thread(target=poll)
    waiting.start()
    while not server.state.waiting:  # until the request is held open by the server
        waiting.join(0.01)
    server.stop()
    waiting.join(20)
    assert result == [200]


def test_undoing_a_mistake_clears_the_banner(served: PreviewServer) -> None:
    """A save that restores the last good text leaves the outputs up to date (nothing is
    rebuilt), yet the page must drop its banner and reload."""
    source = served.out_dir.parent / "content" / "a.md"
    bad = BriefingResult(source)
    bad.diagnostics = [Diagnostic(Severity.ERROR, "note.undefined", "footnote [^x] is not defined")]
    served.state.update([bad])
    assert BANNER_ID in get(served, "/a.html")[1].decode()
    before = served.state.page_version("a")
    served.state.update([BriefingResult(source, skipped=True)])
    assert served.state.page_version("a") > before
    assert BANNER_ID not in get(served, "/a.html")[1].decode()
    served.state.update([BriefingResult(source, skipped=True)])  # nothing new: no reload
    assert served.state.page_version("a") == before + 1


def raw(server: PreviewServer, request: bytes, timeout: float = 20) -> bytes:
    """Send `request` as it is (no client library tidying it) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_symlink_in_the_output_folder_leading_out_is_not_served(
    served: PreviewServer, tmp_path: Path
) -> None:
    out = served.out_dir
    (out / "pw.txt").symlink_to(tmp_path / "secret.txt")
    (out / "pw.html").symlink_to(tmp_path / "secret.txt")
    (out / "inside.pdf").symlink_to(out / "a.pdf")  # a link that stays inside is a file
    for path in ("/pw.txt", "/pw.html"):
        status, body = get(served, path)
        assert status == 404 and b"outside" not in body
    assert get(served, "/inside.pdf") == (200, b"%PDF-1.7 test")
    assert get(served, "/a.pdf") == (200, b"%PDF-1.7 test")


def test_a_fifo_in_the_output_folder_is_not_served_and_does_not_hang(
    served: PreviewServer,
) -> None:
    os.mkfifo(served.out_dir / "x.pdf")
    assert get(served, "/x.pdf")[0] == 404


@pytest.mark.parametrize("path", [b"/%00", b"/a%00.html", b"/%ff.pdf", b"/a\\b", b"/%0a.pdf"])
def test_bad_request_paths_are_a_400_without_a_traceback(
    served: PreviewServer, path: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = raw(served, b"GET " + path + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 400"), answer[:80]
    assert "Traceback" not in capsys.readouterr().err


def test_a_client_that_goes_away_is_forgotten_quietly(
    served: PreviewServer, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(5):  # asks for a page and leaves before reading it, resetting the socket
        sock = socket.create_connection(("127.0.0.1", served.server_address[1]), 10)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.sendall(b"GET /a.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.close()
    assert get(served, "/a.pdf")[0] == 200  # still serving
    assert "Traceback" not in capsys.readouterr().err


def test_a_silent_connection_is_closed_after_the_timeout(
    served: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module._Handler, "timeout", 0.5)
    with socket.create_connection(("127.0.0.1", served.server_address[1]), 20) as sock:
        sock.sendall(b"GET /a.pdf HTTP/1.1\r\n")  # and never finishes the request
        assert sock.recv(100) == b""  # the server closed it


def test_connections_past_the_cap_are_answered_503(
    served: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    slots = threading.BoundedSemaphore(3)
    monkeypatch.setattr(served, "_slots", slots)
    held = [socket.create_connection(("127.0.0.1", served.server_address[1]), 20) for _ in range(3)]
    try:
        time.sleep(0.3)  # the server has taken all three (they send nothing)
        answer = raw(served, b"GET /a.pdf HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        assert answer.startswith(b"HTTP/1.0 503")
    finally:
        for sock in held:
            sock.close()
    deadline = time.monotonic() + 20
    while get(served, "/a.pdf")[0] != 200:  # the slots come back as the held ones close
        assert time.monotonic() < deadline
        time.sleep(0.1)
    # Every slot back before monkeypatch restores the server's own semaphore: a handler thread
    # still closing would otherwise release into that one ("released too many times").
    for _ in range(3):
        assert slots.acquire(timeout=20)
    for _ in range(3):
        slots.release()
