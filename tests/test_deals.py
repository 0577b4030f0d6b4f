import sqlite3
from pathlib import Path

import pytest

from assistant.chat import chat_turn, memo
from assistant.deals import DealError, DealStore


@pytest.fixture
def deals(tmp_path: Path) -> DealStore:
    return DealStore(tmp_path / "deals.sqlite3")


def test_a_chat_collects_facts_and_survives_a_restart(runtime, deals, tmp_path):
    deal = deals.create("Job offer")
    chat_turn(runtime, deals, deal.id, "They offered 88,000 and want an answer within 24 hours.")
    reply = chat_turn(runtime, deals, deal.id, "My minimum is 95,000.")
    assert reply.critique.verdict == "walk_away"
    reopened = DealStore(tmp_path / "deals.sqlite3").get(deal.id)
    assert (reopened.facts.offer, reopened.facts.minimum) == (88000, 95000)
    assert [m.role for m in reopened.messages] == ["user", "assistant", "user", "assistant"]
    assert reopened.critique and "below_minimum" in reopened.critique.signals


def test_the_memo_has_facts_findings_verdict_and_a_draft(runtime, deals):
    deal = deals.create("Used car")
    chat_turn(
        runtime,
        deals,
        deal.id,
        "The dealer wants 23,500 and says it's only good today. My max is 21,000.",
    )
    saved = deals.get(deal.id)
    text = memo(runtime, saved)
    assert text.startswith("# Walk-away memo: Used car")
    assert "| Their offer | 23,500 |" in text and "WALK AWAY" in text
    findings = saved.critique.findings if saved.critique else []
    assert findings and all(f"[{finding.rule_id}]" in text for finding in findings)
    assert "## A draft exit email" in text
    assert "21,000" not in text.split("## A draft exit email")[1]  # the draft leaks no limit


def test_a_deleted_deal_is_gone_for_good(runtime, deals, tmp_path):
    deal = deals.create("Secret deal")
    chat_turn(runtime, deals, deal.id, "The supplier Zebracorp wants exclusivity.")
    assert deals.delete(deal.id) is True
    with pytest.raises(DealError):
        deals.get(deal.id)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("deals.sqlite3*"))
    assert b"Zebracorp" not in raw


def test_a_delete_held_up_by_another_reader_says_it_is_not_verified(deals, tmp_path):
    deal = deals.create("Secret deal")
    deals.add_message(deal.id, "user", "The supplier Zebracorp wants exclusivity.")
    deals.checkpoint_wait_ms = 0  # do not wait for the reader: it will not finish here
    reader = sqlite3.connect(tmp_path / "deals.sqlite3", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM messages").fetchone()  # a read in progress
    try:
        assert deals.delete(deal.id) is False  # deleted, but the wipe cannot be verified
        with pytest.raises(DealError):
            deals.get(deal.id)
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("deals.sqlite3*"))
        assert b"Zebracorp" in raw  # what the old code called "deleted for good"
    finally:
        reader.execute("COMMIT")
        reader.close()
    DealStore(tmp_path / "deals.sqlite3")  # the next open finishes the wipe
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("deals.sqlite3*"))
    assert b"Zebracorp" not in raw


def test_a_failed_write_loses_nothing(runtime, deals, monkeypatch):
    deal = deals.create("Rent")
    chat_turn(runtime, deals, deal.id, "The rent is 1,800.")
    before = deals.get(deal.id)

    original = deals._connection

    class FullDisk:
        def __init__(self, db):
            self.db = db
            self.in_transaction = False

        def execute(self, sql, *args):
            if sql.startswith("INSERT") or sql.startswith("UPDATE"):
                raise sqlite3.OperationalError("database or disk is full")
            result = self.db.execute(sql, *args)
            self.in_transaction = self.db.in_transaction
            return result

    monkeypatch.setattr(deals, "_connection", lambda: FullDisk(original()))
    with pytest.raises(DealError, match="disk is full"):
        deals.add_message(deal.id, "user", "more")
    monkeypatch.undo()
    assert deals.get(deal.id).messages == before.messages


def test_an_unknown_deal_is_a_clear_error(deals):
    with pytest.raises(DealError, match="No saved deal"):
        deals.add_message("nope", "user", "hi")


def test_saved_deals_are_listed_newest_first_with_their_verdict(runtime, deals):
    first = deals.create("First")
    second = deals.create("Second")
    chat_turn(runtime, deals, first.id, "They offered 52,000 and my floor is 58,000.")
    listed = deals.list()
    assert [d.id for d in listed][0] == first.id and listed[0].verdict == "walk_away"
    assert {d.id for d in listed} == {first.id, second.id}
