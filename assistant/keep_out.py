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
        r"don'?t|don’t|do not|doesn'?t|doesn’t|does not|never|no need to|no point(?: in)?|"
        r"shouldn'?t|mustn'?t|without",
        r"mention|mentioning|say|saying|tell|telling|bring up|bringing up|talk about|"
        r"reveal|revealing|share|sharing|raise|let (?:her|him|them) know|include|including|"
        r"need to know",
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
# Words of a clause a keep-out points back to that say nothing private, and that a line the
# user wants carried needs ("Could you please…", "as agreed").
_PLAIN = frozenset(
    "could would should might must more less much many very agreed agree said told think "
    "thought want wanted have having been being going still though".split()
)


def _content_words(text: str) -> list[str]:
    return [
        word
        for word in re.findall(r"[^\W\d_]{4,}", text.lower())
        if word not in _COMMON and word not in _GENERIC
    ]


# Where the words a keep-out points back to ("…up to 25% commission; do not include that")
# begin: the start of their clause or sentence.
_CLAUSE_START = re.compile(r"[.!?;:,(\n]\s*|\s[-–—]\s+")
# A keep-out whose object only points back: "don't say that", "DONT say that)", "don't mention
# them", "do not include any of this".
_POINTS_BACK = re.compile(
    r"^\W*(?:(?:him|her|them|anyone|anybody|the \w+)\s+)?"
    r"(?:(?:any of |anything about |all of )?(?:that|this|it|them|those|these)\b)?"
    r"(?:\W+(?:now|either|though|tho|pls|please|ok|okay|thanks|ta))*\W*$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d[\d.,]*\d%?|\d%")  # one bare digit says too little ("2 follow spots")


def _pointed_to(situation: str, at: int) -> tuple[int, int]:
    """Where what a keep-out with no object of its own points back to lies: the text before
    it in its sentence, or the sentence before when it starts one ("…5% royalty. Don't say
    it."); an empty span when there is nothing."""
    starts = [0, *(m.end() for m in _CLAUSE_START.finditer(situation, 0, at) if m.end() <= at)]
    end = at
    # back over pieces that say nothing ("…5% royalty, no more, but there's no point saying
    # that"): the nearest piece with a word or a number in it
    for start in reversed(starts):
        piece = situation[start:end]
        if set(_content_words(piece)) - _PLAIN or _NUMBER.search(piece):
            return start, end
        end = start
    return 0, 0


def private_words(situation: str, language: Language) -> list[str]:
    """The content words of what the user says not to mention, lowered, in order; for
    "don't say that", the words of what "that" points back to."""
    words: list[str] = []
    matches = list(_PATTERNS[language].finditer(situation))
    if not matches:  # most situations keep nothing out: nothing to compare against
        return words
    # What the user says outside every keep-out: an ordinary word they use there too ("Don't
    # mention my father pays my rent" beside "the normal deposit and monthly rent") is the
    # deal's, not the secret's; a name or a number they keep out stays private wherever else
    # it stands.
    outside = " ".join(
        situation[start:end]
        for start, end in zip(
            [0, *(m.end() for m in matches)],
            [*(m.start() for m in matches), len(situation)],
            strict=True,
        )
    )
    elsewhere_too = set(_content_words(outside))
    for match in matches:
        if _POINTS_BACK.match(match["what"]):  # "do not include that": what "that" is
            start, end = _pointed_to(situation, match.start())
            pointed = situation[start:end]
            # the words the clause shares with the rest of the situation are not its secret
            # ("…8% royalty on gross… we could stretch to a 5% royalty")
            elsewhere = set(_content_words(situation[:start] + " " + situation[match.end() :]))
            said = [
                word
                for word in _content_words(pointed)
                if word not in _PLAIN and word not in elsewhere
            ] + _NUMBER.findall(pointed)
        else:
            kept = _content_words(match["what"])
            # the thing kept out ("the rescue", "my father", "Kingsway") and any name stay
            # private; the words that explain it are public where the user says them anyway
            named = {word.lower() for word in re.findall(r"\b[A-Z][^\W\d_]{3,}", match["what"])}
            said = [
                word
                for index, word in enumerate(kept)
                if index == 0 or word not in elsewhere_too or word in named
            ] + _NUMBER.findall(match["what"])
        words += [word for word in said if word not in words]
    return words


def keeps_out(sentence: str, language: Language) -> bool:
    """Whether the sentence tells the draft not to mention something."""
    return language in _PATTERNS and _PATTERNS[language].search(sentence) is not None
