"""Saved deals: SQLite persistence of each deal's facts, chat and latest critique.

Every write is one transaction: a failure (a full disk, a locked file) rolls back and
raises a clear error, so a saved deal is never half-written. Deleting a deal removes it
for good: rows are deleted with SQLite's secure_delete on, which overwrites them.
"""

from __future__ import annotations

import json
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

    def delete(self, deal_id: str) -> None:
        """Remove the deal and its chat for good."""
        with self._tx() as db:
            self._touch(db, deal_id)
            db.execute("DELETE FROM messages WHERE deal_id = ?", (deal_id,))
            db.execute("DELETE FROM deals WHERE id = ?", (deal_id,))
        # Fold the WAL back so the deleted pages do not linger in it.
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _touch(self, db: sqlite3.Connection, deal_id: str) -> None:
        if db.execute("UPDATE deals SET updated = ? WHERE id = ?", (_now(), deal_id)).rowcount == 0:
            raise DealError(f"No saved deal with id {deal_id!r}.")
