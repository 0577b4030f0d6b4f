"""Ingestion: keeps the store in step with files on disk, idempotently.

Unchanged files add nothing; a changed file's chunks are replaced; a file that
disappeared from an ingested folder loses its chunks. Unreadable files are
reported and skipped, and the store keeps what it had for them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.config import KNOWLEDGE_DIR
from assistant.documents import SUPPORTED_SUFFIXES, UnreadableDocument, load_chunks
from assistant.rules import Rulebook, load_rulebook
from assistant.store import KnowledgeStore

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class IngestReport(BaseModel):
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = Field(0, description="Chunks the store holds after the run.")
    skipped: list[str] = Field(default_factory=list, description="One line per skipped file.")
    flagged: list[str] = Field(
        default_factory=list,
        description="One line per file with passages that talk to an assistant (never used).",
    )

    def counts(self) -> dict[str, int]:
        return self.model_dump(exclude={"skipped", "flagged"})


def _scan(folder: Path) -> tuple[list[Path], list[str]]:
    """The readable files of a folder, and one line per link that is refused.

    A link is followed only to a file inside the folder (which is then read once, under
    its own name): a link out of the folder could pull any file on the machine into the
    store, and a dangling link is reported like any other unreadable file.
    """
    root = folder.resolve()
    files: list[Path] = []
    problems: list[str] = []
    seen: set[Path] = set()
    candidates = sorted(
        child
        for child in folder.rglob("*")
        if child.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in child.relative_to(folder).parts)
    )
    # Real files first, so a file and a link to it are read once, as the file.
    for child in sorted(candidates, key=lambda c: c.is_symlink()):
        if child.is_symlink():
            try:
                target = child.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(f"{child}: broken link (its target does not exist)")
                continue
            if not target.is_relative_to(root):
                problems.append(f"{child}: links outside {folder} (to {target}); not indexed")
                continue
        if not child.is_file():
            continue
        real = child.resolve()
        if real not in seen:
            seen.add(real)
            files.append(child)
    return sorted(files), problems


def _expand(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[str]]:
    """(files to read, folders scanned, problems with the paths themselves)."""
    files: list[Path] = []
    folders: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            folders.append(path.resolve())
            found, refused = _scan(path)
            files.extend(found)
            problems.extend(refused)
        elif path.exists():
            files.append(path)
        elif path.is_symlink():
            problems.append(f"{path}: broken link (its target does not exist)")
        else:
            problems.append(f"{path}: not found")
    return files, folders, problems


def _linked_from_elsewhere(store: KnowledgeStore, folders: list[Path]) -> list[str]:
    """Stored sources outside the scanned folders that were read through a link.

    Only a link gives a chunk a name other than its file's own: such sources were pulled
    in by a link out of a folder, which is no longer followed, so they are dropped.
    """
    if not folders:
        return []
    heads = store.collection.get(where={"head": True}, include=["metadatas"])
    return sorted(
        {
            str(meta["source"])
            for meta in heads["metadatas"] or []
            if meta.get("source_name") != Path(str(meta["source"])).name
            and not any(Path(str(meta["source"])).is_relative_to(f) for f in folders)
        }
    )


def ingest(
    paths: Iterable[Path] | None,
    store: KnowledgeStore,
    rulebook: Rulebook | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Bring the store in line with the given files and folders (default: knowledge/)."""
    rulebook = rulebook or load_rulebook()
    with store.write_lock():
        return _ingest(paths, store, rulebook, progress)


def _ingest(
    paths: Iterable[Path] | None,
    store: KnowledgeStore,
    rulebook: Rulebook,
    progress: Progress | None,
) -> IngestReport:
    files, folders, problems = _expand(list(paths or [KNOWLEDGE_DIR]))
    report = IngestReport(skipped=problems)
    stored = store.file_hashes()
    seen: set[str] = set()
    for index, path in enumerate(files, start=1):
        if progress:
            progress(index, len(files), path.name)
        source = str(path.resolve())
        try:
            digest, chunks = load_chunks(path, rulebook)
        except UnreadableDocument as error:
            report.skipped.append(str(error))
            seen.add(source)  # an unreadable file keeps its old chunks
            continue
        if not chunks:
            # Nothing to index (only headings): not "added" on every run, and whatever
            # an earlier version of the file left in the store goes.
            report.skipped.append(f"{path}: nothing to index (no text under its headings)")
            if source in stored:
                store.delete_source(source)
                report.removed += 1
                seen.add(source)
            continue
        seen.add(source)
        addressed = sum(chunk.instructions for chunk in chunks)
        if addressed:
            report.flagged.append(
                f"{path}: {addressed} passage(s) talk to an assistant; stored, never used as advice"
            )
        if stored.get(source) == digest:
            report.unchanged += 1
            continue
        # Write the new chunks before dropping the old: a crash in between loses nothing.
        store.upsert(
            ids=[chunk.id for chunk in chunks],
            texts=[chunk.text for chunk in chunks],
            embed_parts=[chunk.embed_parts for chunk in chunks],
            metadatas=[chunk.metadata(digest, head=i == 0) for i, chunk in enumerate(chunks)],
        )
        if source in stored:
            store.delete_stale(source, digest)
            report.updated += 1
        else:
            report.added += 1
    gone = [
        source
        for source in stored
        if source not in seen and any(Path(source).is_relative_to(folder) for folder in folders)
    ]
    gone += [s for s in _linked_from_elsewhere(store, folders) if s not in seen and s not in gone]
    store.delete_sources(gone)
    report.removed += len(gone)
    report.chunks = store.count()
    return report
