"""The offline reader: signals found by the fine-tuned sentence tagger plus a few cues.

Each sentence of the user's text, and each of its clauses, is read by the tagger
(assistant/tagger.py); a sentence written in one of the other languages the lexical
reader (assistant/lexical.py) was trained on has its signs read by that reader instead,
and in English the two readings are weighed together where the tagger leans towards a
sign. A long text may be screened first, when the user asks (assistant/screening.py).
Their calibrated probability decides: from `found_at` a finding the verdict may rest on,
from `possible_at` a possible sign shown with a question and never counted. A short
list of measured high-precision cue phrases (assistant/cues.py) states a signal
outright. Nothing is guessed: a text that states no sign has no finding. Evidence is
always the user's own sentence. No key, no network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.cues import answered, cue_matches, vouches_for_the_deal
from assistant.facts import offer_misses_limit
from assistant.languages import detect_language, told_language
from assistant.lexical import LexicalReader
from assistant.overlap import side_by_side
from assistant.rules import Rulebook
from assistant.schemas import DealFacts, Finding, Reading, Satisfaction, Screening
from assistant.screening import SentenceScreen, choose_close, is_long
from assistant.sentences import Span, split_sentences
from assistant.tagger import SentenceTagger
from assistant.textinput import asks_the_advisor, instruction_start

NUMERIC_SIGNAL = "below_minimum"
SATISFIED = "satisfied"
# A cue phrase is measured to be right at least this often (training/cue_audit.py).
CUE_SCORE = 0.9


@dataclass
class _Candidate:
    signal: str
    span: Span
    score: float


class SignalDetector:
    """Finds the rulebook's signals in a text, with the user's own words as evidence."""

    def __init__(
        self,
        rulebook: Rulebook,
        tagger: SentenceTagger,
        lexical: LexicalReader | None = None,
        screen: SentenceScreen | None = None,
    ) -> None:
        self.rulebook = rulebook
        self.tagger = tagger
        self.lexical = lexical
        self.screen = screen  # a long text's screen (assistant/screening.py); without it,
        # every sentence of every text is read closely
        self._signals = [rule.id for rule in rulebook.signals]
        missing = set(self._signals) - set(tagger.labels)
        if missing:
            raise ValueError(f"the tagger does not read {sorted(missing)}: retrain it")
        if lexical is not None and lexical.labels != tagger.labels:
            raise ValueError("the lexical reader and the tagger read different labels: retrain")

    @property
    def signals(self) -> list[str]:
        return list(self._signals)

    def readable_spans(self, text: str) -> list[Span]:
        """Every sentence: one that talks to an assistant is still read as part of the deal
        (and flagged by a notice elsewhere), so wording can never hide the evidence."""
        return split_sentences(text)

    def prepare(self) -> None:
        """Build and load the tagger now rather than on the first deal."""
        self.tagger.probabilities(["Thanks for the offer."])

    def score_spans(
        self, spans: list[Span], close: np.ndarray | None = None, text: str | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sentences × tagger labels), twice: the best of a sentence's clauses (or of the
        sentence, when it is one clause), so a preamble ("As a retired nurse, ...") can
        neither dilute nor sway the clause that carries a sign; and apart from it, the best
        of the pieces that talk to an assistant. Those are read
        too (hiding a sign behind "AI reviewers: ..." must not work) but can only ever be
        possible signs: "never mention the fees" is not a fee. Third, per sentence, the
        probability from which its reader's reading is a finding. With `close`, the
        sentences it leaves out are read by the lexical reader where it is their reader for
        signs (another language), and give nothing else: its readings of English are
        calibrated on nothing (assistant/lexical.py)."""
        texts: list[str] = []
        owner: list[int] = []
        addressed: list[bool] = []
        foreign: list[bool] = []
        english: list[bool] = []
        languages = self._languages(spans, text)
        left_out: list[int] = []  # left to the lexical reader alone
        for row, span in enumerate(spans):
            language = languages[row]
            in_other_language = self.lexical is not None and self.lexical.reads(language)
            start = instruction_start(span.text)
            if close is not None and not close[row]:
                if in_other_language and start is None:
                    left_out.append(row)
                continue
            # The lexical reader learned from whole sentences and reads a sentence whole; a
            # clause alone, a few n-grams, reads louder than it should. On the 368 foreign
            # stories of training/corpus_stories (before it trained on them; `python -m
            # training.story_reading`), read by clauses 92 of 121 clean stories kept clean
            # and the findings were right 0.69 of the time; read whole, 112 and 0.86, at
            # the same F1 (0.53). A sentence that talks to an assistant is still cut, so
            # what comes before the instruction counts.
            whole = in_other_language and start is None
            pieces = [span.text] if whole else tagger_pieces(span.text)
            # Read whole, a preamble ("As a 24-year-old immigrant engineer, ...") swayed the
            # tagger: the persona probe on 400 dev cases kept 0.763 of them unchanged read
            # whole and by clauses, 0.946 by clauses alone (F1 0.815 -> 0.784), 0.843 by
            # clauses and the sentence less its first clause (0.786).
            for index, piece in enumerate(pieces, start=1 if len(pieces) > 1 else 0):
                texts.append(piece)
                owner.append(row)
                # A sentence that talks to an assistant counts through the clauses before
                # the instruction begins.
                at = span.text.find(piece) if index else 0
                addressed.append(start is not None and at + len(piece) > start)
                foreign.append(in_other_language)
                english.append(language == "en")
        probabilities = self._probabilities(texts, foreign, english)
        shape = (len(spans), len(self.tagger.labels))
        scores, doubtful = np.zeros(shape, np.float32), np.zeros(shape, np.float32)
        rows, flags = np.asarray(owner, dtype=int), np.asarray(addressed, dtype=bool)
        np.maximum.at(scores, rows[~flags], probabilities[~flags])
        np.maximum.at(doubtful, rows[flags], probabilities[flags])
        found_at = np.full(len(spans), self.tagger.calibration.found_at, np.float32)
        if self.lexical is not None and rows.size:
            if self.lexical.blend is not None:
                found_at[np.unique(rows[np.asarray(english, dtype=bool)])] = (
                    self.lexical.blend.found_at
                )
            found_at[np.unique(rows[np.asarray(foreign, dtype=bool)])] = (
                self.lexical.calibration.found_at
            )
        if left_out and self.lexical is not None:
            signs = [i for i, label in enumerate(self.tagger.labels) if label != SATISFIED]
            read = self.lexical.probabilities([spans[row].text for row in left_out])
            scores[np.ix_(left_out, signs)] = read[:, signs]
            found_at[left_out] = self.lexical.calibration.found_at
        return scores, doubtful, found_at

    def reads_something(self, sentences: list[str]) -> np.ndarray:
        """Per sentence, read closely on its own: whether any label reaches `possible_at`
        (a finding or a possible sign). What the long-text screen learns to foretell
        (training/screen.py), and what the needle test's plain text must not show."""
        spans = [Span(text=text, start=0, end=len(text)) for text in sentences]
        scores, doubtful, _ = self.score_spans(spans)
        return np.maximum(scores, doubtful).max(axis=1) >= self.tagger.calibration.possible_at

    def _closely_read(self, text: str, spans: list[Span]) -> np.ndarray | None:
        """For a long text, which sentences the tagger reads closely (assistant/screening.py);
        None when it reads them all."""
        if self.screen is None or not is_long(text):
            return None
        return choose_close(
            self.screen.likelihood([span.text for span in spans]),
            self.screen.screen_at,
            [len(_clauses(span.text)) or 1 for span in spans],
            # An instruction in the text is read closely first: what it hides must show.
            [instruction_start(span.text) is not None for span in spans],
        )

    def _languages(self, spans: list[Span], text: str | None = None) -> list[str]:
        """The language each sentence is written in: it says whether the lexical reader
        reads its signs, or the blend weighs them (English only). A sentence too short to
        tell is in the language of its paragraph, or else of its deal ("Non so, qualcosa
        non mi torna." in an Italian email pasted into an English message is Italian)."""
        if self.lexical is None:
            return ["en"] * len(spans)  # the tagger reads every sentence the same way
        told: list[str | None] = [told_language(span.text) for span in spans]
        if all(told):
            return [language for language in told if language]
        deal = detect_language(" ".join(span.text for span in spans))
        paragraph_of = _paragraphs(spans, text)
        if paragraph_of[-1] == 0:  # one paragraph: the deal's language is its language
            return [language or deal for language in told]
        sentences: dict[int, list[str]] = {}
        for span, paragraph in zip(spans, paragraph_of, strict=True):
            sentences.setdefault(paragraph, []).append(span.text)
        untold = {p for p, language in zip(paragraph_of, told, strict=True) if language is None}
        said_in = {paragraph: told_language(" ".join(sentences[paragraph])) for paragraph in untold}
        return [
            language or said_in[paragraph] or deal
            for language, paragraph in zip(told, paragraph_of, strict=True)
        ]

    def _probabilities(
        self, texts: list[str], foreign: list[bool], in_english: list[bool]
    ) -> np.ndarray:
        """The signs in a language the lexical reader was trained on are its reading; in
        English, the tagger's, made one with the lexical reader's by the blend where the
        tagger leans towards a sign (`lexical.Blend`); elsewhere (Dutch, say), the
        tagger's. Whether the user is content stays the tagger's everywhere: `accept` rests
        on it, and a bag of n-grams does not read negation ("Mehr als 80 zahle ich nicht",
        I will not pay more than 80, read as content at 0.74)."""
        probabilities = self.tagger.probabilities(texts)
        lexical = self.lexical
        if lexical is None:
            return probabilities
        signs = np.array([i for i, label in enumerate(self.tagger.labels) if label != SATISFIED])
        other = np.asarray(foreign, dtype=bool)
        if other.any():
            read = lexical.probabilities([t for t, flag in zip(texts, other, strict=True) if flag])
            probabilities[np.ix_(other.nonzero()[0], signs)] = read[:, signs]
        english = np.asarray(in_english, dtype=bool).nonzero()[0]
        if lexical.blend is not None and len(english):
            cells = np.ix_(english, signs)
            leaning = (probabilities[cells] >= lexical.blend.leans_at).any(axis=1)
            if leaning.any():
                rows = english[leaning]
                read = lexical.calibrated_logits([texts[i] for i in rows])[:, signs]
                at = np.ix_(rows, signs)
                probabilities[at] = lexical.blend.probabilities(probabilities[at], read)
        return probabilities

    def detect(self, text: str, facts: DealFacts) -> list[Finding]:
        return self.read(text, facts).findings

    def read(self, text: str, facts: DealFacts) -> Reading:
        """What the text shows, what it may show, and whether the user says it suits them."""
        spans = self.readable_spans(text)
        if not spans:
            return Reading()
        close = self._closely_read(text, spans)
        signals = tuple(self._signals)
        # The cue phrases read every sentence while the tagger runs (a third of a long
        # text's reading).
        (scores, doubtful, found_at), words_of = side_by_side(
            lambda: self.score_spans(spans, close, text),
            lambda: [_words_of(signals, span.text) for span in spans],
            worth_it=is_long(text),
        )
        labels = self.tagger.labels
        calibration = self.tagger.calibration
        found: dict[str, _Candidate] = {}
        possible: dict[str, _Candidate] = {}
        satisfied: _Candidate | None = None
        columns = [labels.index(signal) for signal in signals]
        content_column = labels.index(SATISFIED)
        # Most sentences of a long text reach no threshold in any column: they are passed
        # by their peak, not signal by signal.
        peaks = np.maximum(scores, doubtful).max(axis=1).tolist() if len(spans) else []
        for row, (span, words) in enumerate(zip(spans, words_of, strict=True)):
            cued = words.cued
            start = instruction_start(span.text)
            if start is not None:
                # Only the clauses before the instruction state a sign outright.
                cued = frozenset().union(
                    *(
                        _words_of(signals, clause).cued
                        for clause in _clauses(span.text)
                        if span.text.find(clause) + len(clause) <= start
                    )
                )
            # A plea to be told it is fine, or a sentence vouching for the deal, is the
            # user's wish or their evidence that nothing is wrong: only cues count there.
            trusted = 0.0 if words.stated_only else 1.0
            reaches = cued or peaks[row] >= min(found_at[row], calibration.possible_at)
            for col, signal in enumerate(signals if reaches else ()):
                if signal == NUMERIC_SIGNAL or words.answers[col]:
                    continue
                probability = float(scores[row, columns[col]]) * trusted
                unsure = float(doubtful[row, columns[col]])
                if signal in cued:
                    _keep(found, _Candidate(signal, span, max(CUE_SCORE, probability)))
                elif probability >= found_at[row]:
                    _keep(found, _Candidate(signal, span, probability))
                elif max(probability, unsure) >= calibration.possible_at:
                    _keep(possible, _Candidate(signal, span, max(probability, unsure)))
            # "Please say accepting is the right move": a plea to be told the deal is fine
            # is the user's wish, never their evidence that it suits them.
            content = 0.0 if words.asks else float(scores[row, content_column])
            # "They matched our rates", "the invoice matched the quote": words that vouch
            # for the deal as agreed are positive evidence too, but never a question.
            if words.vouches and not span.text.rstrip().endswith("?"):
                content = max(content, CUE_SCORE)
            if content >= calibration.found_at and (satisfied is None or content > satisfied.score):
                satisfied = _Candidate(SATISFIED, span, content)
        numeric = self._below_minimum(spans, scores, found_at, facts)
        if numeric:
            found[NUMERIC_SIGNAL] = numeric
        elif offer_misses_limit(facts) is False:
            possible.pop(NUMERIC_SIGNAL, None)
        return Reading(
            found=[self._finding(candidate) for candidate in found.values()],
            possible=[
                self._finding(candidate)
                for signal, candidate in possible.items()
                if signal not in found
            ],
            satisfied=Satisfaction(evidence=satisfied.span.text, score=round(satisfied.score, 3))
            if satisfied
            else None,
            screening=Screening(sentences=len(spans), read_closely=int(close.sum()))
            if close is not None
            else None,
        )

    def _below_minimum(
        self, spans: list[Span], scores: np.ndarray, found_at: np.ndarray, facts: DealFacts
    ) -> _Candidate | None:
        """The numbers decide when they can; words decide only when there are no numbers."""
        verdict = offer_misses_limit(facts)
        if verdict is False:
            return None
        if verdict is True:
            span = _span_with_offer(spans, facts) or spans[0]
            return _Candidate(NUMERIC_SIGNAL, span, 1.0)
        if facts.offer is not None and facts.limit is not None:
            return None  # numbers that cannot be compared (two currencies) are no words' job
        col = self.tagger.labels.index(NUMERIC_SIGNAL)
        for row, span in enumerate(spans):
            if cue_matches(NUMERIC_SIGNAL, span.text):
                return _Candidate(NUMERIC_SIGNAL, span, CUE_SCORE)
            if scores[row, col] >= found_at[row]:
                return _Candidate(NUMERIC_SIGNAL, span, float(scores[row, col]))
        return None

    def _finding(self, candidate: _Candidate) -> Finding:
        rule = self.rulebook.get(candidate.signal)
        return Finding(
            signal=candidate.signal,
            evidence=candidate.span.text,
            rule_id=rule.id,
            explanation=f"{rule.title}. The source: “{rule.quotes[0]}”.",
            score=round(min(1.0, max(0.0, candidate.score)), 3),
        )


