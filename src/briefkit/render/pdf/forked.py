"""Render stage helper: one forked process that runs the calls sent to it, in order.

Consumes picklable calls (a module-level function and its arguments); produces their answers,
in the order they were sent. This is what `concurrent.futures.ProcessPoolExecutor` gave the
PDF worker (`render.pdf.worker`), without what the pool needs before its process exists:
importing `multiprocessing` and `concurrent.futures` (19 ms) and starting its manager thread.
Here `os.fork` is the first thing done, so the worker starts importing WeasyPrint about 25 ms
sooner, and the main process never imports either module for a build of one briefing.

Calls go down one pipe, written by a thread of the parent (a print page is larger than a pipe
holds, and the main process must not wait while the worker warms up); answers come up another
and are read when asked for, in order. An exception raised by a call is raised again by its
`result()`; a worker that died makes every answer still to come raise `BrokenProcessPool`, as
the pool did. Where there is no `os.fork`, `Pooled` does the same with the pool.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable
from typing import Any, BinaryIO, Protocol

Call = tuple[Callable[..., Any], tuple[Any, ...]]


class Answer(Protocol):
    def result(self) -> Any: ...


class Worker(Protocol):
    """What `render.pdf.worker` needs of its process."""

    def call(self, fn: Callable[..., Any], *args: Any) -> Answer: ...
    def send(self, fn: Callable[..., Any], *args: Any) -> None: ...
    def close(self) -> None: ...
    def terminate(self) -> None: ...


def start(setup: Callable[[], None], first: Call) -> tuple[Worker, Answer]:
    """A worker process that runs `setup()` and then `first`; the worker, and `first`'s answer."""
    if hasattr(os, "fork"):
        forked = Forked(setup, first)
        return forked, forked.first
    pooled = Pooled(setup)
    return pooled, pooled.call(first[0], *first[1])


def _broken(why: str) -> Exception:
    from concurrent.futures.process import BrokenProcessPool  # only when it happens

    return BrokenProcessPool(f"the PDF worker stopped: {why}")


class _Answer:
    def __init__(self, worker: Forked, index: int) -> None:
        self._worker, self._index = worker, index

    def result(self) -> Any:
        return self._worker.answer(self._index)


# The parent's ends of every worker's pipes still open in this process. A worker forked while
# another is alive closes its copies: one left open would keep the other's calls pipe from
# ever reaching end of file, and that worker from ever ending.
_PARENT_ENDS: set[int] = set()


class Forked:
    """The worker as a forked child; calls and answers over two pipes."""

    def __init__(self, setup: Callable[[], None], first: Call) -> None:
        calls_in, calls_out = os.pipe()
        answers_in, answers_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            try:
                for fd in (calls_out, answers_in, *_PARENT_ENDS):
                    os.close(fd)
                _serve(setup, first, os.fdopen(calls_in, "rb"), os.fdopen(answers_out, "wb"))
            finally:
                os._exit(0)
        os.close(calls_in)
        os.close(answers_out)
        _PARENT_ENDS.update((calls_out, answers_in))
        self._fds = (calls_out, answers_in)
        self.pid = pid
        self._answers: BinaryIO = os.fdopen(answers_in, "rb")
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._writer = threading.Thread(target=_write, args=(calls_out, self._outbox), daemon=True)
        self._writer.start()
        self._lock = threading.Lock()
        self._sent = 1  # the first call runs in the child at once
        self._read = 0
        self._got: dict[int, tuple[bool, Any]] = {}
        self._unwanted: set[int] = set()
        self._ended = False
        self.first = _Answer(self, 0)

    def call(self, fn: Callable[..., Any], *args: Any) -> _Answer:
        data = pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            if self._ended:
                raise _broken("it was closed")
            index, self._sent = self._sent, self._sent + 1
            self._outbox.put(data)
        return _Answer(self, index)

    def send(self, fn: Callable[..., Any], *args: Any) -> None:
        """A call whose answer nobody will ask for."""
        answer = self.call(fn, *args)
        with self._lock:
            self._unwanted.add(answer._index)

    def answer(self, index: int) -> Any:
        with self._lock:
            while self._read <= index:
                try:
                    got = pickle.load(self._answers)
                except (EOFError, OSError, pickle.UnpicklingError) as exc:
                    raise _broken(type(exc).__name__) from exc
                if self._read in self._unwanted:
                    self._unwanted.discard(self._read)
                else:
                    self._got[self._read] = got
                self._read += 1
            ok, value = self._got.pop(index)
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """End the worker once it has finished the call it is running; answers nobody has
        asked for are dropped (a worker writing one then stops, rather than wait for a
        reader, and the writer thread, rather than wait for the worker)."""
        with self._lock:
            if self._ended:
                return
            self._ended = True
            self._outbox.put(None)  # the writer closes the pipe: the worker's end of input
        self._answers.close()
        self._writer.join()
        _PARENT_ENDS.difference_update(self._fds)
        _reap(self.pid)

    def terminate(self) -> None:
        """Stop the worker now, mid-call."""
        with self._lock:
            self._ended = True
            self._outbox.put(None)
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self._answers.close()
        self._writer.join()
        _PARENT_ENDS.difference_update(self._fds)
        _reap(self.pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # reaped already
        pass


def _write(fd: int, outbox: queue.SimpleQueue[bytes | None]) -> None:
    """The parent's writer thread: each call's bytes down the pipe, until None."""
    with os.fdopen(fd, "wb") as out:
        while (data := outbox.get()) is not None:
            try:
                out.write(data)
                out.flush()
            except (BrokenPipeError, OSError):  # the worker died: its answers will say so
                return


def _serve(setup: Callable[[], None], first: Call, calls: BinaryIO, answers: BinaryIO) -> None:
    """The worker's loop: run each call, send its answer, until the parent closes the pipe."""
    # Ctrl-C reaches the worker too (the same process group): the call it is running ends
    # with KeyboardInterrupt, sent as its answer, so the parent's close() waits for nothing
    setup()
    job: Call | None = first
    while job is not None:
        fn, args = job
        try:
            out: tuple[bool, Any] = (True, fn(*args))
        except BaseException as exc:  # raised again, in the parent, by its answer
            out = (False, exc)
        try:
            data = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            data = pickle.dumps((False, RuntimeError(f"an answer that cannot be sent: {exc}")))
        answers.write(data)
        answers.flush()
        try:
            job = pickle.load(calls)
        except EOFError:
            job = None


class Pooled:
    """The same worker as a one-process pool (where there is no `os.fork`)."""

    def __init__(self, setup: Callable[[], None]) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(max_workers=1, initializer=setup)

    def call(self, fn: Callable[..., Any], *args: Any) -> Answer:
        return self.pool.submit(fn, *args)

    def send(self, fn: Callable[..., Any], *args: Any) -> None:
        self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        for process in list(getattr(self.pool, "_processes", {}).values()):
            process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)
