"""Every command the README shows is run here."""

import json
import os
import re
import shlex
import subprocess
import urllib.request
from pathlib import Path

from assistant.cli import main
from tests.helpers.processes import free_port, running

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
COMMANDS = re.findall(r"^\$ (.+)$", README, flags=re.M)
# The benchmark as shown runs minutes; the test runs the same command on a small corpus.
QUICK = {"bench": ["--quick", "--sizes", "100", "--no-ui"]}
BENCH_KEYS = {
    "embed_sentences_per_s", "chroma_default_embed_sentences_per_s", "ingest_chunks_per_s", "search_ms",
    "critique_ms", "draft_ms", "coach_ms", "peak_rss_mb", "cold_start_s",
}  # fmt: skip


def test_the_readme_shows_the_two_commands_and_the_cli():
    assert COMMANDS[:2] == ["make run", "make test"]
    assert all(command.startswith("walkaway ") for command in COMMANDS[2:])


def test_every_walkaway_command_in_the_readme_runs(capsys):
    for command in COMMANDS[2:]:
        argv = shlex.split(command)[1:]
        argv += QUICK.get(argv[0], [])
        if "--injection" in argv:  # the whole suite runs in tests/evals/test_injection.py
            argv += ["--limit", "5"]
        assert main(argv) == 0, command
        out = capsys.readouterr().out
        if "--json" in argv:
            parsed = json.loads(out)
            if argv[0] == "bench":
                assert set(parsed) >= BENCH_KEYS and set(parsed["search_ms"]["100"]) == {
                    "p50",
                    "p95",
                }


def test_make_test_runs_the_whole_suite_after_setup():
    plan = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert ".venv/bin/pytest" in plan
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_make_run_serves_the_ui_on_localhost(tmp_path):
    port = free_port()
    netlog = tmp_path / "outbound.log"
    env = {
        "WALKAWAY_DATA_DIR": str(tmp_path),
        "PORT": str(port),
        "PYTHONPATH": str(ROOT / "tests" / "helpers" / "netguard"),
        "WALKAWAY_NETGUARD_LOG": str(netlog),
    }
    with running(["make", "run", f"PORT={port}"], ready="URL:", timeout=240, env=env, cwd=ROOT):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.read() == b"ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200
    assert os.path.isdir(tmp_path / "chroma")  # the knowledge was ingested first
    assert not netlog.exists(), netlog.read_text()  # nothing left the machine
