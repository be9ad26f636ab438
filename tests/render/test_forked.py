"""The PDF worker's process (render/pdf/forked.py): calls answered in the order sent, errors
raised again where the answer is asked for, a call larger than a pipe holds sent while the
worker is busy without holding the caller up, and a worker that dies, is closed with answers
unread, or is stopped mid-call never leaves the caller waiting."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType

import pytest

from briefkit.render.pdf import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


@pytest.fixture(autouse=True)
def guard() -> Iterator[None]:
    """A hang fails the test instead of stopping the suite (pytest has no timeout here)."""

    def hung(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("the worker left its caller waiting")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def nothing() -> None:
    return None


def echo(value: object) -> object:
    return value


def size(data: bytes) -> int:
    return len(data)


def fail(message: str) -> None:
    raise ValueError(message)


def unpicklable() -> object:
    return lambda: None


def die() -> None:
    os._exit(7)


def wait_for(path: str) -> str:
    """Busy until `path` exists (made by the test, once the caller has gone on)."""
    while not Path(path).exists():
        time.sleep(0.01)
    return "went on"


def start(first: forked.Call = (nothing, ())) -> forked.Forked:
    worker, _ = forked.start(nothing, first)
    assert isinstance(worker, forked.Forked)
    return worker


def test_answers_come_in_the_order_sent() -> None:
    worker = start((echo, ("first",)))
    try:
        answers = [worker.call(echo, n) for n in range(20)]
        assert worker.first.result() == "first"
        assert [a.result() for a in reversed(answers)] == list(reversed(range(20)))
    finally:
        worker.close()


def test_errors_are_raised_where_the_answer_is_asked_for() -> None:
    worker = start()
    try:
        failed, after = worker.call(fail, "no"), worker.call(echo, 1)
        with pytest.raises(ValueError, match="no"):
            failed.result()
        assert after.result() == 1  # the worker goes on
        with pytest.raises(RuntimeError, match="cannot be sent"):
            worker.call(unpicklable).result()
    finally:
        worker.close()


def test_a_large_call_does_not_wait_for_a_busy_worker(tmp_path: Path) -> None:
    """8 MiB sent while the worker is busy: if `call` waited for the worker to read it, the
    test would never create the file the worker is waiting for."""
    flag = tmp_path / "go"
    worker = start((wait_for, (str(flag),)))
    try:
        big = worker.call(size, b"x" * (8 << 20))  # far more than a pipe holds
        flag.touch()
        assert worker.first.result() == "went on" and big.result() == 8 << 20
    finally:
        worker.close()


def test_answers_nobody_wants_are_dropped() -> None:
    worker = start()
    try:
        for n in range(5):
            worker.send(echo, n)
        assert worker.call(echo, "asked").result() == "asked"
    finally:
        worker.close()


def test_a_worker_that_dies_breaks_its_answers() -> None:
    worker = start()
    dead = worker.call(die)
    with pytest.raises(BrokenProcessPool):
        dead.result()
    worker.close()  # returns: the worker is gone already
    with pytest.raises(BrokenProcessPool):
        worker.call(echo, 1)


def test_closing_with_a_large_answer_unread_returns() -> None:
    worker = start()
    worker.call(echo, b"y" * (8 << 20))  # its answer fills the pipe; nobody reads it
    worker.close()


def test_terminate_stops_a_call_in_the_middle(tmp_path: Path) -> None:
    worker = start((wait_for, (str(tmp_path / "never"),)))
    worker.terminate()
    with pytest.raises(ChildProcessError):
        os.waitpid(worker.pid, os.WNOHANG)  # reaped: nothing left running


def started_then_wait(started: str, never: str) -> str:
    Path(started).touch()
    return wait_for(never)


def test_ctrl_c_ends_the_running_call_so_close_waits_for_nothing(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: the worker's call ends with KeyboardInterrupt,
    raised again where its answer is asked for, and the worker can be closed at once."""
    started = tmp_path / "started"
    worker = start((started_then_wait, (str(started), str(tmp_path / "never"))))
    while not started.exists():
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        worker.first.result()
    worker.close()


def test_two_workers_at_once_each_close_alone() -> None:
    """A worker forked while another lives holds no copy of the other's pipes: closing the
    first ends it (a copy would keep its calls pipe open, and close() waiting forever)."""
    first, second, third = start(), start(), start()
    assert first.call(echo, 1).result() == 1
    first.close()
    third.terminate()
    assert second.call(echo, 2).result() == 2
    second.close()
