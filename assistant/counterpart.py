"""Who an exit message is for, when the form leaves the name out and the user introduces the
person only in passing: "the caretaker (Brian)", "Sue (the owner)", "Lenny from VerminGuard",
"Beth, the sales coordinator", "the secretary is Jean Whitlow", "il s'appelle Kévin",
"the deli man Arturo wants…", "Denise, who manages it", "the hay guy, Wade,", "Tell Kofi
no…", "write to painter Olga". In the seven languages.

Read from how a person is introduced, not from a list of names. A word that only looks like a
name (a day, a month, a pronoun, a word opening a sentence) is never one; an organisation's
name ("Greenway Dental") is no person to greet. When nothing reads as a person, the draft
greets nobody, which is better than greeting the wrong one.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from assistant.sentences import TITLES

# Words the training corpora's writers use in lowercase (training/common_words.py): a
# capitalised one opens a sentence or a clause, it does not name a person ("Cannot, our
# finance needs 30 days").
COMMON_WORDS_FILE = Path(__file__).resolve().parent / "data" / "common_words.json"

_NAME = r"(?-i:[A-ZÁÉÍÓÚÑÇÀÈÌÒÙÂÊÔÄÖÜ][a-záéíóúñçàèìòùâêôäöüß'’-]+)"
_FULL_NAME = rf"{_NAME}(?:\s+{_NAME})?"
_ARTICLE = r"(?:the|our|my|their|la|el|le|il|lo|o|a|der|die|de|het|mi|ma|mon|meu|minha|mio|mia)"
# Introduced with a role in brackets, or in brackets after one.
_BRACKETED = (
    rf"\b(?-i:[a-zà-ü])[\w'’-]*\s*\((?:{_ARTICLE}\s+)?(?P<in_brackets>{_NAME})\)|"
    rf"\b(?P<before_brackets>{_NAME})\s*\((?:{_ARTICLE})\s+(?-i:[a-zà-ü][a-zà-ü\s'’-]{{1,30}})\)"
)
# Said to do something, as only a person does: "Denise, who manages it", "(Rhonda runs it)".
_WHO_DOES = (
    rf"(?<![\w'’])(?P<who>{_FULL_NAME}),?\s+(?-i:who)\s+(?-i:[a-z])|"
    rf"\((?P<runs>{_FULL_NAME})\s+(?:runs|owns|manages|organi[sz]es|teaches|coaches|does)\b"
)
# After their role: "the hay guy, Wade, wants…", "the taxidermist, Martin Pryce, the chap…".
_ROLE_THEN_NAME = (
    rf"\b(?-i:[Tt]he|[Tt]heir)\s+(?-i:[a-z][\w'’-]*\s+){{0,3}}(?-i:[a-z][\w'’-]*),\s+"
    rf"(?P<after_role>{_FULL_NAME}),"
)
# Of an organisation: "Lenny from VerminGuard", "Rafa da escola de surf".
_OF = r"from|at|de|da|do|della|del|dello|vom|von|van|chez|bei"
_OF_ORGANISATION = rf"(?<![\w'’])(?<!(?-i:[A-Z])[\w'’-] )(?P<of>{_NAME})\s+(?:{_OF})\s+(?:{_ARTICLE}\s+)?(?-i:[A-ZÀ-Ü])"
# Then their role: "Beth, the sales coordinator", "Julien, le menuisier".
_APPOSED = (
    rf"\b(?P<apposed>{_NAME}),\s+(?-i:{_ARTICLE})\s+(?-i:[a-zà-ü][\w'’-]*\s+){{0,2}}(?-i:[a-zà-ü])"
)
# Named as such: "secretary is Jean Whitlow", "il s'appelle Kévin", "contact: Íñigo Garrido".
_CALLED = (
    r"\b(?:(?<=[a-z] )is|is called|is named|s'appelle|s’appelle|si chiama|se llama|se chama|"
    r"chama-se|heißt|heet)\s+"
    rf"(?P<called>{_FULL_NAME})|"
    r"\b(?i:contact|contacto|contatto|contato|ansprechpartner(?:in)?|rep|pm|ae|buyer|"
    r"coordinator|organi[sz]er|owner|referente|interlocutor(?:a)?)\s*[:(]\s*"
    rf"(?P<labelled>{_FULL_NAME})"
)
# The one who makes the offer: "Norman wants £850", "the deli man Arturo want…".
_DEAL_VERBS = (
    r"wants?|says|said|offered|has offered|quoted|keeps|is asking|asked|quiere|pide|ofrece|"
    r"veut|propose|demande|will|möchte|bietet|vuole|chiede|offre|quer|pede|oferece"
)
_OFFERING = (
    rf"(?:\b(?-i:[Tt]he|[Tt]heir|[Oo]ur|[Mm]y)\s+(?-i:(?:[a-z]+|[A-Z]{{2,4}})\s+){{1,3}})"
    rf"(?P<offering>{_NAME})\s+(?:(?:now|also|still|just)\s+)?(?:{_DEAL_VERBS})\b"
)
# Whom the user writes to: "Tell Kofi no", "a txt for Gaz", "contestarle a Toño".
_ADDRESSED = (
    r"\b(?i:tell|txt|text|msg|message|write to|reply to|contestarle a|responder (?:a|o)|"
    r"escríbele a|escribirle a|dile a|écris à|réponds à|scrivi a|rispondi a|"
    r"escreve (?:pro|para o|para a|ao|à))\s+(?:(?i:to|for)\s+)?"
    r"(?:(?!(?:her|him|them|us|me|it|our|my|the)\b)(?-i:[a-z]+\s+))?"
    rf"(?P<addressed>{_NAME})\b"
)
_INTRODUCED = re.compile(
    "|".join(
        (
            _BRACKETED,
            _CALLED,
            _APPOSED,
            _WHO_DOES,
            _ROLE_THEN_NAME,
            _OF_ORGANISATION,
            _OFFERING,
            _ADDRESSED,
        )
    ),
    re.IGNORECASE | re.MULTILINE,
)
_GROUPS = (
    "in_brackets",
    "before_brackets",
    "called",
    "labelled",
    "apposed",
    "who",
    "runs",
    "after_role",
    "of",
    "offering",
    "addressed",
)
_NOT_A_PERSON = re.compile(
    r"^(?:I|I'm|We|They|He|She|It|The|This|That|These|Those|And|But|So|Then|Also|Today|"
    r"Tomorrow|Tonight|Yesterday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|"
    r"Tue|Wed|Thu|Fri|Sat|Sun|January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Hi|Hello|Dear|"
    r"Thanks|Please|Tell|Ask|Say|Let|Make|Mention|Note|Decision|Offer|Ok|Okay|Yes|No|Hey|"
    r"Email|Text|Call|Phone|Brief|Memo|Re|Subject|From|To|Vendor|Client|Supplier|Contact|Rep|"
    r"Ich|Wir|Sie|Er|Es|Der|Die|Das|Je|Nous|Il|Elle|On|Le|La|Les|Yo|Nosotros|Ella|Él|El|Eu|"
    r"Nós|Ele|Ela|Io|Noi|Lui|Lei|Lo|Gli|Un|Una|Uno|Ein|Eine|Mi|Mein|Meine|Mon|Ma|Meu|Minha|"
    r"Mio|Mia|Hola|Bonjour|Hallo|Olá|Ciao|Buongiorno|Buenos|Gracias|Merci|Danke|Obrigado|"
    r"Obrigada|Grazie|Oye|Allora|Alors|Also|Bon|Euh|Äh|Eh|Mano|Tía|Bueno|Pues|Ok|Vale|Vamos|"
    r"Claro|Pronto|Bom|Beh|Ecco|Tja|Na|Nun|Ja|Sí|Si|Oui|Sim)$"
)


# Whom a bracket names after one of the user's own ("my daughter (Bella)", "Bella (my
# cockapoo)", "Graham (our musical director)"): family, pets and the user's own side.
_THE_USERS_OWN = re.compile(
    r"\b(?:my|our|mi|mis|mon|ma|mes|notre|nos|mein\w*|unser\w*|meu|minha|nosso|nossa|mio|mia|"
    r"nostr[oa])\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]*\)?\s*(?:\((?:\w+\s+)?)?$|"
    r"^\s*\((?:my|our|mi|mon|ma|mein\w*|unser\w*|meu|minha|mio|mia)\b",
    re.IGNORECASE,
)
# Ways that hold when the name opens a sentence, whose first word is capitalised anyway.
_SURE_AT_THE_START = frozenset(
    {"in_brackets", "before_brackets", "called", "labelled", "apposed", "who", "runs"}
)
# Ways that say outright that a word is a name: in brackets, "heißt", "contact:". German
# capitalises every noun, so only these tell a name there; elsewhere, a name told so may
# also be an ordinary word ("Sue (the owner)").
_TOLD_AS_A_NAME = frozenset({"in_brackets", "before_brackets", "called", "labelled"})
# A capitalised word just before a name read from "who": the name ends a longer one
# ("Hatch Street Roasters who offered…"), an organisation's.
_CAPITALISED_BEFORE = re.compile(r"(?-i:[A-Z])[\w'’-]*\s+$")
_PLACE_BEFORE = re.compile(
    r"\b(?:in|to|at|from|near|en|em|na|no|à|a|au|nach|im|bei|aus|da|di|per|para|pra)\s+$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _common_words() -> dict[str, frozenset[str]]:
    listed = json.loads(COMMON_WORDS_FILE.read_text(encoding="utf-8"))
    words = {language: frozenset(words) for language, words in listed.items()}
    return {**words, "any": frozenset().union(*words.values())}


def is_ordinary_name(name: str, language: str | None = None) -> bool:
    """Every word of it is ordinary: "Honestly", "Your Champagne", "Franchise Director"
    name nobody; "Father Michael" and "Coach Daniels" do."""
    return all(is_common_word(word, language) for word in name.split())


def is_common_word(word: str, language: str | None = None) -> bool:
    """An ordinary word of the language (of any, when it is not known), or the plural of
    one ("Prices from Acme")."""
    lists = _common_words()
    common = lists.get(language or "any", lists["any"])
    word = word.lower()
    return word in common or (len(word) > 4 and word.endswith("s") and word[:-1] in common)


def _plain_name_at_the_start(way: str, name: str, language: str | None) -> bool:
    """ "Tom from Wyld Cider wants the lot": a name opening a sentence, said to be of an
    organisation, when the corpora never write it as an ordinary word ("Apples from Kent"
    is no person)."""
    return way == "of" and not is_ordinary_name(name, language)


def read_introduced_name(
    situation: str, sender: str | None = None, language: str | None = None
) -> str | None:
    """The first person the user introduces in one of the ways above, or None. The
    situation's `language`, when known, says which words are ordinary ones."""
    german = language == "de"
    for found in _INTRODUCED.finditer(situation):
        way = next((group for group in _GROUPS if found[group]), None)
        if way is None or (german and way not in _TOLD_AS_A_NAME):
            continue
        name = found[way].rstrip("'’-")
        if situation[found.end(way) : found.end(way) + 1].isalpha():
            continue  # "Star" of "StarCrowd": a piece of a longer name
        before = situation[: found.start(way)]
        opens = re.search(r"(?:^|[.!?:;\n\"“—-])\s*$", before) is not None
        after = situation[found.end(way) :]
        if (
            _NOT_A_PERSON.match(name.split()[0])
            or (not german and way not in _TOLD_AS_A_NAME and is_ordinary_name(name, language))
            or name in TITLES  # "Mr", "Sra": a title alone
            or re.search(r"['’](?:ll|d|m|s|ve|re|t)$", name, re.IGNORECASE)
            or (way in ("in_brackets", "who") and _THE_USERS_OWN.search(before))
            or (way == "before_brackets" and _THE_USERS_OWN.match(after))
            or name == sender
            or (
                opens
                and way not in _SURE_AT_THE_START
                and not _plain_name_at_the_start(way, name, language)
            )
            or _PLACE_BEFORE.search(before)
            or (way == "who" and _CAPITALISED_BEFORE.search(before))
        ):
            continue
        return name
    return None
