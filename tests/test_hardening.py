"""Bad input, faults and concurrency: each gets a clear message and nothing is lost."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.chat import chat_turn
from assistant.config import load_settings
from assistant.critique import critique
from assistant.deals import DealStore
from assistant.errors import InputError
from assistant.ingest import ingest
from assistant.retrieval import Retriever
from assistant.runtime import Runtime
from assistant.store import StoreUnavailable, open_store
from tests.helpers.processes import chroma_server

TEN_LANGUAGES = {
    "es": "El vendedor dice que es su oferta final y que solo es válida hoy.",
    "fr": "Le propriétaire dit que c'est à prendre ou à laisser.",
    "de": "Der Händler sagt, das ist sein letztes Angebot.",
    "it": "Il venditore dice che il prezzo è non negoziabile e l'offerta vale solo oggi.",
    "pt": "O vendedor disse que a oferta acaba hoje.",
    "nl": "De verkoper zegt dat dit zijn laatste bod is.",
    "pl": "Sprzedawca mówi, że to ostateczna oferta.",
    "ja": "販売員は今日だけの価格だと言っています。",
    "zh": "销售说这个价格只限今天。",
    "ar": "البائع يقول إن هذا هو العرض النهائي.",
}


@pytest.mark.parametrize("language", TEN_LANGUAGES)
def test_ten_languages_get_an_answer_and_a_notice(runtime, language):
    result = critique(runtime, TEN_LANGUAGES[language])
    assert result.verdict in {"walk_away", "pause", "negotiate", "accept"}
    assert any(n.code == "other_language" for n in result.notices)


def test_a_negative_limit_given_explicitly_is_refused(runtime):
    with pytest.raises(InputError, match="The minimum must be a finite amount of zero or more"):
        critique(runtime, "They offered 5,000.", minimum=-100)


def test_a_negative_limit_in_the_text_is_ignored_with_a_note(runtime):
    result = critique(runtime, "They offered 5,000. My minimum is -100 dollars.")
    assert result.facts.minimum is None and any(n.code == "negative_amount" for n in result.notices)


def test_huge_numbers_are_handled(runtime):
    result = critique(
        runtime, "They offered 1,000,000,000,000 for the company; my minimum is 2,000,000,000,000."
    )
    assert "below_minimum" in result.signals


def test_several_currencies_in_one_deal_are_not_compared(runtime):
    result = critique(runtime, "My floor is £50,000. They offered $60,000 and later €55,000.")
    assert "below_minimum" not in result.signals
    assert any(n.code == "mixed_currencies" for n in result.notices)


def test_a_chroma_server_that_goes_away_mid_session_is_a_message_and_critique_still_works(
    embedder, tmp_path
):
    with chroma_server(tmp_path / "srv") as url:
        settings = load_settings(chroma_url=url)
        store = open_store(settings, embedder)
        ingest(None, store)
        retriever = Retriever(store)
        assert retriever.search("surprise fees", k=1)
    with pytest.raises(StoreUnavailable, match="did not answer"):
        retriever.search("surprise fees", k=1)
    runtime = Runtime(settings=settings, embedder=embedder, store=store)
    assert critique(runtime, "Final offer, take it or leave it.").verdict == "pause"


def test_two_processes_ingesting_at_once_lose_nothing(tmp_path, model_dir):
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(15):
            (folder / f"{name}{i}.md").write_text(
                f"# {name}{i}\n\n## Note\n\nUnique marker {name}-{i} about supplier terms.\n"
            )
        folders.append(folder)
    env = {
        **os.environ,
        "WALKAWAY_STORE_PATH": str(tmp_path / "store"),
        "WALKAWAY_MODEL_DIR": str(model_dir),
    }
    walkaway = str(Path(sys.executable).parent / "walkaway")
    procs = [
        subprocess.Popen([walkaway, "ingest", str(f), "--json"], env=env, stdout=subprocess.PIPE)
        for f in folders
    ]
    assert all(p.wait(timeout=300) == 0 for p in procs)
    settings = load_settings(store_path=tmp_path / "store")
    from assistant.embeddings import LocalMiniLM

    store = open_store(settings, LocalMiniLM(model_dir))
    assert len(store.file_hashes()) == 30 and store.count() == 30
    for name in ("a", "b"):
        hit = Retriever(store).search(f"Unique marker {name}-7 about supplier terms.", k=1)[0]
        assert hit.source == f"{name}7.md"


def test_ten_ui_sessions_at_once_lose_nothing(runtime, tmp_path):
    deals = DealStore(tmp_path / "deals.sqlite3")
    ids = [deals.create(f"Deal {i}").id for i in range(10)]
    errors: list[Exception] = []

    def session(deal_id: str, i: int) -> None:
        try:
            chat_turn(
                runtime, deals, deal_id, f"They offered {40 + i},000 and my minimum is 58,000."
            )
            chat_turn(runtime, deals, deal_id, "Also the price is only good until 5pm today.")
        except Exception as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=session, args=(deal_id, i)) for i, deal_id in enumerate(ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    for i, deal_id in enumerate(ids):
        deal = deals.get(deal_id)
        assert len(deal.messages) == 4 and deal.facts.offer == (40 + i) * 1000
        assert deal.critique and "below_minimum" in deal.critique.signals


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (float("nan"), "finite_number"),
        (float("inf"), "finite_number"),
        (float("-inf"), "finite_number"),
        # The tools' inputs are strict: a number sent as text is refused before its value is read.
        ("nan", "float_type"),
        ("1e309", "float_type"),
    ],
)
def test_the_plugin_refuses_an_amount_that_is_not_finite_as_such(value, reason):
    from pydantic import ValidationError

    from assistant.plugin import CritiqueInput

    with pytest.raises(ValidationError) as refused:
        CritiqueInput(text="They offered 66,000.", offer=value)
    assert refused.value.errors()[0]["type"] == reason
