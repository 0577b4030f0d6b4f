"""Saved deals: SQLite persistence of each deal's facts, chat and latest critique.

Every write is one transaction: a failure (a full disk, a locked file) rolls back and
raises a clear error, so a saved deal is never half-written. Deleting a deal removes it
for good: rows are deleted with SQLite's secure_delete on, which overwrites them, and the
write-ahead log is folded back into the file. Another connection in the middle of a read
holds the old pages in the file until it finishes, so a delete checks the file afterwards
and says when it could not verify the wipe; the next open of the store finishes it.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.errors import WalkawayError
from assistant.schemas import Critique, DealFacts

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deals (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    facts TEXT NOT NULL DEFAULT '{}',
    critique TEXT,
    draft TEXT
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    deal_id TEXT NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    engine TEXT,
    created TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_deal ON messages(deal_id, id);
"""


class DealError(WalkawayError):
    """A deal could not be read or saved; nothing was changed."""


class Message(BaseModel):
    role: str
    content: str
    engine: str | None = None
    created: str


class Deal(BaseModel):
    id: str
    title: str
    created: str
    updated: str
    facts: DealFacts = Field(default_factory=DealFacts)
    critique: Critique | None = None
    draft: str | None = None
    messages: list[Message] = Field(default_factory=list)


PLACEHOLDER_TITLE = "New deal"
TITLE_CHARS = 60


def title_from(message: str) -> str:
    """The first sentence of a message, cut at a word to fit a picker."""
    first = re.split(r"(?<=[.!?])\s", " ".join(message.split()), maxsplit=1)[0]
    if len(first) <= TITLE_CHARS:
        return first.rstrip(".") or PLACEHOLDER_TITLE
    return first[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class DealSummary(BaseModel):
    id: str
    title: str
    updated: str
    verdict: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class DealStore:
    """Deals in one SQLite file (default: DATA_DIR/deals.sqlite3)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection().executescript(_SCHEMA)
            self._checkpoint()  # finish the wipe of a delete that another reader held up
        except (OSError, sqlite3.Error) as error:
            raise DealError(f"Cannot open the deal store at {self.path}: {error}") from error

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA secure_delete=ON")
            db.execute("PRAGMA journal_mode=WAL")
            self._local.db = db
        return db

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        try:
            db.execute("BEGIN IMMEDIATE")
            yield db
            db.execute("COMMIT")
        except sqlite3.Error as error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            reason = "the disk is full" if "full" in str(error).lower() else str(error)
            raise DealError(f"Could not save the deal ({reason}); nothing was changed.") from error
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def title_from_first_message(self, deal_id: str, message: str) -> None:
        """A deal opened as "New deal" takes its name from what the user first says of it."""
        deal = self.get(deal_id)
        if deal.title == PLACEHOLDER_TITLE and sum(m.role == "user" for m in deal.messages) == 1:
            self.rename(deal_id, title_from(message))

    def create(self, title: str) -> Deal:
        title = " ".join(title.split())[:120] or "Untitled deal"
        deal_id = uuid.uuid4().hex[:12]
        now = _now()
        with self._tx() as db:
            db.execute(
                "INSERT INTO deals (id, title, created, updated) VALUES (?, ?, ?, ?)",
                (deal_id, title, now, now),
            )
        return self.get(deal_id)

    def list(self) -> list[DealSummary]:
        rows = self._connection().execute(
            "SELECT id, title, updated, critique FROM deals ORDER BY updated DESC, rowid DESC"
        )
        return [
            DealSummary(
                id=row["id"],
                title=row["title"],
                updated=row["updated"],
                verdict=json.loads(row["critique"])["verdict"] if row["critique"] else None,
            )  # fmt: skip
            for row in rows
        ]

    def get(self, deal_id: str) -> Deal:
        db = self._connection()
        row = db.execute("SELECT * FROM deals WHERE id = ?", (deal_id,)).fetchone()
        if row is None:
            raise DealError(f"No saved deal with id {deal_id!r}.")
        messages = [
            Message(role=m["role"], content=m["content"], engine=m["engine"], created=m["created"])
            for m in db.execute("SELECT * FROM messages WHERE deal_id = ? ORDER BY id", (deal_id,))
        ]
        return Deal(
            id=row["id"], title=row["title"], created=row["created"], updated=row["updated"],
            facts=DealFacts.model_validate_json(row["facts"]),
            critique=Critique.model_validate_json(row["critique"]) if row["critique"] else None,
            draft=row["draft"], messages=messages,
        )  # fmt: skip

    def add_message(self, deal_id: str, role: str, content: str, engine: str | None = None) -> None:
        with self._tx() as db:
            self._touch(db, deal_id)
            db.execute(
                "INSERT INTO messages (deal_id, role, content, engine, created) VALUES (?, ?, ?, ?, ?)",
                (deal_id, role, content, engine, _now()),
            )

    def save_facts(self, deal_id: str, facts: DealFacts) -> None:
        with self._tx() as db:
            self._touch(db, deal_id)
            db.execute(
                "UPDATE deals SET facts = ? WHERE id = ?", (facts.model_dump_json(), deal_id)
            )

    def save_critique(self, deal_id: str, critique: Critique) -> None:
        with self._tx() as db:
            self._touch(db, deal_id)
            db.execute(
                "UPDATE deals SET critique = ? WHERE id = ?", (critique.model_dump_json(), deal_id)
            )

    def save_draft(self, deal_id: str, draft: str) -> None:
        with self._tx() as db:
            self._touch(db, deal_id)
            db.execute("UPDATE deals SET draft = ? WHERE id = ?", (draft, deal_id))

    def rename(self, deal_id: str, title: str) -> None:
        with self._tx() as db:
            self._touch(db, deal_id)
            db.execute(
                "UPDATE deals SET title = ? WHERE id = ?", (" ".join(title.split())[:120], deal_id)
            )

    # How long a delete waits for other connections' reads to end before it gives up
    # verifying the wipe (the delete itself is already committed by then).
    checkpoint_wait_ms = 2000

    def delete(self, deal_id: str) -> bool:
        """Remove the deal and its chat for good.

        True when the wipe is verified: the write-ahead log was folded back into the file
        and no trace of the deal's rows is left in the file or its log. False when another
        connection's read kept the old pages in place: the deal is deleted, and its text
        is wiped at the next checkpoint (the next open of the store, at the latest).
        """
        with self._tx() as db:
            self._touch(db, deal_id)
            db.execute("DELETE FROM messages WHERE deal_id = ?", (deal_id,))
            db.execute("DELETE FROM deals WHERE id = ?", (deal_id,))
        return self._checkpoint(self.checkpoint_wait_ms) and not self._traces(deal_id)

    def _checkpoint(self, wait_ms: int = 0) -> bool:
        """Fold the WAL back into the file and empty it; False if a reader prevented it."""
        db = self._connection()
        db.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
        try:
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            return False
        finally:
            db.execute("PRAGMA busy_timeout=10000")  # the connection's usual patience
        return busy == 0

    def _traces(self, deal_id: str) -> bool:
        """Whether the deal's id (in every row it had) is still in the file or its log."""
        needle = deal_id.encode()
        for path in (self.path, self.path.with_name(self.path.name + "-wal")):
            try:
                if needle in path.read_bytes():
                    return True
            except FileNotFoundError:
                continue
        return False

    def _touch(self, db: sqlite3.Connection, deal_id: str) -> None:
        if db.execute("UPDATE deals SET updated = ? WHERE id = ?", (_now(), deal_id)).rowcount == 0:
            raise DealError(f"No saved deal with id {deal_id!r}.")
