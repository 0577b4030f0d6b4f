from pathlib import Path

import pytest

from assistant.ingest import ingest
from assistant.store import KnowledgeStore

PLAYBOOK = """# My playbook

## Fees

Watch for hidden fees or excessive costs at checkout.

## Calm

Stay calm and collected when they push.
"""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "playbook.md").write_text(PLAYBOOK)
    (folder / "notes.txt").write_text("A plain note.\n\nSecond paragraph about a supplier deal.\n")
    return folder


def test_ingesting_the_knowledge_folder_tags_chunks_with_rule_ids(store: KnowledgeStore):
    report = ingest(None, store)
    assert report.added == 2 and report.skipped == []
    tagged = store.collection.get(where={"kind_signal": True}, include=["metadatas"])
    rule_ids = {rid for meta in tagged["metadatas"] for rid in meta["rule_ids"].split(",")}
    assert {"hidden_costs", "false_urgency", "below_minimum"} <= rule_ids


def test_reingesting_the_same_documents_adds_nothing(store: KnowledgeStore, tmp_path: Path):
    folder = _folder(tmp_path)
    first = ingest([folder], store)
    count = store.count()
    second = ingest([folder], store)
    assert (first.added, second.added, second.updated, second.unchanged) == (2, 0, 0, 2)
    assert store.count() == count == second.chunks


def test_a_changed_file_replaces_its_old_chunks(store: KnowledgeStore, tmp_path: Path):
    folder = _folder(tmp_path)
    ingest([folder], store)
    (folder / "playbook.md").write_text("# Short\n\nOnly one section now.\n")
    report = ingest([folder], store)
    assert report.updated == 1
    texts = store.collection.get(include=["documents"])["documents"]
    assert "Only one section now." in texts
    assert not any("hidden fees" in text for text in texts)


def test_a_removed_file_loses_its_chunks(store: KnowledgeStore, tmp_path: Path):
    folder = _folder(tmp_path)
    ingest([folder], store)
    (folder / "notes.txt").unlink()
    report = ingest([folder], store)
    assert report.removed == 1
    sources = {
        meta["source_name"] for meta in store.collection.get(include=["metadatas"])["metadatas"]
    }
    assert sources == {"playbook.md"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"   \n", "empty"),
        ("binary.md", b"\x89PNG\x00\x00data", "binary"),
        ("latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1"), "not UTF-8"),
        ("photo.png", b"png", "unsupported file type"),
    ],
)
def test_a_bad_file_is_skipped_with_one_line_and_the_store_is_unchanged(
    store: KnowledgeStore, tmp_path: Path, name: str, content: bytes, reason: str
):
    folder = _folder(tmp_path)
    ingest([folder], store)
    before = store.collection.get(include=["documents"])
    bad = tmp_path / name
    bad.write_bytes(content)
    report = ingest([bad], store)
    assert (
        len(report.skipped) == 1 and reason in report.skipped[0] and "\n" not in report.skipped[0]
    )
    assert store.collection.get(include=["documents"]) == before


def test_a_missing_path_is_reported_and_nothing_is_removed(store: KnowledgeStore, tmp_path: Path):
    folder = _folder(tmp_path)
    ingest([folder], store)
    count = store.count()
    report = ingest([tmp_path / "nope.md"], store)
    assert report.skipped == [f"{tmp_path / 'nope.md'}: not found"]
    assert store.count() == count


def test_a_file_that_becomes_unreadable_keeps_its_old_chunks(store: KnowledgeStore, tmp_path: Path):
    folder = _folder(tmp_path)
    ingest([folder], store)
    count = store.count()
    (folder / "notes.txt").write_bytes(b"\xff\xfe broken")
    report = ingest([folder], store)
    assert report.removed == 0 and len(report.skipped) == 1
    assert store.count() == count


def test_chunks_keep_their_section_path_file_and_line_range(store: KnowledgeStore, tmp_path: Path):
    folder = _folder(tmp_path)
    ingest([folder / "playbook.md"], store)
    got = store.collection.get(where={"section": "Fees"}, include=["metadatas", "documents"])
    meta = got["metadatas"][0]
    assert (meta["source_name"], meta["line_start"], meta["line_end"]) == ("playbook.md", 5, 5)
    assert meta["rule_ids"] == "hidden_costs"


def test_a_user_rulebook_yaml_must_have_rules(store: KnowledgeStore, tmp_path: Path):
    other = tmp_path / "other.yaml"
    other.write_text("just: a mapping\n")
    report = ingest([other], store)
    assert "must be a rulebook" in report.skipped[0]
