"""A long text's screened reading, when asked for: every sentence screened, the likeliest
read closely, the user told; with hand-set readers for the rule, and on the shipped readers
for what a user sees."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import screening
from assistant.config import Settings
from assistant.critique import critique
from assistant.detector import SignalDetector
from assistant.facts import find_amounts, parse_facts
from assistant.rules import load_rulebook
from assistant.runtime import Runtime
from assistant.schemas import DealFacts
from assistant.screening import (
    CLOSE_READING_BUDGET,
    LONG_TEXT_CHARS,
    THRESHOLD_PATH,
    choose_close,
    load_screen,
)
from tests.helpers.tagger import SetTagger
from tests.test_detector import SPANISH, SetLexicalReader, no_cues  # noqa: F401 (a fixture)

NEEDLE = "They said the offer ends tonight."
SCREEN_AT = 0.1


class SetScreen:
    """A screen whose likelihoods are set by hand, per sentence (0 for the rest)."""

    screen_at = SCREEN_AT

    def __init__(self, likely: dict[str, float]) -> None:
        self.likely = likely

    def likelihood(self, texts):
        return np.array([self.likely.get(text, 0.0) for text in texts])


def detector(tagger, lexical=None, screen=None) -> SignalDetector:
    return SignalDetector(load_rulebook(), tagger, lexical or SetLexicalReader(), screen)  # type: ignore[arg-type]


_WHICH = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_WHAT = "budget travel staffing catering parking cleaning printing training hiring audit".split()
_WHO = "board team office committee group".split()


def filler(count: int) -> list[str]:
    """Distinct minutes of meetings: no sign, no amount."""
    lines = [
        f"The {which} {who} meeting went through the {what} report as planned."
        for who in _WHO
        for what in _WHAT
        for which in _WHICH
    ]
    assert count <= len(lines)
    return lines[:count]


def long_text(sentences: list[str]) -> str:
    text = " ".join(sentences)
    assert len(text) > LONG_TEXT_CHARS
    return text


def test_the_screen_takes_the_likeliest_first_and_keeps_to_the_budget():
    likely = np.array([0.5, 0.05, 0.9, 0.3, 0.2])
    close = choose_close(likely, SCREEN_AT, pieces=[1, 1, 1, 1, 1], always=[False] * 5)
    assert close.tolist() == [True, False, True, True, True]  # all but the one under it
    big = [CLOSE_READING_BUDGET // 2] * 5
    close = choose_close(likely, SCREEN_AT, pieces=big, always=[False] * 5)
    assert close.tolist() == [True, False, True, False, False]


def test_an_instruction_in_the_text_is_read_closely_before_anything_else():
    likely = np.array([0.9, 0.0])
    close = choose_close(likely, SCREEN_AT, [CLOSE_READING_BUDGET, 1], always=[False, True])
    assert close.tolist() == [False, True]


def test_a_text_of_ordinary_length_is_read_closely_sentence_by_sentence(no_cues):  # noqa: F811
    tagger = SetTagger({NEEDLE: {"false_urgency": 0.9}})
    text = " ".join(filler(20) + [NEEDLE])
    reading = detector(tagger, screen=SetScreen({})).read(text, DealFacts())
    assert reading.screening is None and len(tagger.read) == 21
    assert [f.signal for f in reading.found] == ["false_urgency"]


def test_in_a_long_text_the_tagger_reads_what_the_screen_picks_and_finds_its_sign(no_cues):  # noqa: F811
    tagger = SetTagger({NEEDLE: {"false_urgency": 0.9}})
    sentences = filler(300)
    sentences.insert(150, NEEDLE)
    reading = detector(tagger, screen=SetScreen({NEEDLE: 0.4})).read(
        long_text(sentences), DealFacts()
    )
    assert tagger.read == [NEEDLE]
    assert [f.signal for f in reading.found] == ["false_urgency"]
    assert reading.screening is not None
    assert (reading.screening.sentences, reading.screening.read_closely) == (301, 1)


def test_without_a_screen_every_sentence_of_a_long_text_is_read_closely(no_cues):  # noqa: F811
    tagger = SetTagger({NEEDLE: {"false_urgency": 0.9}})
    reading = detector(tagger).read(long_text([*filler(300), NEEDLE]), DealFacts())
    assert reading.screening is None and len(tagger.read) == 301
    assert [f.signal for f in reading.found] == ["false_urgency"]


def test_an_english_sentence_the_budget_leaves_out_gives_nothing(no_cues, monkeypatch):  # noqa: F811
    monkeypatch.setattr(screening, "CLOSE_READING_BUDGET", 1)
    second = "They also said the price doubles at midnight."
    tagger = SetTagger({NEEDLE: {"false_urgency": 0.9}, second: {"hidden_costs": 0.9}})
    lexical = SetLexicalReader({second: {"hidden_costs": 0.9}})
    screen = SetScreen({NEEDLE: 0.9, second: 0.8})
    reading = detector(tagger, lexical, screen).read(
        long_text([NEEDLE, second, *filler(300)]), DealFacts()
    )
    assert tagger.read == [NEEDLE]
    assert [f.signal for f in reading.found] == ["false_urgency"] and reading.possible == []


def test_a_sentence_in_another_language_the_budget_leaves_out_keeps_its_own_reader(
    no_cues,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(screening, "CLOSE_READING_BUDGET", 1)
    tagger = SetTagger({NEEDLE: {"false_urgency": 0.9}})
    lexical = SetLexicalReader({SPANISH: {"take_it_or_leave_it": 0.9}})
    screen = SetScreen({NEEDLE: 0.9, SPANISH: 0.8})
    reading = detector(tagger, lexical, screen).read(
        long_text([NEEDLE, SPANISH, *filler(300)]), DealFacts()
    )
    assert tagger.read == [NEEDLE]
    assert sorted(f.signal for f in reading.found) == ["false_urgency", "take_it_or_leave_it"]


class CountingAmountReader:
    def __init__(self) -> None:
        self.windows: list[str] = []

    def amount_roles(self, windows):
        self.windows.extend(windows)
        return np.full((len(windows), 8), 1 / 8), np.full((len(windows), 3), 1 / 3)


def test_a_screened_long_text_has_at_most_the_amount_budget_read_for_roles():
    lines = [f"Line {i}: the invoice for room {i} came to {100 + i} dollars." for i in range(400)]
    text = long_text(lines)
    screened = CountingAmountReader()
    parse_facts(text, reader=screened, screened=True)
    assert len(screened.windows) == screening.AMOUNT_BUDGET
    everything = CountingAmountReader()
    parse_facts(text, reader=everything)
    assert len(everything.windows) == len(find_amounts(text)) > screening.AMOUNT_BUDGET
    short, shorter = CountingAmountReader(), " ".join(lines[:40])
    parse_facts(shorter, reader=short, screened=True)
    assert len(short.windows) == len(find_amounts(shorter)) > screening.AMOUNT_BUDGET


def test_the_shipped_screen_is_the_one_its_threshold_was_chosen_for():
    import json

    screen = load_screen()
    assert screen is not None
    chosen = json.loads(THRESHOLD_PATH.read_text(encoding="utf-8"))
    assert screen.digest == chosen["weights"] and screen.screen_at == chosen["screen_at"]
    assert chosen["test"]["kept"] >= chosen["kept_at_least"] - 0.01


@pytest.fixture
def buried_warning() -> str:
    sentences = filler(320)
    sentences.insert(
        200, "The dealer said that if I don't sign by 5pm today the price goes up by 2,000."
    )
    return long_text(sentences)


def test_asked_for_a_screened_reading_a_buried_warning_is_found_and_the_user_told(
    embedder, knowledge_store, buried_warning
):
    runtime = Runtime(
        settings=Settings(screen_long_texts=True), embedder=embedder, store=knowledge_store
    )
    result = critique(runtime, buried_warning)
    assert "false_urgency" in {f.signal for f in result.findings}
    (notice,) = [n for n in result.notices if n.code == "long_text_screened"]
    assert "WALKAWAY_SCREEN_LONG_TEXTS" in notice.text and "321 sentences" in notice.text


def test_by_default_a_long_text_is_read_closely_whole(runtime, buried_warning):
    assert runtime.get_detector().screen is None
    result = critique(runtime, buried_warning)
    assert "false_urgency" in {f.signal for f in result.findings}
    assert not [n for n in result.notices if n.code == "long_text_screened"]


def test_the_shipped_screen_reads_the_word_pieces_beside_the_spelling():
    screen = load_screen()
    assert screen is not None and screen.static is not None
    spelling, meaning, _ = screen.stack
    assert spelling > 0 and meaning > 0  # each reading counts towards the other


def test_without_the_published_weights_the_screen_reads_spelling_alone_at_its_own_threshold(
    tmp_path,
):
    import json

    load_screen.cache_clear()
    try:
        alone = load_screen(weights_dir=tmp_path / "nowhere")
    finally:
        load_screen.cache_clear()
    assert alone is not None and alone.static is None
    assert alone.screen_at == json.loads(THRESHOLD_PATH.read_text(encoding="utf-8"))["spelling_at"]
    texts = ["The dealer said the price goes up tomorrow.", "We had lunch by the river."]
    spelled = alone.likelihood(texts)
    assert spelled.shape == (2,) and ((spelled > 0) & (spelled < 1)).all()


def test_the_word_pieces_reading_of_a_sentence_is_remembered_and_the_same_each_time():
    screen = load_screen()
    assert screen is not None and screen.static is not None
    texts = [
        "Sign today or the discount is gone.",
        "The weather was fine.",
        "Sign today or the discount is gone.",
    ]
    first = screen.static.logits(texts)
    assert first[0] == first[2]
    assert "The weather was fine." in screen.static._remembered
    assert (screen.static.logits(texts[::-1]) == first[::-1]).all()
