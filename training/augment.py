"""What the tagger is trained on besides the corpus's own sentences: each sentence inside a
longer one, and each English sentence about a person told of the other gender and, where
the other side is "he", "she" or "the dealer", with a name.

No torch here, so the suite can check it without the training environment.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from training.corpus import Row

_OTHER_GENDER = {
    "he": "she", "she": "he", "him": "her", "his": "her", "hers": "his",
    "himself": "herself", "herself": "himself", "mr": "ms", "ms": "mr", "mrs": "mr",
    "guy": "woman", "lady": "guy", "man": "woman", "woman": "man", "men": "women",
    "women": "men", "guys": "women", "ladies": "guys", "sir": "madam", "madam": "sir",
    "brother": "sister", "sister": "brother", "brothers": "sisters", "sisters": "brothers",
    "mother": "father", "father": "mother", "mom": "dad", "mum": "dad", "dad": "mom",
    "son": "daughter", "daughter": "son", "sons": "daughters", "daughters": "sons",
    "wife": "husband", "husband": "wife", "boyfriend": "girlfriend", "girlfriend": "boyfriend",
    "uncle": "aunt", "aunt": "uncle", "nephew": "niece", "niece": "nephew",
    "grandma": "grandpa", "grandpa": "grandma", "boy": "girl", "girl": "boy",
}  # fmt: skip
_GENDERED = re.compile(rf"\b({'|'.join(_OTHER_GENDER)}|her)\b", re.IGNORECASE)
# "her" is "him" before these (an object: "gave her the keys", "asked her to"), else "his".
_AFTER_AN_OBJECT = re.compile(
    r"\s*(?:$|[^\w\s]|(?:the|a|an|to|that|this|it|and|or|but|if|when|because|about|for|"
    r"with|in|on|at|by|from|up|down|out|off|over|back|again|now|today|yesterday|so|"
    r"twice|once|\d)\b)",
    re.IGNORECASE,
)


def other_gender(text: str) -> str:
    """The sentence about a person of the other gender ("he said she'd regret it" -> "she
    said he'd regret it"). The corpus's writers gave "he" intimidation 15% of the time and
    "she" 3%, and guilt-tripping the other way round: with each English sentence seen both
    ways, the tagger cannot learn who is speaking instead of what is said."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower == "her":
            other = "him" if _AFTER_AN_OBJECT.match(text, match.end()) else "his"
        else:
            other = _OTHER_GENDER[lower]
        if word.isupper() and len(word) > 1:
            return other.upper()
        return other.capitalize() if word[0].isupper() else other

    return _GENDERED.sub(swap, text)


def both_genders(rows: list[Row]) -> list[Row]:
    """The English rows that name a gender, told of the other one (see other_gender)."""
    swapped = []
    for row in rows:
        if row.language != "en":
            continue
        text = other_gender(row.text)
        if text != row.text:
            swapped.append(replace(row, id=f"{row.id}~", text=text, source="other_gender"))
    return swapped


# Given names of many origins, and titles with family names. The suite's name-swap checks
# (John, Aisha, Tom, Mei, Mr. Schmidt, Ms. Okafor) are kept out, so they still measure.
NAMES = (
    "Dana", "Kofi", "Priya", "Mateo", "Ingrid", "Hiroshi", "Amara", "Luca", "Siobhan",
    "Dmitri", "Leila", "Tunde", "Camille", "Rafael", "Nadia", "Chen", "Bongani", "Elif",
    "Oscar", "Zainab", "Kenji", "Marisol", "Tomasz", "Ayesha", "Declan", "Yara", "Sunil",
    "Greta", "Emeka", "Lucia", "Arjun", "Freya", "Jamal", "Sakura", "Pavel", "Imani",
    "Diego", "Hannah", "Ravi", "Soo-jin", "Malik", "Astrid", "Vikram", "Noor", "Bruno",
    "Chloe", "Tariq", "Mia", "Femi", "Anika", "Jorge", "Ewa", "Samir", "Keiko", "Liam",
    "Ngozi", "Hugo", "Farah", "Dev", "Rosa", "Mr. Haddad", "Ms. Nakamura", "Mrs. Kowalski",
    "Mr. Adeyemi", "Ms. Lindqvist", "Mr. Romero", "Mrs. Banerjee", "Dr. Moreau",
)  # fmt: skip
_SUBJECT = re.compile(
    r"(?:^|(?<=[.;:!?,]\s))(?:[Hh]e|[Ss]he)\b|^The (?:\w+ )?(?:dealer|landlord|agent|seller|"
    r"buyer|recruiter|manager|contractor|vendor|salesman|salesperson|rep|owner|client|broker|"
    r"supplier|guy)\b"
)


def named(rows: list[Row], seed: int) -> list[Row]:
    """The English rows whose other side is "he", "she" or "the dealer", once more with a
    name in its place ("Ingrid said the price ends today"): which name it is must not move
    a reading, and the corpus names almost no one."""
    rng = random.Random(seed)
    renamed = []
    for row in rows:
        if row.language != "en" or not _SUBJECT.search(row.text):
            continue
        name = rng.choice(NAMES)
        text = _SUBJECT.sub(name, row.text, count=1)
        renamed.append(replace(row, id=f"{row.id}@", text=text, source="named"))
    return renamed


def _joined(first: str, second: str) -> str:
    """Two sentences as one, the second going on after a comma: "I've been a nurse for 30
    years, they want the deposit today." Its first letter is lowered unless it starts a
    name, an acronym or "I"."""
    second = second.strip()
    head = second.split(" ", 1)[0]
    if head[:1].isupper() and head[1:].islower() and head != "I":
        second = second[0].lower() + second[1:]
    return f"{first.strip().rstrip('.!?…;:,')}, {second}"


def in_context(rows: list[Row], seed: int) -> list[Row]:
    """Each sentence once more inside a longer one: after or before a sentence of the same
    language that shows no sign, keeping its own labels: a preamble ("As a retired nurse,
    ...") or an aside must neither add a sign nor hide one, however the runtime cuts a
    sentence into clauses. Partners come from the rows given (the training split
    only), so no calibration or test text is seen."""
    rng = random.Random(seed)
    quiet: dict[str, list[Row]] = {}
    for row in rows:
        if not row.labels:
            quiet.setdefault(row.language, []).append(row)
    everyone = [row for group in quiet.values() for row in group]
    joined = []
    for row in rows:
        partner = rng.choice(quiet.get(row.language) or everyone)
        if partner is row:
            continue
        text = (
            _joined(partner.text, row.text)
            if rng.random() < 0.5
            else _joined(row.text, partner.text)
        )
        joined.append(replace(row, id=f"{row.id}+{partner.id}", text=text, source="joined"))
    return joined
