"""What an exit message carries from the user's own situation: what the deal is for ("the
car"), what they still ask the other side for (copies, a statement, the deposit back), what they still offer (a paid
session instead, a later date), when something ends, and the name to sign with.

Only the user's words are carried, cut from their sentences and turned to face the other
side ("I need copies of my x-rays" becomes "Could you please send me copies of my
x-rays?"). A phrase that names the user's limit, a rival offer or a hostile word is left
behind: a draft never leaks, invents or burns.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
_ACTS = (
    r"send|provide|return|give|forward|share|refund|confirm|cancel|close|email|mail|release|"
    r"transfer|waive|remove|delete|keep|hold"
)
_ASK = re.compile(
    r"\b(?:I|we)(?:'d| would)? (?:still |also |really )?(?:like|want|need|ask(?:ed)?(?: them| you| him| her)? for|"
    r"request(?:ed)?|expect)\s+(?:them |you |him |her )?(?P<to>to )?(?P<what>.+)",
    re.IGNORECASE,
)
# What one asks to be sent or given back: documents, records, money. Anything else a user
# "needs" ("a car that works", "to think") is theirs to say, not the draft's.
_DELIVERABLE = re.compile(
    r"\b(cop(y|ies)|statement|records?|documents?|receipts?|invoices?|refund|deposit|x-?rays?|"
    r"reports?|files?|contract|quote|estimate|breakdown|itemi[sz]ed|confirmation|reference|"
    r"letter|paperwork|certificates?|keys?|data|notes|results|scans?|photos|proof|in writing)\b",
    re.IGNORECASE,
)
# An offer to leave is the message itself, not something kept on the table.
_LEAVING = re.compile(r"\b(walk|leave|decline|say no|pass|step (back|away)|cancel|end)\b", re.I)
_PLEASE = re.compile(rf"\bplease (?P<what>(?:{_ACTS})\b.+)", re.IGNORECASE)
_OFFER = re.compile(
    r"\b(?:I|we)(?:'m| am|'d| would| are|'re|'d be| would be)? (?:still |also |really )?"
    r"(?:happy|glad|open|willing|keen) to (?P<what>.+)",
    re.IGNORECASE,
)
_ENDS = re.compile(
    r"\b(?:my|our|the) (?P<thing>lease|contract|subscription|membership|plan|agreement|term|"
    r"tenancy|trial|licen[cs]e|policy|rental) (?P<verb>ends|expires|runs out|is up|finishes) "
    r"(?P<when>(?:in|on|at the end of|by) [\w ,]+?)(?=[,.;!?]|$| and | so | but )",
    re.IGNORECASE,
)
_SENDER = re.compile(
    r"\b(?i:sign(?:ed)?(?: it| off| the \w+)? (?:as|with)|my name is)\s+"
    r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
)
# What the deal is for: "wants 23,500 for the car" -> "the car".
_ITEM = re.compile(
    r"\b(?:wants|asks|asking|offers?|offered|quoted?|charges?|charging|selling|sells|pay|paying)\b"
    r"[^.!?;]{0,40}?\bfor (?P<item>(?:the|my|our|this|that|his|her|their) [a-z][\w-]*"
    r"(?: (?!and\b|but\b|with\b|because\b|so\b|to\b|in\b|on\b|at\b|from\b|if\b|or\b|by\b)[a-z][\w-]*)?)"
)
# Where a carried phrase stops: the reason or the aside after it is the user's, not theirs.
_TAIL = re.compile(
    r"\s*(?:,\s|;| because | since | so | but | though | although | before | after | when | if | "
    r"as | - | — ).*$"
)


# Who the message is for, when the user names them beside their role ("my landlord Mr.
# Ruiz", "Marco, the dealer", "the recruiter, Priya") or by title: a capitalised word alone
# might be a company, a day or a place, so a name is taken only with one of these.
_ROLES = (
    r"dealer|salesman|saleswoman|salesperson|sales rep|seller|buyer|landlord|landlady|"
    r"property manager|recruiter|hiring manager|manager|boss|agent|broker|realtor|"
    r"contractor|builder|plumber|electrician|roofer|supplier|vendor|client|customer|owner|"
    r"rep|representative|planner|photographer|caterer|florist|coordinator|director|coach|"
    r"principal|dentist|doctor|lawyer|accountant|consultant|investor|partner|publisher|"
    r"editor|producer|promoter|organi[sz]er|tenant|employer|HR person|account manager|"
    r"neighbou?r|friend|cousin|brother|sister|uncle|aunt|mechanic|trainer|tutor|designer"
)
_TITLED = r"(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.? [A-Z][\w'’-]+"
_PERSON = rf"(?:{_TITLED}|[A-Z][a-z][\w'’-]*(?: [A-Z][a-z][\w'’-]+)?)"
_COUNTERPART = re.compile(
    rf"(?i:\b(?:the|my|our|their|his|her) (?:{_ROLES}))(?: \(|,? )(?P<after>{_PERSON})|"
    rf"\b(?P<before>{_PERSON}),? (?i:(?:the|my|our) (?:{_ROLES}))\b|"
    rf"\b(?P<titled>{_TITLED})"
)
_NOT_NAMES = re.compile(
    r"^(?:I|I'm|We|They|He|She|It|The|This|That|And|But|So|Then|Also|Today|Tomorrow|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Hi|Hello|Dear|Thanks)\b"
)


def read_counterpart(situation: str, sender: str | None = None) -> str | None:
    """The counterpart's name as the user wrote it beside a role or a title; None when
    the situation names nobody that way."""
    for match in _COUNTERPART.finditer(situation):
        name = next(g for g in (match["after"], match["before"], match["titled"]) if g)
        name = name.rstrip("'’-")
        if not _NOT_NAMES.match(name) and name != sender:
            return name
    return None


class Specifics(BaseModel):
    asks: list[str] = Field(default_factory=list)  # "Could you please ...?"
    offers: list[str] = Field(default_factory=list)  # "I'd still be glad to ..."
    ends: list[str] = Field(default_factory=list)  # "the lease ends in June"
    item: str | None = None  # what the deal is for: "the car"
    sender: str | None = None

    def lines(self) -> list[str]:
        """The sentences a draft adds, in the order a reader needs them."""
        return (
            [f"As the {end}, I won't be continuing after that." for end in self.ends[:1]]
            + [f"I'd still be glad to {offer}." for offer in self.offers[:2]]
            + [f"Could you please {ask}?" for ask in self.asks[:2]]
        )


def _phrase(raw: str) -> str:
    phrase = _TAIL.sub("", raw.strip()).strip().rstrip(".!?:")
    return phrase if 2 <= len(phrase.split()) <= 20 else ""


def read_specifics(situation: str, unsafe: re.Pattern[str] | None = None) -> Specifics:
    """The specifics of a situation; a phrase `unsafe` matches (a limit, a rival offer, a
    hostile word) is never carried."""
    found = Specifics()
    for sentence in _SENTENCES.split(situation):
        if (end := _ENDS.search(sentence)) is not None:
            found.ends.append(f"{end['thing'].lower()} {end['verb']} {end['when'].strip()}")
        if (offer := _OFFER.search(sentence)) is not None:
            what = _phrase(offer["what"])
            if not _LEAVING.search(what) and not re.search(r"\d", what):
                found.offers.append(what)
        if (ask := _ASK.search(sentence) or _PLEASE.search(sentence)) is not None:
            what = _phrase(ask["what"])
            acts = re.match(rf"(?:{_ACTS})\b", what, re.IGNORECASE)
            if _DELIVERABLE.search(what) and (acts or not ask.groupdict().get("to")):
                found.asks.append(what if acts else f"send me {what}")
        if found.sender is None and (sender := _SENDER.search(sentence)) is not None:
            found.sender = sender["name"]
        if found.item is None and (item := _ITEM.search(sentence)) is not None:
            found.item = item["item"]
    keep = lambda phrases: [  # noqa: E731
        p for p in dict.fromkeys(phrases) if p and not (unsafe and unsafe.search(p))
    ]
    found.asks, found.offers, found.ends = keep(found.asks), keep(found.offers), keep(found.ends)
    if found.item and unsafe and unsafe.search(found.item):
        found.item = None
    return found
