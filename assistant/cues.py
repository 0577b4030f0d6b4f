"""Lexical cues: the few measured phrases that state a signal outright, and the checks
that take a phrase from the user's deal (negation, whose words they are, a sign answered).

The phrases are named data in `assistant/data/cues.yaml`, kept by training/cue_audit.py
only where they were right on text they were not written from. Generalising is the
tagger's job (assistant/tagger.py): no phrase is added here to fit a case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from assistant.caseless import Caseless

CUES_PATH = Path(__file__).parent / "data" / "cues.yaml"


@dataclass(frozen=True)
class Cue:
    """A phrase that states a signal outright, kept because it was measured to be precise
    on text it was not written from (training/cue_audit.py)."""

    id: str
    signal: str
    language: str
    pattern: str
    weight: float
    why: str


@cache
def load_cues(path: Path = CUES_PATH) -> tuple[Cue, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(Cue(**entry) for entry in data.get("cues", []))


@cache
def _patterns() -> dict[str, list[str]]:
    by_signal: dict[str, list[str]] = {}
    for cue in load_cues():
        by_signal.setdefault(cue.signal, []).append(cue.pattern)
    return by_signal


@cache
def _any_cue(signal: str) -> Caseless:
    """All of a signal's cues as one pattern, compiled on first use."""
    return Caseless("|".join(_at_a_word(pattern) for pattern in _patterns()[signal]))


@cache
def _each_cue(signal: str) -> list[re.Pattern[str]]:
    return [compile_cue(pattern) for pattern in _patterns()[signal]]


def compile_cue(pattern: str) -> re.Pattern[str]:
    return re.compile(_at_a_word(pattern), re.IGNORECASE)


def _at_a_word(pattern: str) -> str:
    """A cue that opens with a word starts where a word does: "nagging" is not in "snagging"."""
    return rf"\b(?:{pattern})" if re.match(r"\(?[^\W\d_]", pattern) else f"(?:{pattern})"


NEGATION = re.compile(
    r"\b(no|not|never|without|didn'?t|wasn'?t|weren'?t|isn'?t|aren'?t|don't|doesn'?t|nobody|none|zero)\b"
    r"(?:[^\w,;:]+\w+){0,3}[^\w,;:]*$",
    re.IGNORECASE,
)

# Words just before a cue that take it from the user's deal, by signal. "He'd tell other
# clients...", "asked if we'd had other offers": the other side speaking of others is not an
# alternative the user holds.
_NOT_THE_USERS: dict[str, re.Pattern[str]] = {
    # "I won't move for anything under 44k" is the user's own floor.
    # ("we" stays: the other side speaks as "we" in the messages users paste.)
    # "He said I shouldn't push my luck" reports their words, so it still counts.
    "take_it_or_leave_it": re.compile(
        r"^(?![^.;]*\b(said|says|told (me|us)|tells (me|us))\b)[^.;]*\bi\s*$", re.IGNORECASE
    ),
    # What the other side keeps ("they'd keep 70% of the sales") is their term, not a
    # concession the user makes.
    "extreme_concessions": re.compile(
        r"\b(they|he|she)('d| would| will|'ll)? (keep|keeps|take|takes)\s*$|"
        # "the label owns the masters forever", "lets head office take 10% of our revenue"
        r"\b(they|he|she|the \w+( \w+)?) (owns?|retains?)\b[^.;]{0,50}$|"
        r"\b(lets|allows) (him|her|them)\b[^.;]{0,40}$|\b(lets|allows|gives)\b[^.;]{0,30}\b(take|keep)\s*$",
        re.IGNORECASE,
    ),
    "has_alternatives": re.compile(
        r"\b(tell|tells|telling|warn|warns|warned)\b[^.;]{0,20}$|"
        r"\b(he|she|they)('s|'ve| has| have)? (already )?(bought|found|got|signed for|moved to)\b[^.;]{0,10}$|"
        r"\b(open|opens|opening|build|builds|building)\s*$|"
        r"\b(ask|asks|asked|asking) (me |us )?(if|whether)\b[^.;]{0,35}$|"
        r"\b(he|she|they|the \w+( \w+)?) (mentioned|said|says|claims?|claimed|hinted) (that )?(\w+ ){0,2}$|"
        # "we have until tonight to beat their offer": the rival is theirs, the race is ours.
        r"\b(we|i) (have|need|must|'ve got)\b[^.;]{0,30}\bto\s*$|"
        # "if we want changes we can find another printer": their dismissal, not our option.
        r"\bif (we|you|i) (want|don'?t like)\b[^.;]{0,40}\bcan\s*$|"
        # "or they'll go with the other candidate": their rival, not the user's option.
        r"\b(they|he|she)('ll| will|'d| would) (go with|pick|choose|hire|move on to)( the| a)?\s*$|"
        # "the price doubles if we get other quotes": their threat, not the user's option.
        r"\b(by|for|if we|if i|if you|unless we|unless i) (getting|get|asking for|ask for|seeking)\s*$",
        re.IGNORECASE,
    ),
    # "I've waived the setup fee": a fee the user gives up is a concession, not a hidden cost.
    "hidden_costs": re.compile(
        r"\b(waived|waive|waiving|dropped|scrapped|absorbed|covered)\s+(the|our|my|their)\s*$", re.I
    ),
    # "When I paused, he said ...": the user's own pause is not the other side hesitating.
    "counterparty_hesitation": re.compile(r"\b(when|while|as|after|if|because) (i|we)\s*$", re.I),
}

