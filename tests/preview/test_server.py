"""The preview server, over real HTTP on the loopback interface: served pages carry the reload
script (the files on disk do not), the version long poll answers when a rebuild lands, and
nothing outside the output folder or hidden in it is served."""

from __future__ import annotations

import http.client
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefkit.build.pipeline import BriefingResult
from briefkit.errors import Diagnostic, Severity, SourceLocation
from briefkit.preview.page import BANNER_ID, ENDPOINT
from briefkit.preview.server import PreviewServer, PreviewState

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
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (out / "sub").mkdir()
    state = PreviewState()
    state.update([BriefingResult(tmp_path / "content" / "a.md")])
    server = PreviewServer(out, state, 0, long_poll=10)
    server.start()
    yield server
    server.stop()


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
