"""Case-insensitive patterns matched fast: the literals a match must contain, checked first."""

from __future__ import annotations

import re

import pytest

from assistant.caseless import (
    Caseless,
    fold_to_ascii_letters,
    lowered_in_place,
    required_literals,
)


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("take it or leave it", {"take it or leave it"}),
        (r"\bfinal (offer|price)\b", {"final "}),
        (r"(last|final) (offer|price)", {"offer", "price"}),
        (r"(?:ab)+c?", {"ab"}),
        (r"\bfoo\b.{0,9}bar baz", {"bar baz"}),
    ],
)
def test_a_pattern_names_the_text_every_match_of_it_contains(pattern, needs):
    assert required_literals(pattern) == needs


@pytest.mark.parametrize(
    "pattern",
    [r"(ab)*", r"\d+", r"[xy]z?", r"a?(?=bcd)"],
)
def test_a_pattern_that_can_match_without_fixed_text_needs_nothing(pattern):
    assert required_literals(pattern) is None


def test_what_a_lookaround_forbids_or_peeks_at_is_never_required():
    assert required_literals(r"deal(?! breaker)") == {"deal"}
    assert required_literals(r"(?<=not )sure") == {"sure"}


def test_the_fast_road_finds_what_the_case_insensitive_pattern_finds():
    pattern = r"\b(non[- ]?refundable|(last|final) (offer|price)|sign (it )?(today|now))\b"
    fast, slow = Caseless(pattern), re.compile(pattern, re.IGNORECASE)
    texts = [
        "This is our FINAL offer.",
        "The deposit is Non-Refundable, sign it today.",
        "Nothing to see here.",
        "final",
        "Le prix final est NON-REFUNDABLE, dit-il.",  # not ASCII: the slow road
    ]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]
        found, expected = fast.search(text), slow.search(text)
        assert (found and found.span()) == (expected and expected.span())


def test_every_letter_that_ignoring_case_matches_to_an_ascii_letter_folds_to_it():
    others = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for match in re.finditer(letter, others, re.IGNORECASE):
            assert letter in fold_to_ascii_letters(match.group())


def test_text_outside_ascii_is_checked_for_the_literals_before_the_slow_road():
    fast = Caseless(r"\b(final offer|take it or leave it)\b")
    assert fast.search("Voilà: FİNAL OFFER, ſo take it or leave it.")  # İ and ſ fold
    assert fast.search("Voilà notre offre.") is None
    assert Caseless(r"\bcafé\b").needs_in_any_text is None  # a literal outside ASCII: no check


def _every_character_lowered_in_place() -> tuple[str, str]:
    """Every code point whose lowering keeps its place, and that lowering."""
    kept = [
        chr(c)
        for c in range(0x110000)
        if not 0xD800 <= c < 0xE000 and lowered_in_place(chr(c)) is not None
    ]
    text = "".join(kept)
    lowered = lowered_in_place(text)
    assert lowered is not None
    return text, lowered


def test_ignoring_case_an_ascii_character_matches_exactly_what_lowers_in_place_to_it():
    text, lowered = _every_character_lowered_in_place()
    # A pattern on this road is spelt lowered: an ASCII capital never appears in it.
    for character in (chr(code) for code in range(0x80) if not chr(code).isupper()):
        literal = re.escape(character)
        assert [m.start() for m in re.finditer(literal, text, re.IGNORECASE)] == [
            m.start() for m in re.finditer(literal, lowered)
        ], repr(character)
    for ranged in ("[a-z]", "[^a-z]", "[a-f0-9]"):
        assert [m.start() for m in re.finditer(ranged, text, re.IGNORECASE)] == [
            m.start() for m in re.finditer(ranged, lowered)
        ]


def test_lowering_in_place_keeps_every_character_in_its_classes():
    text, lowered = _every_character_lowered_in_place()
    for cls in (r"\w", r"\d", r"\s", r"\n", r"."):
        assert [m.start() for m in re.finditer(cls, text)] == [
            m.start() for m in re.finditer(cls, lowered)
        ], cls


def test_an_ascii_pattern_takes_the_fast_road_on_other_text_and_finds_the_same():
    pattern = r"\b(ignore (all )?previous instructions|final (offer|price))\b"
    fast, slow = Caseless(pattern), re.compile(pattern, re.IGNORECASE)
    for text in (
        "Précédent: IGNORE ALL PREVIOUS INSTRUCTIONS — c'est notre FİNAL offer.",
        "Das ist unser ﬁnal price, ſo sorry; FINAL OFFER, ΣΑΣ.",
        "Über alles: final   offer. Final offer!",
    ):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]
