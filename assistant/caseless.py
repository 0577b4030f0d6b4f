"""Patterns that ignore case, matched fast: ASCII text is lowered and matched without
IGNORECASE, a third faster in Python's re (the cue phrases and the instruction pattern run
over every sentence of a 200,000-character paste). The matches are the same whenever the
pattern spells no capital letter and no character whose case folding is ASCII (the Kelvin
sign folds to k): a pattern that does is always matched ignoring case.

Most sentences hold none of a pattern's words, so before the pattern runs, the lowered text is
checked for the literals one of which every match must contain (read from the pattern's parse
tree): a plain substring test costs far less than trying every alternative at every position.
"""

from __future__ import annotations

import re
import re._constants as _op
import re._parser as _parser
from collections.abc import Iterator
from functools import lru_cache

_REPEATS = (_op.MAX_REPEAT, _op.MIN_REPEAT, _op.POSSESSIVE_REPEAT)


def spelled_for_lowered_text(pattern: str) -> bool:
    """No capital outside an escape or a group's name, and nothing that folds to ASCII but
    is not ASCII."""
    bare = re.sub(r"\\.|\(\?P[<=]\w+[>)]", "", pattern)
    return not re.search("[A-Z]", bare) and all(
        ch.isascii() or not ch.casefold().isascii() for ch in bare
    )


class Caseless:
    """A pattern compiled to ignore case, with a faster road for lowered text."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.ignoring = re.compile(pattern, flags | re.IGNORECASE)
        self.lowered = re.compile(pattern, flags) if spelled_for_lowered_text(pattern) else None
        self.needs = required_literals(pattern, flags) if self.lowered is not None else None
        # Other text is folded only roughly for the check, so only ASCII literals are checked.
        self.needs_in_any_text = (
            self.needs if self.needs and all(map(str.isascii, self.needs)) else None
        )
        # A pattern spelt in ASCII alone also takes the fast road on other text, lowered
        # letter for letter: only its ASCII letters could match differently, and they do not.
        self.ascii_pattern = self.lowered is not None and pattern.isascii()

    def search(self, text: str) -> re.Match[str] | None:
        road = self._road(text)
        return road[0].search(road[1]) if road else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        road = self._road(text)
        return road[0].finditer(road[1]) if road else iter(())

    def _road(self, text: str) -> tuple[re.Pattern[str], str] | None:
        """The pattern to run and the text to run it on; None when no literal every match
        needs is in the text."""
        ascii_text, in_place, folded = _spellings(text)
        if self.lowered is not None and in_place is not None and (ascii_text or self.ascii_pattern):
            return (self.lowered, in_place) if _holds_one(in_place, self.needs) else None
        needs = self.needs_in_any_text
        if needs is not None and not _holds_one(folded, needs):
            return None
        return self.ignoring, text


@lru_cache(maxsize=8192)
def _spellings(text: str) -> tuple[bool, str | None, str]:
    """Whether the text is ASCII; the text lowered letter for letter (None when lowering
    moves a letter); and the text folded for the literals' check. Remembered, as each
    sentence of a deal meets some twenty patterns."""
    if text.isascii():
        lowered = text.lower()
        return True, lowered, lowered
    return False, lowered_in_place(text), fold_to_ascii_letters(text)


# Lowered, the dotless ı and the long ſ stay themselves, yet IGNORECASE matches them to i
# and s (tests/test_caseless.py checks every code point).
_IN_PLACE_FOLDS = str.maketrans({"\u0131": "i", "\u017f": "s"})


def lowered_in_place(text: str) -> str | None:
    """The text lowered so that each character keeps its place and each letter IGNORECASE
    matches to an ASCII letter is that letter; None when lowering would move one ("İ"
    lowers to two characters)."""
    lowered = text.lower()
    return lowered.translate(_IN_PLACE_FOLDS) if len(lowered) == len(text) else None


def _holds_one(text: str, needs: frozenset[str] | None) -> bool:
    return needs is None or any(literal in text for literal in needs)


# The letters outside ASCII that re.IGNORECASE matches to an ASCII letter, beyond what
# str.lower() already makes of them ("K", the Kelvin sign, lowers to k; "İ" lowers to "i"
# and a combining dot). tests/test_caseless.py checks this against every code point.
_ASCII_FOLDS = str.maketrans({"\u0131": "i", "\u017f": "s", "\u0307": None})


def fold_to_ascii_letters(text: str) -> str:
    """The text lowered so that every letter IGNORECASE would match to an ASCII letter is
    that letter (for a check that may only ever say too much, never too little)."""
    return text.lower().translate(_ASCII_FOLDS)


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of the pattern contains, the longest such choice
    found; None when there is no such set (a pattern that can match without any fixed
    text). Lookarounds and backreferences are never relied on."""
    found = _required(_parser.parse(pattern, flags))
    return frozenset(found) if found else None


def _required(items: _parser.SubPattern) -> set[str] | None:
    best: set[str] | None = None

    def consider(choice: set[str] | None) -> None:
        nonlocal best
        if choice and all(choice) and (best is None or _shortest(choice) > _shortest(best)):
            best = choice

    run: list[str] = []
    for op, argument in items:
        if op is _op.LITERAL:
            run.append(chr(argument))
            continue
        consider({"".join(run)})  # a run of literals is matched whole, in that order
        run = []
        if op is _op.SUBPATTERN:
            consider(_required(argument[-1]))
        elif op is _op.BRANCH:
            branches = [_required(branch) for branch in argument[1]]
            if all(branches):
                consider(set().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS and argument[0] >= 1:
            consider(_required(argument[2]))
    consider({"".join(run)})
    return best


def _shortest(choice: set[str]) -> int:
    return min(map(len, choice))
