import json
import subprocess
import sys

import pytest

from assistant.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_json_prints_the_five_counts(capsys):
    code, out, _ = run(capsys, "ingest", "--json")
    assert code == 0
    counts = json.loads(out)
    assert set(counts) == {"added", "updated", "removed", "unchanged", "chunks"}
    assert counts["added"] == 2 and counts["chunks"] > 50
    code, out, _ = run(capsys, "ingest", "--json")
    assert json.loads(out)["unchanged"] == 2


def test_search_json_lists_hits_with_text_source_section_rules_and_score(capsys):
    code, out, _ = run(capsys, "search", "they tacked on a card surcharge", "--k", "3", "--json")
    hits = json.loads(out)
    assert code == 0 and len(hits) == 3
    assert set(hits[0]) == {"text", "source", "section", "rule_ids", "score"}
    assert "hidden_costs" in {rule for hit in hits for rule in hit["rule_ids"]}


def test_ingest_of_a_bad_file_says_why_on_one_line(capsys, tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x00\x01")
    code, _, err = run(capsys, "ingest", str(bad))
    assert code == 0
    assert err.strip() == f"skipped: {bad}: looks binary (it contains NUL bytes)"


def test_python_dash_m_assistant_runs_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True, check=True
    )
    assert "ingest" in result.stdout and "search" in result.stdout


def test_an_unreachable_store_is_a_message_not_a_traceback(capsys, monkeypatch):
    monkeypatch.setenv("WALKAWAY_CHROMA_URL", "http://127.0.0.1:9")
    code, _, err = run(capsys, "search", "fees")
    assert code == 2 and err.startswith("walkaway: Cannot open") and "Traceback" not in err


@pytest.mark.parametrize("key", ["sk-test-abcdefghijklmnopqrstuvwxyz123456"])
def test_the_api_key_never_appears_in_output(capsys, monkeypatch, key):
    monkeypatch.setenv("WALKAWAY_API_KEY", key)
    monkeypatch.setenv("WALKAWAY_CHROMA_URL", f"http://127.0.0.1:9/{key}")
    code, out, err = run(capsys, "search", "fees")
    assert key not in out + err
