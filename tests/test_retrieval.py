import json

from assistant.config import EVALS_DIR
from assistant.retrieval import Retriever

RECALL_AT_3_FLOOR = 0.9


def _cases():
    for line in (EVALS_DIR / "retrieval.jsonl").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            yield json.loads(line)


def test_the_retrieval_set_has_forty_paraphrased_queries_with_a_test_split():
    cases = list(_cases())
    assert len(cases) >= 40
    assert sum(case["split"] == "test" for case in cases) >= len(cases) // 3


def test_offline_recall_at_3_meets_the_floor(knowledge_store):
    retriever = Retriever(knowledge_store)
    cases = list(_cases())
    found = [
        any(
            set(hit.rule_ids) & set(case["rule_ids"])
            for hit in retriever.search(case["query"], k=3)
        )
        for case in cases
    ]
    recall = sum(found) / len(found)
    assert recall >= RECALL_AT_3_FLOOR, f"recall@3 {recall:.3f}"


def test_search_can_be_limited_to_one_kind_of_rule(knowledge_store):
    hits = Retriever(knowledge_store).search("say no politely", k=4, kinds=["exit_phrase"])
    assert hits and all(any(rule.startswith("phrase_") for rule in hit.rule_ids) for hit in hits)


def test_mmr_returns_distinct_passages(knowledge_store):
    hits = Retriever(knowledge_store).search("pressure to sign today", k=4, mmr=True)
    assert len({hit.text for hit in hits}) == len(hits) == 4


def test_an_empty_query_returns_nothing(knowledge_store):
    assert Retriever(knowledge_store).search("   ", k=3) == []


def test_scores_are_similarities_in_descending_order(knowledge_store):
    hits = Retriever(knowledge_store).search("hidden fees", k=5)
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True) and 0 < scores[0] <= 1
