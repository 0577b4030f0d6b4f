"""The benchmark: prints measured speed figures (no test asserts on timings)."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings

_WORDS = (
    "offer price supplier contract salary landlord deposit fee discount deadline dealer "
    "payment terms clause renewal invoice client rate budget warranty lease bonus equity "
    "shipping refund exclusive notice penalty schedule quote estimate commission partner"
).split()
_VERBS = "wants insists refuses asks offers demands promises adds removes delays".split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(4, 14))]
    return f"The {words[0]} {rng.choice(_VERBS)} {' '.join(words[1:])}."


def generated_corpus(folder: Path, chunks: int, per_file: int = 100, seed: int = 7) -> None:
    """Markdown files whose sections become `chunks` chunks in all."""
    rng = random.Random(seed)
    for file_index in range(0, chunks, per_file):
        sections = []
        for section in range(file_index, min(chunks, file_index + per_file)):
            body = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
            sections.append(f"## Section {section}\n\n{body}\n")
        (folder / f"doc-{file_index:06d}.md").write_text("# Generated\n\n" + "\n".join(sections))


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2)}


def time_calls(
    call: Callable[[Any], object], inputs: list[Any], warmup: int = 3
) -> dict[str, float]:
    for item in inputs[:warmup]:
        call(item)
    samples = []
    for item in inputs:
        start = time.perf_counter()
        call(item)
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def _rate(count: int, call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return round(count / (time.perf_counter() - start), 1)


def bench_embedders(settings: Settings, quick: bool) -> dict[str, float]:
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    from assistant.embeddings import LocalMiniLM, ensure_minilm

    rng = random.Random(1)
    sentences = [_sentence(rng) for _ in range(128 if quick else 1024)]
    folder = ensure_minilm(settings.model_dir)
    ours = LocalMiniLM(folder)
    ours.embed(sentences[:8])
    stock = ONNXMiniLM_L6_V2()
    # Point Chroma's stock function at the same model files: no download, same weights.
    stock.DOWNLOAD_PATH = folder.parent  # type: ignore[misc]
    stock.EXTRACTED_FOLDER_NAME = folder.name  # type: ignore[misc]
    stock(sentences[:2])
    few = sentences[: 16 if quick else 64]
    return {
        "embed_sentences_per_s": _rate(len(sentences), lambda: ours.embed(sentences)),
        "chroma_default_embed_sentences_per_s": _rate(len(few), lambda: stock(few)),
    }


def bench_store(settings: Settings, sizes: list[int], quick: bool) -> dict[str, Any]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    from assistant.embeddings import LocalMiniLM, ensure_minilm
    from assistant.ingest import ingest
    from assistant.retrieval import Retriever
    from assistant.store import KnowledgeStore

    embedder = LocalMiniLM(ensure_minilm(settings.model_dir))
    rng = random.Random(3)
    queries = [_sentence(rng) for _ in range(40 if quick else 200)]
    figures: dict[str, Any] = {"search_ms": {}, "ingest_chunks_per_s_by_size": {}}
    with tempfile.TemporaryDirectory() as tmp:
        client = chromadb.PersistentClient(
            path=str(Path(tmp) / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        for size in sizes:
            corpus = Path(tmp) / f"corpus-{size}"
            corpus.mkdir()
            generated_corpus(corpus, size)
            store = KnowledgeStore(client, embedder, name=f"bench-{uuid.uuid4().hex[:8]}")
            start = time.perf_counter()
            report = ingest([corpus], store)
            elapsed = time.perf_counter() - start
            figures["ingest_chunks_per_s_by_size"][str(size)] = round(report.chunks / elapsed, 1)
            figures["search_ms"][str(size)] = time_calls(Retriever(store).search, queries)
    first = figures["ingest_chunks_per_s_by_size"]
    figures["ingest_chunks_per_s"] = first[str(sizes[0])] if sizes else 0.0
    return figures


def bench_tasks(settings: Settings, quick: bool) -> dict[str, Any]:
    """Warm offline critique, draft and coach latency, on the dev sets' own inputs."""
    from assistant.config import EVALS_DIR
    from assistant.critique import critique
    from assistant.evalcases import load_cases
    from assistant.exits import draft_exit
    from assistant.rehearsal import coach_reply
    from assistant.runtime import Runtime
    from assistant.schemas import ExitRequest

    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime(
            settings=settings.model_copy(
                update={
                    "data_dir": Path(tmp),
                    "store_path": None,
                    "chroma_url": None,
                    "engine": "offline",
                }
            )
        )
        cases = load_cases(
            [EVALS_DIR / n for n in ("critique.jsonl", "exit.jsonl", "rehearsal.jsonl")]
        ).cases
        texts = [c.text for c in cases if c.task == "critique"]
        requests = [ExitRequest(**c.request.model_dump()) for c in cases if c.task == "exit"]
        replies = [c for c in cases if c.task == "rehearsal"]
        limit = 20 if quick else None
        return {
            "critique_ms": time_calls(lambda t: critique(runtime, t), texts[:limit]),
            "draft_ms": time_calls(lambda r: draft_exit(runtime, r), requests[:limit]),
            "coach_ms": time_calls(
                lambda c: coach_reply(runtime, c.tactic, c.counterparty, c.reply), replies[:limit]
            ),
        }


def run_bench(settings: Settings, sizes: list[int], quick: bool = False) -> dict[str, Any]:
    """Every figure the benchmark knows, measured in this process on this machine."""
    figures: dict[str, Any] = {"cpu_count": __import__("os").cpu_count(), "numpy": np.__version__}
    figures.update(bench_embedders(settings, quick))
    figures.update(bench_tasks(settings, quick))
    figures.update(bench_store(settings, sizes, quick))
    return figures
