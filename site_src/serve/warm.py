"""``build.py warm``: a build process that stays, so that a command-line build costs what a
dev-server rebuild costs.

A build from the command line starts Python, imports the stages and loads the whole build
cache (at 10,000 papers, seconds) before it can look at what changed. The warm process
pays that once, then waits on a socket in the cache folder (``.cache/warm.sock``, its
owner's only). ``build.py build`` (and ``check``) finds it there, hands it its arguments
and prints what it answers: the same build, made with the cache held in memory as the dev
server holds it. No socket, or nobody answering it: the command line builds by itself.

Only its owner's builds of its own project, by the same generator code, are served: the
socket's mode, the peer's uid (where the system tells it) and the project folder are
checked, and a digest of the code; a command line that differs is told why and builds by
itself. The process stops after ``--idle`` minutes without a build, on Ctrl-C, on
``build.py warm --stop`` and when the dev server starts for the project; it saves the
cache on the way out, so the next cold build is incremental.

The messages are JSON lines: the command line sends ``{"argv", "cwd", "code"}`` (or
``{"stop": true}``); the warm process answers ``{"say": text}`` lines (the build's
messages, as they come), then ``{"exit": status}``, or ``{"refused": why, "by": who}``.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TextIO, cast

from site_src.config import Config
from site_src.heap import building

NAME = "warm.sock"
MAX_REQUEST = 1 << 20  # bytes: a command line, never more
REQUEST_TIMEOUT = 5.0  # seconds a connection has to send its request
MAX_PATH = 100  # a socket's path must fit sockaddr_un (108 bytes on Linux, 104 on macOS)



READY = "is served here"  # what the warm process says once it answers builds


def start_in_background(root: Path, *args: str, log: Path, timeout: float = 120) -> subprocess.Popen[bytes]:
    """``build.py warm`` in ``root`` as a child process (for scripts and tests), returned once it
    answers builds; its messages go to ``log``. RuntimeError, with them, if it stops or is not
    ready within ``timeout`` seconds."""
    build_py = Path(__file__).resolve().parents[2] / "build.py"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, str(build_py), "warm", *args], cwd=root,
                                stdout=subprocess.DEVNULL, stderr=out)
    deadline = time.monotonic() + timeout
    while READY.encode() not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"the warm process did not start:\n{log.read_text(encoding='utf-8', errors='replace')}")
        time.sleep(0.05)
    return proc

def socket_path(config: Config) -> Path:
    return config.root / config.cache / NAME


def _address(path: Path) -> str:
    """The shortest name of ``path`` from here: sockaddr_un holds about a hundred bytes."""
    relative = os.path.relpath(path)
    return relative if len(relative) < len(str(path)) else str(path)


# ---------------------------------------------------------------------- the command line's side

def ask(config: Config, message: dict[str, Any], err: TextIO | None = None) -> int | None:
    """Send ``message`` to the project's warm process and relay its answer to ``err``.

    Returns the build's exit status; None when no warm process answers, or it refuses (it
    says why): then the caller builds by itself."""
    err = err or sys.stderr
    path = socket_path(config)
    if not hasattr(socket, "AF_UNIX") or not path.exists():
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.settimeout(REQUEST_TIMEOUT)
        conn.connect(_address(path))
        conn.sendall(json.dumps(message).encode() + b"\n")
        conn.settimeout(None)  # a build takes as long as it takes
        for line in conn.makefile("rb"):
            answer = json.loads(line)
            if "say" in answer:
                err.write(str(answer["say"]))
                err.flush()
            elif "exit" in answer:
                return int(answer["exit"])
            elif "refused" in answer:
                print(f"{answer.get('by', 'the warm build process')}: {answer['refused']}; building here", file=err)
                return None
    except (OSError, ValueError):  # a socket left by a process that is gone, or one that died mid-answer
        return None
    finally:
        conn.close()
    print("the build process that was asked stopped without an answer; building here", file=err)
    return None


def request(argv: list[str]) -> dict[str, Any]:
    from site_src.version import code_digest
    return {"argv": argv, "cwd": os.getcwd(), "code": code_digest()}


# ---------------------------------------------------------------------- the warm process

class Warm:
    """What a long-lived builder keeps between builds: the memo, in memory.

    ``fork``: whether its builds may fork workers (not beside the dev server's threads);
    ``name``: what the command line is told built the site."""

    def __init__(self, memo: Any, code: str, fork: bool = True, name: str = "the warm build process") -> None:
        self.memo = memo
        self.code = code
        self.fork = fork
        self.name = name
        self.warming = False  # in the warm process's first build, which builds even when nothing changed

    @classmethod
    def load(cls, config: Config, report_notes: Callable[[str], None]) -> Warm:
        from site_src.cache.memo import load_memo
        from site_src.errors import Report
        from site_src.version import code_digest
        loading = Report()
        code = code_digest()
        memo = load_memo(config.root / config.cache, loading, code)
        for note in loading.notes:
            report_notes(note)
        return cls(memo, code)

    def memo_for(self, clean: bool) -> Any:
        """The memo a build uses; ``clean``: an empty one, kept from then on."""
        if clean:
            from site_src.cache.memo import Memo
            self.memo = Memo(code=self.code)
        return self.memo

    @staticmethod
    def changed(checked: Any) -> frozenset[str] | None:
        """The inputs whose stamps differ from the last build's summary (None: unknown, look at all).

        While a long-lived builder runs, every build is its own (the command line's go through
        it, a second one is refused), and the summary is no newer than its last build: so
        this is every input changed since then, and maybe some it has seen already."""
        last = checked.last_inputs
        if last is None:
            return None
        return frozenset(p for p in last.keys() | checked.inputs.keys() if last.get(p) != checked.inputs.get(p))


class _Stop(Exception):
    def __init__(self, save: bool = True) -> None:
        super().__init__()
        self.save = save  # False: the memo is another version's, useless to the one that asked


def run_warm(config: Config, idle_minutes: float, build: Callable[[list[str], Warm], int], first: list[str]) -> int:
    """Build once (``first``: its arguments), then serve builds on the project's socket until
    idle, stopped or interrupted; save the memo."""
    from site_src.cache.lock import one_build, one_live
    if not hasattr(socket, "AF_UNIX"):
        raise SystemExit("build.py warm needs Unix-domain sockets, which this system's Python lacks")
    path = socket_path(config)
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(_address(path)) > MAX_PATH:
        raise SystemExit(f"{path}: too long a path for the warm process's socket (at most {MAX_PATH} bytes); "
                         "set cache: to a shorter folder in site.yaml")
    signal.signal(signal.SIGTERM, _interrupt)
    with one_live(config.root / config.cache, "warm build process"):
        with _listening(path) as server:
            _say(f"loading the build cache of {config.root}")
            with building():  # millions of objects decoded, all of which live on
                warm = Warm.load(config, _say)
            save = True
            try:
                warm.warming = True
                with building():
                    interrupted = build(first, warm) == 130  # requests wait in the socket's queue meanwhile
                warm.warming = False
                if not interrupted:
                    _say(f"warm: `build.py build` in {config.root} {READY}; stops after {idle_minutes:g} "
                         f"idle minutes, on Ctrl-C or on `build.py warm --stop`")
                    save = _serve(server, warm, build, idle_minutes * 60)
            finally:
                if save:
                    with one_build(config.root / config.cache):
                        warm.memo.save(config.root / config.cache)
                _say("build cache saved; stopped" if save else "stopped")
    return 0


@contextlib.contextmanager
def answering(config: Config, warm: Warm, build: Callable[[list[str], Warm], int]) -> Iterator[None]:
    """The dev server's side: the command line's builds of its project, answered in a thread
    beside it with the memo it holds (its own builds and these take the build lock in turn)."""
    path = socket_path(config)
    if not hasattr(socket, "AF_UNIX") or len(_address(path)) > MAX_PATH:
        _say(f"{path}: no socket here; command-line builds will not use the dev server's cache")
        yield
        return
    with _listening(path) as server:
        thread = threading.Thread(target=_serve, args=(server, warm, build, None, False), name="answer-builds",
                                  daemon=True)
        thread.start()
        yield
    thread.join(5)


@contextlib.contextmanager
def _listening(path: Path) -> Iterator[socket.socket]:
    if path.exists() or path.is_symlink():
        path.unlink()  # left by a warm process that was killed: the live lock says none runs now
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o177)  # the socket is created rw------- : its owner's only
    try:
        server.bind(_address(path))
    finally:
        os.umask(old_mask)
    server.listen(16)
    mine = path.stat().st_ino
    try:
        yield server
    finally:
        with contextlib.suppress(OSError):
            server.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked in accept()
        server.close()
        with contextlib.suppress(OSError):
            if path.stat().st_ino == mine:
                path.unlink()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _serve(server: socket.socket, warm: Warm, build: Callable[[list[str], Warm], int], idle: float | None,
           stoppable: bool = True) -> bool:
    """Answer until idle or stopped (or, for the dev server, until its socket is closed);
    whether the memo is worth saving."""
    while True:
        server.settimeout(idle)
        try:
            conn, _ = server.accept()
        except TimeoutError:
            _say(f"no build for {(idle or 0) / 60:g} minutes: stopping")
            return True
        except KeyboardInterrupt:
            return True
        except OSError:  # closed: the dev server stops
            return True
        with conn:
            try:
                _answer(conn, warm, build, stoppable)
            except _Stop as stop:
                return stop.save
            except KeyboardInterrupt:
                return True
            except OSError as exc:  # the command line went away: its build finished anyway
                _say(f"a command line left before its answer ({type(exc).__name__})")


def _answer(conn: socket.socket, warm: Warm, build: Callable[[list[str], Warm], int], stoppable: bool) -> None:
    conn.settimeout(REQUEST_TIMEOUT)
    message = _read_request(conn)
    why = _refusal(conn, message, warm, stoppable)
    if why:
        _send(conn, {"refused": why, "by": warm.name})
        if stoppable and why.startswith("it runs another version"):
            _say("a command line runs another version of the generator: stopping")
            raise _Stop(save=False)
        return
    assert message is not None
    if message.get("stop"):
        _say("asked to stop")
        _send(conn, {"exit": 0})
        raise _Stop
    conn.settimeout(None)
    started = time.perf_counter()
    with _stderr_to(conn), building():
        status = build([str(a) for a in message["argv"]], warm)
    _say(f"built for `build.py {' '.join(message['argv'])}` in {time.perf_counter() - started:.2f} s "
         f"(exit {status})")
    _send(conn, {"exit": status})
    if status == 130 and stoppable:  # interrupted (Ctrl-C, SIGTERM) during the build
        raise _Stop


def _read_request(conn: socket.socket) -> dict[str, Any] | None:
    data = b""
    while b"\n" not in data and len(data) < MAX_REQUEST:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    try:
        message = json.loads(data.split(b"\n", 1)[0])
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


def _refusal(conn: socket.socket, message: dict[str, Any] | None, warm: Warm, stoppable: bool) -> str:
    """Why this request is not served here ('' when it is)."""
    uid = _peer_uid(conn)
    if uid is not None and uid != os.getuid():
        return "it serves only its owner's builds"
    if message is None:
        return "the request could not be read"
    if message.get("stop"):
        return "" if stoppable else "it answers this project's builds; stop it with Ctrl-C"
    if not isinstance(message.get("argv"), list) or not isinstance(message.get("cwd"), str):
        return "the request could not be read"
    if Path(message["cwd"]).resolve() != Path.cwd().resolve():
        return f"it serves the project in {Path.cwd()} only"
    if message.get("code") != warm.code:
        if not stoppable:
            return "it runs another version of the generator (restart it)"
        return "it runs another version of the generator, and stops now (start it again: build.py warm)"
    return ""


def _peer_uid(conn: socket.socket) -> int | None:
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:  # not Linux: the socket's mode alone keeps other users out
        return None
    pid, uid, gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i")))
    return int(uid)


def _send(conn: socket.socket, answer: dict[str, Any]) -> None:
    conn.sendall(json.dumps(answer).encode() + b"\n")


class _SocketText:
    """A text stream whose writes go to the command line as ``{"say": text}`` lines."""

    def __init__(self, conn: socket.socket) -> None:
        self._conn = conn
        self.gone = False

    def write(self, text: str) -> int:
        if text and not self.gone:
            try:
                _send(self._conn, {"say": text})
            except OSError:
                self.gone = True  # the build goes on: its site and cache are wanted anyway
        return len(text)

    def flush(self) -> None:
        pass


class _ThreadStderr:
    """``sys.stderr`` in a process that answers builds beside other threads: each thread's
    writes go where it was told (a command line's socket), else where they always went."""

    def __init__(self, default: TextIO) -> None:
        self.default = default
        self.local = threading.local()

    def _target(self) -> Any:
        return getattr(self.local, "target", None) or self.default

    def write(self, text: str) -> int:
        return int(self._target().write(text))

    def flush(self) -> None:
        self._target().flush()

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding: the terminal's
        return getattr(self.default, name)


@contextlib.contextmanager
def _stderr_to(conn: socket.socket) -> Iterator[None]:
    """This thread's messages to the command line on ``conn``, for the block."""
    if not isinstance(sys.stderr, _ThreadStderr):
        sys.stderr = cast(TextIO, _ThreadStderr(sys.stderr))
    proxy = cast(_ThreadStderr, sys.stderr)
    proxy.local.target = _SocketText(conn)
    try:
        yield
    finally:
        proxy.local.target = None


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.__stderr__, flush=True)
