"""The local engine against a real model: SmolLM2-135M served by llama.cpp on loopback.

These run in `make test` (which installs the `local` extra and sets
WALKAWAY_REQUIRE_LOCAL_MODEL=1, so a missing runtime fails instead of skipping). A 135M
model gives poor advice; what is tested is that every task returns schema-valid output
through the real server, and that the guards and the numbers policy still hold.
"""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.config import load_settings
from assistant.critique import critique
from assistant.engines.local import LocalEngine
from assistant.exits import draft_exit
from assistant.guards import guard_stream, locate_verbatim
from assistant.local_model import available, ensure_server
from assistant.rehearsal import RehearsalSession, coach_reply
from assistant.rules import load_taxonomy
from assistant.runtime import Runtime
from assistant.schemas import ExitRequest

REQUIRED = os.environ.get("WALKAWAY_REQUIRE_LOCAL_MODEL") == "1"
DEAL = "The dealer says the price is final and only good until 5pm today. My max is 20,000; they want 23,500."


@pytest.fixture(scope="module")
def local_runtime(embedder, knowledge_store) -> Runtime:
    settings = load_settings(engine="local", retry_backoff_s=0)
    if not available(settings):
        if REQUIRED:
            pytest.fail("the local model is required here (make setup installs the extra)")
        pytest.skip("the `local` extra is not installed")
    return Runtime(settings=settings, embedder=embedder, store=knowledge_store)


@pytest.fixture(scope="module")
def local_critique(local_runtime):
    return critique(local_runtime, DEAL)


def test_a_critique_on_the_local_model_keeps_the_contract(local_critique, runtime):
    offline = critique(runtime, DEAL)
    assert local_critique.engine == "local", local_critique.notices
    assert set(offline.signals) <= set(local_critique.signals)  # the offline floor holds
    assert local_critique.verdict == "walk_away"  # the numbers decide: 23,500 > 20,000
    assert "below_minimum" in local_critique.signals
    assert all(locate_verbatim(f.evidence, DEAL) for f in local_critique.findings)
    assert local_critique.summary.startswith("Walk away.")
    assert 1 <= len(local_critique.next_steps) <= 5


def test_the_local_server_is_started_once_and_reused(local_runtime, local_critique):
    first = ensure_server(local_runtime.settings)
    assert ensure_server(local_runtime.settings) is first
    assert first.base_url.startswith("http://127.0.0.1:")


def test_an_exit_draft_from_the_local_model_has_passed_the_guard(local_runtime):
    request = ExitRequest(
        situation="The dealer would not move from 23,500 and my budget is 20,000.",
        counterparty="Marco",
    )
    result = draft_exit(local_runtime, request)
    assert result.drafts and all(draft.passed for draft in result.drafts)
    assert all("20,000" not in draft.text for draft in result.drafts)


def test_the_local_coach_keeps_to_the_rubric_and_the_code_catches_caving(local_runtime):
    coaching = coach_reply(
        local_runtime, "false_urgency", "Sign tonight or lose it.", "Fine, I'll sign right now."
    )
    assert coaching.engine == "local"
    assert set(coaching.failed) <= set(load_taxonomy().rehearsal_rubric)
    assert "held_position" in coaching.failed and not coaching.good
    assert coaching.better_reply.strip()


def test_the_local_model_plays_the_counterparty(local_runtime):
    session = RehearsalSession(scenario="car_dealer", tactic="false_urgency")
    line = session.next_line(local_runtime)
    assert line.strip() and len(line) <= 600
    assert session.next_line(local_runtime) == line  # the pending line stays until answered


def test_a_chat_answer_streams_from_the_local_model_through_the_guard(
    local_runtime, local_critique
):
    engine = LocalEngine(local_runtime)
    pieces = list(engine.answer("What should I say now?", local_critique, local_critique.facts))
    assert len(pieces) > 1 and "".join(pieces).strip()
    guarded = "".join(guard_stream(pieces, local_critique.verdict))
    assert guarded.strip()


def test_a_missing_model_file_falls_back_with_a_notice(runtime, tmp_path):
    settings = load_settings(engine="local", local_gguf=tmp_path / "gone.gguf")
    missing = Runtime(settings=settings, embedder=runtime.embedder, store=runtime.store)
    result = critique(missing, DEAL)
    assert result.engine == "offline" and result.verdict == "walk_away"
    (notice,) = [n for n in result.notices if n.code == "engine_fallback"]
    assert "local model did not answer" in notice.text and "gone.gguf" in notice.text


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = json.dumps({"status": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_server_already_up_on_the_port_is_reused_not_started_again(tmp_path):
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    with ThreadingHTTPServer(("127.0.0.1", 0), _Health) as up:
        thread = threading.Thread(target=up.serve_forever, daemon=True)
        thread.start()
        try:
            port = up.server_address[1]
            server = ensure_server(load_settings(local_gguf=gguf, local_port=port))
        finally:
            up.shutdown()
    assert server.port == port and not server.started_here


def test_walkaway_model_serve_serves_on_loopback_until_stopped(local_runtime):
    import subprocess
    import sys
    import urllib.request
    from pathlib import Path

    from tests.helpers.processes import free_port, running

    port = free_port()
    walkaway = str(Path(sys.executable).parent / "walkaway")
    env = {**os.environ, "WALKAWAY_LOCAL_PORT": str(port)}
    with running([walkaway, "model", "serve"], ready="serving:", env=env):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
            assert json.loads(answer.read())["status"] == "ok"
        already = subprocess.run(
            [walkaway, "model", "serve"], env=env, capture_output=True, text=True, timeout=60
        )
        assert already.returncode == 0 and "already running" in already.stderr
