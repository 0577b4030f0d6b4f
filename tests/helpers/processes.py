"""Start a real subprocess and wait for a line that says it is ready (no sleeping)."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(
    cmd: list[str], ready: str, timeout: float = 60, env: dict | None = None, cwd: str | None = None
) -> Iterator[subprocess.Popen]:
    """Run cmd until the block ends; enter once a line of its output contains `ready`."""
    process = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    seen: list[str] = []

    def pump() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(_ANSI.sub("", line))
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        while True:
            try:
                line = lines.get(timeout=timeout)
            except queue.Empty:
                raise TimeoutError(
                    f"{cmd[0]} not ready after {timeout}s: {''.join(seen)[-2000:]}"
                ) from None
            if line is None:
                raise RuntimeError(f"{cmd[0]} exited early: {''.join(seen)[-2000:]}")
            seen.append(line)
            if ready in line:
                break
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@contextmanager
def chroma_server(folder) -> Iterator[str]:  # noqa: ANN001
    """A real `chroma run` on loopback; yields its URL and stops it on exit."""
    import shutil
    import sys
    from pathlib import Path

    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    port = free_port()
    cmd = [chroma, "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)]
    with running(cmd, ready="listening on address"):
        yield f"http://127.0.0.1:{port}"