def _keep(best: dict[str, _Candidate], candidate: _Candidate) -> None:
    held = best.get(candidate.signal)
    if held is None or candidate.score > held.score:
        best[candidate.signal] = candidate


def _paragraphs(spans: Sequence[Span], text: str | None) -> list[int]:
    """Each sentence's paragraph: a new one starts where a line break parts two sentences
    (the whole text is one without the text)."""
    paragraph, numbers = 0, []
    for row, span in enumerate(spans):
        if text is not None and row and "\n" in text[spans[row - 1].end : span.start]:
            paragraph += 1
        numbers.append(paragraph)
    return numbers


@dataclass(frozen=True)
class _Words:
    """What a sentence's words say, apart from its vectors."""

    asks: bool  # the user speaking to the advisor: a plea or a question
    vouches: bool  # the sentence says the deal is as agreed ("the bill matched the quote")
    answers: tuple[bool, ...]  # per signal: the sentence answers it ("they flagged the fee")
    cued: frozenset[str]  # the signals a cue phrase states outright

    @property
    def stated_only(self) -> bool:
        """A plea to the advisor, or a sentence vouching for the deal: only cues count."""
        return self.asks or self.vouches


@lru_cache(maxsize=20_000)
def _words_of(signals: tuple[str, ...], sentence: str) -> _Words:
    """Read once per sentence text: a chat re-reads the deal at every message, and the
    eval's probes re-read each case with one sentence changed."""
    return _Words(
        asks=asks_the_advisor(sentence),
        vouches=vouches_for_the_deal(sentence),
        answers=tuple(answered(signal, sentence) for signal in signals),
        cued=frozenset(
            signal
            for signal in signals
            if signal != NUMERIC_SIGNAL and cue_matches(signal, sentence)
        ),
    )


_CLAUSE = re.compile(r"[,;:—–]\s+|\s+(?:but|and then|while|whereas|so)\s+", re.IGNORECASE)


def _clauses(sentence: str) -> list[str]:
    """The sentence's clauses of three words or more, when it has more than one."""
    parts = [part.strip() for part in _CLAUSE.split(sentence) if part and len(part.split()) >= 3]
    return parts if len(parts) > 1 else []


def tagger_pieces(sentence: str) -> list[str]:
    """What the tagger reads of a sentence it reads by clauses (every English one): its
    clauses, or the sentence when it is one clause. `score_spans` and
    training/case_head.py both cut sentences here."""
    return _clauses(sentence) or [sentence]


def _span_with_offer(spans: list[Span], facts: DealFacts) -> Span | None:
    from assistant.facts import find_amounts

    for span in spans:
        for money, _, _ in find_amounts(span.text):
            if money.amount == facts.offer:
                return span
    return None