# A sentence that, unless negated, answers a signal's cues, by signal. "They sent the service
# charges up front": a cost told before the deal is not hidden.
_ANSWERED: dict[str, Caseless] = {
    # A buyer calling to ask whether it is still for sale is keen, not pushing.
    "high_pressure_sales": Caseless(
        r"\b(asking|asked|asks) (me )?(whether|if) (it'?s|it is|the \w+ is) still "
        r"(available|for sale|free|on the market)\b"
    ),
    "hidden_costs": Caseless(
        r"\b(sent|gave|showed|listed|explained|mentioned|told (me|us) about|disclosed|included|flagged)\b"
        r".{0,60}\b(up ?front|in advance|beforehand|before (i|we) (signed|agreed|booked|paid)|"
        r"before (doing|starting) (the|any) work)|"
        r"\b(bill|invoice|total|price)\b.{0,20}\b(matched|was exactly|came to exactly|was the same as)\b"
        r".{0,20}\b(the )?(quote|quoted|estimate|agreed)"
    ),
}


def _counts(signal: str, sentence: str, match: re.Match[str]) -> bool:
    before = sentence[: match.start()]
    not_the_users = _NOT_THE_USERS.get(signal)
    return not NEGATION.search(before) and not (not_the_users and not_the_users.search(before))


# A sentence that, unless negated, vouches for the deal as it stands: "the invoice matched
# the quote", "the fees are in writing", "which is what I hoped". Written from the clean
# deals that first-sight reads took for warning signs (13 of 20 in 680 dev cases, one lost);
# on the next fresh batch (j6-) one case right that was wrong, none the other way.
_VOUCHES = Caseless(
    r"\b((confirmed|explained|put|set out|listed|agreed|are|is|was|were)\b[^.;]{0,60}\bin writing|"
    r"(accepted|agreed to|matched) (my|our) (\w+ )?(rate|price|terms|offer|counter(offer)?|request|ask)|"
    r"(invoice|bill|price|total|offer|it|they|the lease|the contract|the quote) (matched|matches)|"
    r"(that'?s|that is|which is|it'?s|it is) (exactly )?what (we|i) "
    r"(agreed|hoped|wanted|asked for|were quoted|was quoted)|"
    r"as (discussed|agreed)|(is|are) refundable|lists? every (cost|fee|charge)|"
    r"answered (every|all (my|our)) questions?|(a )?clear (contract|quote)|exactly that|"
    r"above what (i|we) (wanted|asked for)|"
    r"(price|rate|fee|rent) (is|stays|stayed) the same|"
    r"(offers?|offered|pays?|paid|agreed to) (the )?(full )?asking price|"
    r"(is|are) (the one|what) (in|on) (her|his|their|the) (letter|quote|website|advert|contract|listing)|"
    r"is what (their|the|his|her) (website|advert|listing|letter|quote) (says|said))\b"
)


# "They won't put it in writing": a refusal just before the words that would vouch.
_REFUSED = re.compile(
    r"\b(won'?t|can'?t|cannot|wouldn'?t|refuses? to|refused to)\b(?:[^\w,;:]+\w+){0,3}[^\w,;:]*$",
    re.IGNORECASE,
)


def vouches_for_the_deal(sentence: str) -> bool:
    """Whether the sentence says, unnegated, that the deal is as agreed ("the bill matched")."""
    return _said_unnegated(_VOUCHES, sentence, _REFUSED)


def answered(signal: str, sentence: str) -> bool:
    """Whether the sentence itself answers the signal ("they listed the fees up front")."""
    pattern = _ANSWERED.get(signal)
    return pattern is not None and _said_unnegated(pattern, sentence)


def _said_unnegated(
    pattern: Caseless, sentence: str, also_negating: re.Pattern[str] | None = None
) -> bool:
    sentence = sentence.replace("’", "'").replace("‘", "'")
    said = pattern.search(sentence)
    if not said:
        return False
    before = sentence[: said.start()]
    return not (NEGATION.search(before) or (also_negating and also_negating.search(before)))


def cue_matches(signal: str, sentence: str) -> list[re.Match[str]]:
    """Matches of the signal's cues that are not negated just before them (the first one
    found, which is all the engine needs; every one when the first pass finds only negated)."""
    # Phones and word processors type ’ for the apostrophe the patterns spell '.
    sentence = sentence.replace("’", "'").replace("‘", "'")
    if signal not in _patterns() or answered(signal, sentence):
        return []
    found = list(_any_cue(signal).finditer(sentence))
    counted = [match for match in found if _counts(signal, sentence, match)]
    if counted or not found:
        return counted
    # The one-pattern pass takes the leftmost cue; a negated one may hide another that counts.
    return [
        match
        for pattern in _each_cue(signal)
        for match in pattern.finditer(sentence)
        if _counts(signal, sentence, match)
    ]


def counted_matches(signal: str, pattern: re.Pattern[str], sentence: str) -> list[re.Match[str]]:
    """One pattern's matches that count for the signal in this sentence (what the audit
    measures, with the same checks as cue_matches)."""
    sentence = sentence.replace("’", "'").replace("‘", "'")
    if answered(signal, sentence):
        return []
    return [match for match in pattern.finditer(sentence) if _counts(signal, sentence, match)]
