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


def test_critique_json_has_verdict_findings_and_engine(capsys):
    code, out, _ = run(capsys, "critique", "They offered 66,000; my floor is 72k.", "--json")
    result = json.loads(out)
    assert code == 0 and result["verdict"] == "walk_away" and result["engine"] == "offline"
    assert result["findings"][0]["signal"] == "below_minimum"


def test_critique_reads_standard_input(capsys, monkeypatch):
    import io

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Final offer, take it or leave it."))
    )
    code, out, _ = run(capsys, "critique", "-")
    assert code == 0 and "take_it_or_leave_it" in out


def test_critique_of_empty_input_is_a_message(capsys, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = run(capsys, "critique", "-")
    assert code == 2 and "Describe the deal first" in err


def test_draft_exit_and_coach_print_json(capsys):
    code, out, _ = run(capsys, "draft-exit", "--situation", "They would not move", "--counterparty", "Priya",
                       "--channel", "text", "--variants", "2", "--json")  # fmt: skip
    drafts = json.loads(out)["drafts"]
    assert code == 0 and len(drafts) == 2 and all("Priya" in d["body"] for d in drafts)
    code, out, _ = run(capsys, "coach", "--tactic", "false_urgency", "--counterparty", "Sign now",
                       "--reply", "Fine, I'll sign.", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["good"] is False


def test_chat_in_the_terminal_saves_and_resumes_the_deal(capsys, monkeypatch):
    answers = iter(["They offered 52,000 and my floor is 58,000.", "/quit"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "chat", "--title", "Job")
    assert code == 0 and "Walk away" in out
    deal_id = out.split("walkaway chat --deal ")[1].split()[0]
    code, out, _ = run(capsys, "deals", "memo", deal_id)
    assert "# Walk-away memo: Job" in out
    code, out, _ = run(capsys, "deals", "delete", deal_id)
    code, out, _ = run(capsys, "deals", "list", "--json")
    assert deal_id not in out


def test_rehearse_runs_turns_and_prints_a_scorecard(capsys, monkeypatch):
    answers = iter(
        [
            "Fine, I'll sign.",
            "I won't decide today; I need it in writing. If it's still there next week, let me know.",
            "",
        ]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "rehearse", "--scenario", "car_dealer", "--tactic", "false_urgency")
    assert code == 0 and "Scorecard: 1 of 2 replies were strong." in out
