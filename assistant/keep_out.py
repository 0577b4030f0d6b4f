"""What the user tells the draft not to mention ("don't mention the rescue", "ni se te
ocurra mencionar que mi ex…", "bitte nicht erwähnen, dass…"), in the seven languages: the
content words of what follows, kept out of every line a draft carries, like the limit.

A line the user wants carried may name the same thing in another sentence ("we've decided
to adopt a rescue instead"); keeping its words out costs at worst a line not carried, which
is better than a private fact said.
"""

from __future__ import annotations

import re

from assistant.languages import FUNCTION_WORDS, Language

# Per language: a negation, then within four words a verb of saying in the form an
# instruction takes ("don't mention", "ni se te ocurra mencionar", "non dirgli"); German and
# Dutch also put the imperative first ("Erwähne bitte nicht", "Zeg niet"). Exact forms, not
# stems: "contrato" is no "contar". "Not to mention" (besides) is no instruction.
_NEGATED_SAYING: dict[Language, tuple[str, str]] = {
    "en": (
        r"don'?t|don’t|do not|never|no need to|shouldn'?t|mustn'?t|without",
        r"mention|mentioning|say|saying|tell|telling|bring up|bringing up|talk about|"
        r"reveal|revealing|share|sharing|raise|let (?:her|him|them) know",
    ),
    "es": (
        r"no|ni|nunca|jamás|tampoco|sin",
        r"menciones|mencione|mencionen|mencionar|mencionarle|digas|diga|digan|decir|decirle|"
        r"decirles|decirlo|cuentes|cuente|contar|contarle|pongas|ponga|poner|saques|saque|"
        r"sacar|nombres|nombrar|hables|hable|hablar|comentes|comente|comentar",
    ),
    "fr": (
        r"ne|n'|n’|pas|jamais|sans",
        r"dis|dites|dire|mentionne|mentionnez|mentionner|parle|parlez|parler|évoque|évoquez|"
        r"évoquer|écris|écrivez|raconte|racontez|raconter",
    ),
    "de": (
        r"nicht|nichts|nix|kein|keine|nie|niemals|ohne",
        r"erwähnen|erwähnt|erwähne|sagen|sag|sagt|schreiben|schreib|erzählen|erzähl|nennen|"
        r"nenn|verraten|verrate|zu erwähnen|zu sagen",
    ),
    "it": (
        r"non|mai|senza",
        r"dire|dirgli|dirle|dica|dici|menzionare|menzioni|menziona|parlare|parlargli|parli|"
        r"accennare|accenni|scrivere|scrivi|raccontare|racconti|nominare|nomini",
    ),
    "pt": (
        r"não|nao|nunca|sem|nem",
        r"diga|digas|dizer|fala|fale|falar|mencione|mencionar|menciona|conte|contar|escreva|"
        r"escrever|comente|comentar",
    ),
    "nl": (
        r"niet|nooit|geen|zonder",
        r"zeggen|noemen|vermelden|vertellen|schrijven|te zeggen|te noemen|te vermelden",
    ),
}
_IMPERATIVE_FIRST: dict[Language, str] = {
    "de": r"erwähne|erwähnen sie|sag|sagen sie|schreib|erzähl|nenn|verrate",
    "nl": r"zeg|noem|vermeld|vertel|schrijf",
}
# Where what is not to be said ends: the reason the user gives for it is about the
# counterpart ("bc she's very anti-rescue"), not the secret.
_REASON = r"because|bc|cos|since|as|porque|pues|parce que|car|weil|denn|perché|poiché|omdat|want"


def _pattern(language: Language) -> re.Pattern[str]:
    negation, saying = _NEGATED_SAYING[language]
    gap = r"[^\w.!?;:()\n]+"  # between two words of one clause: never a stop or a bracket
    # Nor a comma between the negation and its verb: in "say no without offending him, and
    # tell him I'd help", the telling is not negated.
    near = r"[^\w.,!?;:()\n]+"
    negated = rf"\b(?:{negation}){near}(?:[\w'’]+{near}){{0,4}}?(?:{saying})\b"
    if language in _IMPERATIVE_FIRST:
        first = _IMPERATIVE_FIRST[language]
        negated += (
            rf"|(?:^|[.!?;:]\s*)(?:bitte\s+)?(?:{first}){gap}(?:[\w'’]+{gap}){{0,2}}?"
            rf"(?:{negation})\b"
        )
    return re.compile(
        rf"(?:{negated})(?P<what>[^.;!?\n]*?)(?=\s+(?:{_REASON})\b|[.;!?\n]|$)",
        re.IGNORECASE | re.MULTILINE,
    )


_PATTERNS = {language: _pattern(language) for language in _NEGATED_SAYING}
_COMMON = frozenset(word for words in FUNCTION_WORDS.values() for word in words)
_GENERIC = frozenset(
    "that this thing things anything something fact about them they their there what which "
    "really just also even anyway already".split()
)


def private_words(situation: str, language: Language) -> list[str]:
    """The content words of what the user says not to mention, lowered, in order."""
    words: list[str] = []
    for match in _PATTERNS[language].finditer(situation):
        for word in re.findall(r"[^\W\d_]{4,}", match["what"].lower()):
            if word not in _COMMON and word not in _GENERIC and word not in words:
                words.append(word)
    return words


def keeps_out(sentence: str, language: Language) -> bool:
    """Whether the sentence tells the draft not to mention something."""
    return language in _PATTERNS and _PATTERNS[language].search(sentence) is not None
