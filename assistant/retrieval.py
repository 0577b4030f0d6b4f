"""Retrieval for the engines and the CLI: top-k or MMR search, filterable by rule kind."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict

from assistant.errors import WalkawayError
from assistant.store import KnowledgeStore, StoreUnavailable

MAX_QUERY_CHARS = 2000
SPARE = 5  # extra hits fetched to make up for flagged passages


class Hit(BaseModel):
    text: str
    source: str
    section: str
    rule_ids: list[str]
    score: float
    line_start: int | None = None
    line_end: int | None = None


def _kind_filter(kinds: Sequence[str] | None) -> dict | None:
    if not kinds:
        return None
    clauses = [{f"kind_{kind}": True} for kind in kinds]
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}


def _hit(document: Document, score: float) -> Hit:
    meta = document.metadata
    return Hit(
        text=document.page_content,
        source=str(meta.get("source_name", meta.get("source", ""))),
        section=str(meta.get("section", "")),
        rule_ids=[rule for rule in str(meta.get("rule_ids", "")).split(",") if rule],
        score=round(float(score), 4),
        line_start=meta.get("line_start"),
        line_end=meta.get("line_end"),
    )


class Retriever:
    """Searches one knowledge store; scores are cosine similarities (higher is closer)."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store

    def search(
        self,
        query: str,
        k: int = 5,
        kinds: Sequence[str] | None = None,
        mmr: bool = False,
        fetch_k: int = 20,
    ) -> list[Hit]:
        query = query.strip()[:MAX_QUERY_CHARS]
        if not query or k < 1:
            return []
        try:
            return self._search(query, k, kinds, mmr, fetch_k)
        except WalkawayError:
            raise
        except Exception as error:  # a server that went away, a corrupt index
            raise StoreUnavailable(
                f"The knowledge store did not answer ({type(error).__name__}); your deal is safe, "
                "search again once it is back."
            ) from error

    def _search(
        self, query: str, k: int, kinds: Sequence[str] | None, mmr: bool, fetch_k: int
    ) -> list[Hit]:
        vector = self.store.embedder.embed_query(query)
        where = _kind_filter(kinds)
        vectorstore = self.store.vectorstore
        # The collection uses cosine space: Chroma returns distances, 1 - d is the similarity.
        # Passages flagged at ingest as talking to an assistant are never returned; a few
        # more are fetched so that k remain (a post-filter: older stores lack the flag).
        scored = [
            (doc, 1.0 - distance)
            for doc, distance in vectorstore.similarity_search_by_vector_with_relevance_scores(
                vector, k=max(k, fetch_k) if mmr else k + SPARE, filter=where
            )
            if not doc.metadata.get("instructions")
        ]
        if not mmr:
            return [_hit(doc, score) for doc, score in scored[:k]]
        chosen = vectorstore.max_marginal_relevance_search_by_vector(
            vector, k=k + SPARE, fetch_k=fetch_k + SPARE, filter=where
        )
        chosen = [doc for doc in chosen if not doc.metadata.get("instructions")][:k]
        scores = {doc.page_content: score for doc, score in scored}
        return [_hit(doc, scores.get(doc.page_content, 0.0)) for doc in chosen]


class PlaybookRetriever(BaseRetriever):
    """The same search as a LangChain retriever, for runnable chains."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    retriever: Retriever
    k: int = 5
    kinds: list[str] | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(page_content=hit.text, metadata=hit.model_dump(exclude={"text"}))
            for hit in self.retriever.search(query, k=self.k, kinds=self.kinds)
        ]
