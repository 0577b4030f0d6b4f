"""The numbers the other side files a deal under, in any language, and the draft's line
that quotes them: a message they can act on names the quote, the booking or the member
number it is about ("order #4471", "ref LP-2207", "Mitgliedsnr. HH-0719", "N° 4471").

Three readings: an English label before letters and digits ("member number 88213", "Re:
Quote Q-77812"); a label of the other languages before a number ("Nr. 4471", "n.º 371",
"Kundennummer 552190", "numéro de dossier 2291"); and, with no label, a code: capitals and
digits joined by hyphens or slashes ("LP-2207", "2024/311", "7741-0093") or two to four
capitals run into three digits or more ("INV2291"; not "U11", a team, nor "A4", a size).
Never a sum (no currency, no thousands separator), a date, a range ("100-150"), a bare
year, or a word with a number in it ("5-year", "COVID-19").
"""

from __future__ import annotations

import re

_ENGLISH_LABEL = re.compile(
    r"\b(?P<ref>(?i:member(?:ship)?|claim|order|invoice|quote|quotation|policy|account|"
    r"booking|reservation|reference|ref|case|ticket|contract|customer|client|patient|"
    r"tenancy|application|purchase order|po|job|project|file)"
    r"(?: (?i:number|no\.?|num\.?|id))?:? ?#? ?"
    r"(?!(?:19|20)\d\d\b)(?=[A-Za-z-]*\d)[A-Za-z0-9][A-Za-z0-9-]{2,}[A-Za-z0-9])\b"
)
_OTHER_LABEL = re.compile(
    r"(?P<ref>(?:\b(?i:nr|n|nº|n°|núm|num)\.?\s?[º°]?|\bN[º°]|\b[A-Za-zÄÖÜäöüß]*(?i:nummer)|"
    r"\b(?i:número|numéro|numero)(?: (?i:de|di|du|do|da) \w+)?)"
    r"\s?:?\s?(?!(?:19|20)\d\d\b)\d{3,}(?:[-/]\d+)*)\b"
)
_CODE = re.compile(
    r"(?<![\w/.,$€£¥-])"
    r"(?P<ref>(?:[A-Z]{1,4}|\d+)(?:[-/](?:[A-Z]{1,4}|\d+))+|[A-Z]{2,4}\d{3,}[A-Z]?)"
    r"(?![\w/-]|[.,]\d)"
)
_DATE = re.compile(r"\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?|\d{4}-\d{1,2}-\d{1,2}")

_LINE = {
    "en": "For reference: {}.",
    "es": "Referencia: {}.",
    "fr": "Référence : {}.",
    "de": "Zur Referenz: {}.",
    "pt": "Referência: {}.",
    "it": "Riferimento: {}.",
    "nl": "Referentie: {}.",
}


def _lowered_label(reference: str) -> str:
    """ "Member number 88213" goes on mid-sentence as "member number 88213"; "PO 4471" keeps
    its capitals."""
    label, _, rest = reference.partition(" ")
    return f"{label.lower()} {rest}" if label[1:].islower() and rest else reference


def _is_code(code: str) -> bool:
    if not any(ch.isdigit() for ch in code) or _DATE.fullmatch(code):
        return False
    groups = re.split(r"[-/]", code)
    if all(group.isdigit() for group in groups):
        if sum(map(len, groups)) < 6:
            return False
        # "100-150", "2024-2025": a range, not a code.
        if len(groups) == 2 and len(groups[0]) == len(groups[1]) and groups[0] < groups[1]:
            return False
    return True


def read_references(sentence: str, english: bool = True, codes: bool = True) -> list[str]:
    """The references in one sentence, as the user wrote them, each once; a code a label
    already carries is not said again. `codes`: unlabelled codes too (not in a sentence
    that says what to leave out, where a label is the user's word for what it is)."""
    labelled = (
        [_lowered_label(m["ref"]) for m in _ENGLISH_LABEL.finditer(sentence)]
        if english
        else [m["ref"].strip() for m in _OTHER_LABEL.finditer(sentence)]
    )
    found = [m["ref"] for m in _CODE.finditer(sentence) if codes and _is_code(m["ref"])]
    return list(
        dict.fromkeys(
            [*labelled, *(code for code in found if not any(code in ref for ref in labelled))]
        )
    )


def reference_line(references: list[str], language: str) -> str:
    return _LINE.get(language, _LINE["en"]).format(", ".join(references[:2]))
