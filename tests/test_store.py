from pathlib import Path

import chromadb
import pytest

from assistant.config import load_settings
from assistant.ingest import ingest
from assistant.retrieval import Retriever
from assistant.store import (
    KnowledgeStore,
    StoreUnavailable,
    collection_name,
    make_client,
    open_store,
)
from tests.helpers.processes import chroma_server, free_port


def test_the_embedded_store_persists_across_clients(embedder, tmp_path: Path):
    settings = load_settings(store_path=tmp_path / "chroma")
    ingest(None, open_store(settings, embedder))
    reopened = open_store(settings, embedder)
    assert reopened.count() > 50
    assert Retriever(reopened).search("surprise charges on the bill", k=3)


def test_the_server_store_works_on_the_same_code_path(embedder, tmp_path: Path):
    with chroma_server(tmp_path / "srv") as url:
        settings = load_settings(chroma_url=url)
        store = open_store(settings, embedder)
        report = ingest(None, store)
        assert report.added == 2
        assert ingest(None, open_store(settings, embedder)).unchanged == 2
        hits = Retriever(store).search("they yelled and threatened me", k=3)
        assert "intimidation" in {rule for hit in hits for rule in hit.rule_ids}


def test_an_unreachable_server_is_a_clear_error(embedder):
    settings = load_settings(chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable, match="Cannot open"):
        open_store(settings, embedder)


def test_each_embedder_gets_its_own_collection(embedder, tmp_path: Path):
    class Other:
        name = "openai-text-embedding-3-small"

        def embed_documents(self, texts):
            return [[1.0, 0.0] for _ in texts]

        def embed_query(self, text):
            return [1.0, 0.0]

    client = make_client(load_settings(store_path=tmp_path / "c"))
    local = KnowledgeStore(client, embedder)
    remote = KnowledgeStore(client, Other())  # type: ignore[arg-type]
    assert local.name != remote.name == collection_name("openai-text-embedding-3-small")


def test_opening_a_collection_with_another_embedder_is_refused(embedder, tmp_path: Path):
    client = chromadb.PersistentClient(path=str(tmp_path / "c"))
    KnowledgeStore(client, embedder, name="walkaway-shared")

    class Impostor:
        name = "something-else"

    with pytest.raises(StoreUnavailable, match="holds vectors of"):
        KnowledgeStore(client, Impostor(), name="walkaway-shared")  # type: ignore[arg-type]
