"""What an exit message carries from the user's own situation: what the deal is for ("the
car"), what they still ask the other side for (copies, a statement, the deposit back), what they still offer (a paid
session instead, a later date), when something ends, the name to sign with, the
counterpart's name, and what the user tells the draft to say ("ask if they'd consider a
pilot", "make sure he knows I'd come back if...").

Only the user's words are carried, cut from their sentences and turned to face the other
side ("I need copies of my x-rays" becomes "Could you please send me copies of my
x-rays?"). A phrase that names the user's limit, a rival offer or a hostile word is left
behind: a draft never leaks, invents or burns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pydantic import BaseModel, Field

from assistant.coach import rule_reading
from assistant.counterpart import is_ordinary_name
from assistant.facts import find_amounts
from assistant.references import read_references, reference_line
from assistant.refunds import read_money_back
from assistant.returns import read_return
from assistant.schemas import Money
from assistant.sentences import SITUATION_BREAKS
from assistant.stance import claims_an_action
from assistant.subject import read_subject
from assistant.textinput import instruction_start

_SENTENCES = SITUATION_BREAKS
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
# "He must return the deposit": what the other side owes, asked for.
_MUST = re.compile(
    rf"\b(?:he|she|they)\s+(?:must|should|needs? to|has to|have to|owes? me)\s+"
    rf"(?P<what>(?:{_ACTS})\b.+)",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"^(?P<thing>.+?) (?P<act>returned|sent|refunded|released|forwarded|back)\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_DONE_ACTS = {
    "returned": "return", "sent": "send", "refunded": "refund", "released": "release",
    "forwarded": "forward", "back": "return",
}  # fmt: skip
# Several instructions in one sentence ("Please say X, and ask them to Y"): each is read.
_TELLING = (
    r"ask|tell|say|mention|remind|offer|request|let|make sure|"
    # what the message does, said as participles: "text her, thanking her for…, saying the
    # last walk is Friday and asking her to drop the key round"
    r"asking|telling|saying|mentioning|reminding|requesting|letting|thanking|thank|stating|"
    r"confirming|noting|adding|explaining|include|put in|add"
)
_CLAUSES = re.compile(
    rf",?\s+and\s+(?=(?:{_TELLING}|please)\b)|,\s+(?=(?:{_TELLING})\b)|;\s*", re.IGNORECASE
)
# An offer to leave is the message itself, not something kept on the table.
_LEAVING = re.compile(r"\b(walk|leave|decline|say no|pass|step (back|away)|cancel|end)\b", re.I)
_PLEASE = re.compile(rf"\bplease (?P<what>(?:{_ACTS})\b.+)", re.IGNORECASE)
_OFFER = re.compile(
    r"\b(?:I|we)(?:'m| am|'d| would| are|'re|'d be| would be)? (?:still |also |really )?"
    r"(?:happy|glad|open|willing|keen) to (?P<what>.+)",
    re.IGNORECASE,
)
_AGREEMENT = (
    r"\b(?:my|our|the) (?P<thing>lease|contract|subscription|membership|plan|agreement|term|"
    r"tenancy|trial|licen[cs]e|policy|rental) "
)
_CLAUSE_GOES_ON = r"(?=[,.;!?]|$| and | so | but | anyway)"
_MONTHS_AND_DAYS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday"
)
_ENDS = re.compile(
    rf"{_AGREEMENT}(?P<verb>ends|expires|runs out|is up|finishes|runs) "
    rf"(?P<when>(?:in|on|at the end of|end of|by|until|through) [\w ,]+?){_CLAUSE_GOES_ON}",
    re.IGNORECASE,
)
# "the contract ends April 30": English drops the "on" before a date (not before a length:
# "the term runs 12 months" is their terms). Apart from _ENDS, which the carry head reads
# as one of its features as it was trained.
_ENDS_ON_A_DATE = re.compile(
    rf"{_AGREEMENT}(?P<verb>ends|expires|finishes) "
    rf"(?P<when>(?:{_MONTHS_AND_DAYS}|\d{{1,2}}(?:st|nd|rd|th)?\b)[\w ,]*?){_CLAUSE_GOES_ON}",
    re.IGNORECASE,
)
_SENDER = re.compile(
    # "sign it as Sam", "sign off with Sam", "sign it from Jordan & Sam"; not "we've signed
    # with NetCove" (a contract)
    r"\b(?i:sign(?:ed)?(?: it| off| the \w+)? as|sign(?: it| off)? (?:with|from)|my name is)\s+"
    r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?(?: (?:&|and) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)?)"
    # The role and the organisation the user signs with: "Maya Lindqvist, PTA Treasurer,
    # Oakridge Elementary", "Elif, owner of Copper Kettle Café". No figure: never a sum.
    r"(?P<role>,[^\d.!?;\n$€£¥]{3,80}?)?(?=[.!?;]?\s*$|[.!?;]\s)"
)
# Where a carried phrase stops: the reason or the aside after it is the user's, not theirs.
_TAIL = re.compile(
    r"\s*(?:,\s|;| because | since | so | but | though\b| although | before | after | when | if | "
    r" as (?:i|we|you|he|she|they|it)\b| - | — ).*$",
    re.IGNORECASE,
)
# Where such a tail may start, each place in turn (the tail itself runs to the end).
_TAIL_START = re.compile(_TAIL.pattern.removesuffix(".*$"), re.IGNORECASE)


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
_TITLED = (
    r"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Sra|Mme|Mlle)\.?|M\.|Herr|Frau|Don|Doña|Dona|Principal|"
    r"Professor|Coach|Judge|Pastor|Father) [A-Z][\w'’-]+(?: [A-Z][a-z][\w'’-]+)?"
)
_PERSON = rf"(?:{_TITLED}|[A-Z][a-z][\w'’-]*(?: [A-Z][a-z][\w'’-]+)?)"
_COUNTERPART = re.compile(
    rf"(?i:\b(?:(?:the|my|our|their|his|her) )?(?:{_ROLES}))(?: \(|,? )(?P<after>{_PERSON})|"
    rf"\b(?P<before>{_PERSON})(?:,? (?i:the|my|our) |, )(?i:{_ROLES})\b|"
    rf"\b(?P<titled>{_TITLED})|"
    # Whom the message goes to: "text Declan", "write to Janine", "a text to the groom
    # (Ollie)", "text him (Rob)".
    r"\b(?i:text|message|e-?mail|write(?: back)? to|reply to|respond to|ring|call|phone)"
    r"(?: (?i:to))? (?:(?i:him|her|them) |(?i:the|my|our) [a-z]+ )?\(?"
    rf"(?P<addressed>{_PERSON})|"
    # "a guy called Rob", "her name's Kayleigh"
    r"\b(?i:(?:guy|man|woman|lady|bloke|someone|somebody|person|chap|fellow|girl|boy|rep|"
    r"agent|seller|buyer|client|customer|owner|manager) (?:called|named)|"
    r"(?:his|her|their) name(?:'s|’s| is)) "
    rf"(?P<called>{_PERSON})|"
    # The sender of a pasted message the user answers: "From: Derek Hollis <d.h@...>"
    rf"(?m:^)(?i:from): (?P<header>{_PERSON})"
)
_NOT_NAMES = re.compile(
    r"^(?:I|I'm|We|They|He|She|It|The|This|That|And|But|So|Then|Also|Today|Tomorrow|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Hi|Hello|Dear|Thanks|"
    r"Tell|Ask|Say|Let|Make|Mention|Note|Please|Remind|Give|Send|Call|Email|Offer|Decline)\b"
)


def read_counterpart(situation: str, sender: str | None = None) -> str | None:
    """The counterpart's name as the user wrote it beside a role or a title; None when
    the situation names nobody that way."""
    for match in _COUNTERPART.finditer(situation):
        if instruction_start(situation[: match.end()].rsplit("\n", 1)[-1]) is not None:
            continue  # words addressed to an assistant name nobody
        groups = ("after", "before", "titled", "addressed", "called", "header")
        group = next(group for group in groups if match[group])
        name = match[group].rstrip("'’-")
        # "Honestly, the owner…", "Text the caterer": an English word, not a name; a
        # title or "is called" says it is one ("Farmer Tom", "Coach Daniels").
        ordinary = group not in ("titled", "called") and is_ordinary_name(name, "en")
        if not _NOT_NAMES.match(name) and not ordinary and name != sender:
            return name
    return None


# What the user tells the assistant to say ("tell him I'd come back if...", "ask if
# they'd consider a pilot", "make sure Karen knows we'd still order the mailers"): their
# words, turned from reported speech to the message's own.
_WHO = r"(?:(?i:him|her|them|he|she|they|the \w+)|[A-Z][\w.'’-]+(?: [A-Z][\w'’-]+)?)"
# An instruction is said to the assistant: at the start of a sentence or clause, after
# "and", "but", "please", or as what the user wants to do ("I want to say", "want to
# mention"). "he didn't mention the fee" and "don't tell him the number" are no such thing.
_LEAD = (
    r"(?:^|(?<=[.;:,!?(])\s*|\b(?i:and|but|then|please|pls|also|just|so|or)\s+|"
    r"\b(?i:i|we)(?:(?i:'d|’d| would| really| also| just| do))*\s+(?i:want|like|need)\s+to\s+|"
    r"\b(?i:can|could|would) (?i:you) (?:(?i:please|pls) )?|"
    r"^(?i:want|would like|need)\s+to\s+|"
    # "write him a text saying…", "an email to Cloudnest support saying:": what the message
    # asked for is to say
    r"\b(?i:text|message|email|e-mail|note|reply|letter|msg|whatsapp)"
    r"(?: (?i:to|for) [\w'’.&-]+(?: [\w'’.&-]+){0,2})?,?\s+)"
)
_WISH = r"(?:\b(?i:i|we)(?:(?i:'d|’d| would| really| also))*\s+(?i:want|like|need)|^(?i:would like|want))"
_INSTRUCTED = [
    ("ask_if", re.compile(rf"{_LEAD}(?i:ask|asking)(?: {_WHO})? (?i:if|whether) (?P<what>.+)")),
    ("ask_to", re.compile(
        # "to" then a verb: "I want the rights to the piece back" asks nobody to do anything
        rf"(?:{_LEAD}(?i:ask|asking|get|requesting|tell|telling|remind|reminding)|{_WISH}) "
        rf"{_WHO} to "
        rf"(?!(?i:know|the|a|an|my|our|your|his|her|their|this|that|these|those)\b)(?P<what>.+)")),
    ("ask_for", re.compile(
        rf"{_LEAD}(?:(?i:ask|asking) (?:(?i:them|him|her) )?(?i:for)|(?i:requesting)) "
        r"(?P<what>.+)")),
    # "request that they release the hold": a request, in the message's own words
    ("ask_that", re.compile(
        rf"{_LEAD}(?i:request|requesting|ask|asking) (?i:that) (?i:they|he|she|you|the \w+) "
        r"(?P<what>.+)")),
    # Before saying: "add a line thanking her for…" is a thank-you, not a line to mention.
    ("thank", re.compile(
        rf"{_LEAD}(?:(?i:thanking|thank) {_WHO}|(?:(?i:put in|include|add) )?(?i:a line thanking) "
        rf"{_WHO}|(?:(?i:put in|include|add) )?(?i:our thanks|my thanks|a thank[- ]you)) (?i:for) "
        r"(?P<what>.+)")),
    ("say", re.compile(
        rf"(?:{_LEAD}(?:(?i:tell|remind|telling|reminding)(?: {_WHO})?|"
        rf"(?i:say|mention|note|add|convey|state|stress|explain|clarify|point out|emphasi[sz]e|"
        rf"saying|mentioning|noting|adding|stating|stressing|explaining|confirming|"
        rf"include|put in|add a line|put a line in|add a line saying)|"
        rf"(?i:make|be) (?i:sure) (?i:to) (?i:say|mention|add|include|note)|"
        rf"(?i:make|be) (?i:sure) (?i:it|the message|the email|the text|the letter|the note) "
        rf"(?i:says|mentions|includes)|"
        rf"(?i:let|letting|make sure) {_WHO} (?i:knows?))|{_WISH} {_WHO} to (?i:know))"
        rf"(?: (?i:that))?[ ,:]+(?P<what>.+)")),
    ("offer", re.compile(rf"{_LEAD}(?i:offer) (?P<what>.+)")),
    # "I say no, but I can give him a free review": what follows the no is the message's
    ("say", re.compile(
        r"\b(?i:say(?:ing)?|tell(?:ing)? (?:him|her|them)|declin(?:e|ing)|refus(?:e|ing)|no),? "
        r"(?i:but) (?:(?i:that) )?(?P<what>(?i:i|we|i'm|we're|i'd|we'd|i'll|we'll|my|our)\b.+)")),
]  # fmt: skip
# What every draft already thanks them for: a line saying it again adds nothing.
_THANKED_ANYWAY = re.compile(
    r"^(?:(?:your|his|her|their|the) )?(?:time|offer|proposal|quote|quotation|"
    r"getting (?:in touch|back)|reaching out|(?:the )?opportunity)\b",
    re.I,
)


def _thank_you(what: str) -> str | None:
    """The thank-you a user asks for; None for one every draft gives already."""
    return None if _THANKED_ANYWAY.match(what) else f"Thank you for {to_them(what)}."


_MODAL = re.compile(
    r"^(?:he|she|they|you|the \w+)(?:'d| would| could| can| will| might)\b ?(?P<rest>.*)", re.I
)
_PREAMBLE = re.compile(
    r"^(?:(?:no|thanks|thank you|not right now|sorry|that)\b[^.]*?(?:,? and that |,? and |,? but ))+",
    re.I,
)
# "saying we won't proceed for now", "saying I'm passing": the decline every draft says.
_BARE_DECLINE = re.compile(
    r"^(?:i|we)(?:'m|’m|'re|’re| am| are|'ll|’ll| will)?"
    r"(?: not| won't| won’t| will not| can't| cannot| am not| are not)?(?: be)?(?: going to)? "
    r"(?:proceed|go ahead|going ahead|move forward|moving forward|pass|passing|decline|declining)"
    r"\w*(?: (?:on (?:this|it|that)|for now|at this (?:time|stage)|this time|with (?:this|it|that)))*$",
    re.IGNORECASE,
)
_ONLY_THANKS = re.compile(r"^(?:no|thanks|thank you|not right now|sorry|goodbye)\b", re.I)
# A line that is its own sentence as the user put it: a pronoun or "the …" subject, or a
# condition ("if you get the frame checked").
_OWN_SENTENCE = re.compile(
    r"^(?:i|i'm|im|i'd|i'll|i've|we|we're|we'd|we'll|our|my|the|it|you|he|she|they|"
    r"if|once|when|as soon as)\b",
    re.I,
)
_TO_YOU = {
    "he": "you", "she": "you", "they": "you", "him": "you", "them": "you", "his": "your",
    "their": "your", "theirs": "yours", "himself": "yourself", "herself": "yourself",
    "themselves": "yourselves", "he'd": "you'd", "she'd": "you'd", "they'd": "you'd",
    "he'll": "you'll", "she'll": "you'll", "they'll": "you'll", "he's": "you're",
    "she's": "you're", "they're": "you're",
}  # fmt: skip
_ADVERBS = {"still", "ever", "also", "really", "just", "only", "never", "already"}
_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't",
          "wasn't": "weren't", "doesn't": "don't", "hasn't": "haven't"}  # fmt: skip


# Verbs whose "them" is what is handled ("pick them up", "return them"), never the person.
_HANDLING = frozenset(
    "collect pick return send bring drop take post leave fetch store sell move "
    "ship deliver remove replace fix clean pack".split()
)


def _previous_word(tokens: list[str], index: int) -> str:
    return next((t.lower() for t in reversed(tokens[:index]) if t.strip()), "")


def to_them(words: str, objects: bool = True) -> str:
    """Reported speech about the counterpart turned to face them: "if he keeps it" becomes
    "if you keep it", "her records" "your records". With `objects` false, him, her and them
    as objects stay: in the user's own statement ("ride him on weekends") they may be
    somebody else."""
    tokens = re.findall(r"[\w'’-]+|\W+", words)
    out: list[str] = []
    after_third = third_clause = False
    for index, token in enumerate(tokens):
        low = token.lower().replace("’", "'")
        if low == "her":
            following = next((t for t in tokens[index + 1 :] if t.strip()), "")
            noun_next = bool(re.match(r"[a-z]", following)) and following not in (
                "to", "and", "or", "if", "for", "in", "on", "at", "with", "that", "know",
            )  # fmt: skip
            out.append("your" if noun_next else ("you" if objects else token))
        elif (not objects and low in ("him", "them")) or (
            low == "them" and _previous_word(tokens, index) in _HANDLING
        ):
            out.append(token)  # "we'll collect them on Thursday": the things, not the person
        elif low in ("he's", "she's") and re.match(
            r"\s*(?:still |already |just )?(?:got|been|had|done|made|sent|given|taken)\b",
            "".join(tokens[index + 1 : index + 6]),
        ):
            out.append("you've")
        elif low in _TO_YOU:
            out.append(_TO_YOU[low])
        elif after_third and low in _AGREE:
            out.append(_AGREE[low])
        elif after_third and re.fullmatch(r"[a-z]{3,}(?<!s)s", low):
            out.append(token[:-2] if re.search(r"(?:sh|ch|ss|x|o)es$", low) else token[:-1])
        else:
            out.append(token)
        if token.strip() and after_third and low in _ADVERBS:
            continue  # "if he still wants it": the verb is still his
        if token.strip():
            # "if he gets a cancellation or puts together...": the subject carries on.
            third_clause = low in ("he", "she") or (
                third_clause and not re.search(r"[.,;!?]", token)
            )
            after_third = low in ("he", "she") or (third_clause and low in ("or", "and"))
    return "".join(out)


# What the user still wants, offers or would do instead, said in passing ("I'd still buy
# the table on its own", "a paid discovery session would be fine by me", "I want my
# certificate back"): a sentence in their own voice with one of these, carried as they put
# it and turned to face the counterpart. Talk of their limit ("tops", "under 500", "I could
# have lived with...") never is.
_WILLING = re.compile(
    r"\b(?:still|instead|though|on (?:its|their) own|alone|separately|happily|happy to|glad to|"
    r"(?:would|'d|’d)(?: \w+ly)? (?:love|happily|jump|consider)|i'?d do|we'?d do|id do|could do|"
    r"i could|we could|"
    r"open to|fine by me|fine with|would be fine|would suit|would work|revisit|reconsider|"
    r"talk(?:ing)? again|keep (?:buying|ordering|doing|using)|(?:want|need|get|like)\b[^.,;]{0,40}\bback|"
    r"from (?:them|him|her)\b|"
    r"just want|one thing|only thing|(?:he|she|they) can (?:have|come))\b",
    re.I,
)
_OWN_VOICE = re.compile(
    r"\b(?:i|i'?d|i'?m|i'?ll|id|im|we|we'?d|we'?re|we'?ll|me and)\b|"
    r"(?:to|by|with|for|suit|suits) (?:me|us)\b|"
    r"^(?:still )?(?:would|could|happy|glad|open|fine)\b|\b(?:he|she|they) can (?:have|come)\b",
    re.I,
)
# What names a limit, in a sentence of the story and in a point of a list alike.
_LIMIT_NAMES = (
    r"max(?:imum)?|min(?:imum)?|budget(?:ed)?|tops|limit|ceiling|cap(?:ped)?|floor|"
    r"less than|more than"
)
_LIMIT_WORDS = (
    rf"{_LIMIT_NAMES}|most|least|absolute|(?:could|would|'d|should) have|"
    r"won'?t|wouldn'?t|can'?t|cannot|(?:do|does|did)n'?t|never|no way|not"
)
# what the other side offers or wants is the deal, not what the user still would do
# ("…if they want it" is the user's courtesy, not their terms)
_THEIR_TERMS = (
    r"(?<!if )\b(?:they|he|she)(?:'re| are| is|'s)? "
    r"(?:offer(?:s|ed|ing)?|want(?:s|ed)?|asking|insists?|demands?)\b"
)
_LIMIT_TALK = re.compile(rf"\b(?:{_LIMIT_WORDS}|under|over|above|below)\b|\?|{_THEIR_TERMS}", re.I)
# The learned reader's clauses are read for the same, less the prepositions alone: "hand
# over the keys", "over the weekend" are no limit, and a sum is refused on its own.
_LIMIT_OR_TERMS = re.compile(rf"\b(?:{_LIMIT_WORDS})\b|{_THEIR_TERMS}", re.I)
# A wish that is a threat or a jab in polite words ("I'd happily tell the whole industry how
# they treat people", "I could just stop paying, happy to see him try") burns the bridge.
_PRESSURE = re.compile(
    r"\b(?:tell|warn|let) (?:everyone|everybody|people|others|the (?:whole|entire) \w+|the world|"
    r"all my|my (?:friends|followers|network))|\bstop paying|\bwithhold|\bsee (?:him|her|them|you) try|"
    r"\bmake (?:him|her|them|you) pay|\bgo public|\bsocial media|\bpost (?:about|it|a)|\breport\b|"
    r"\bcomplain|\bpress\b|\bjournalists?|\bauthorities|\bregulator|\bchargeback|\bdispute\b|"
    r"\bpenalt|\bconsequences|\bor else\b",
    re.I,
)
_ASIDE = re.compile(r"^(?:honestly|mostly|though|but|and|so|also|anyway|tbh|fwiw)\b[, ]*", re.I)
_JUST_WANT = re.compile(r"\b(i|we) just want\b", re.I)


def _is_money(money: Money) -> bool:
    """A sum, not a day of the month, a count or a year: what a statement never carries."""
    year = 1900 <= money.amount <= 2100 and money.amount.is_integer() and not money.currency
    return money.currency is not None or (money.amount >= 100 and not year)


def _willing(sentence: str) -> str | None:
    """The user's own statement of what they still want or offer, facing the counterpart."""
    text = without_how_to_sound(sentence.strip().rstrip(".!"))
    # The reason after a wish is the user's own ("I want the rights back so I can place it
    # elsewhere"); a wish that is the consequence ("…until January, so I'd reconsider then")
    # keeps what leads to it.
    wish = re.split(r"\s+(?:so|because|since)\s+", text)[0]
    if _WILLING.search(wish):
        text = wish
    if len(text.split()) > 25:  # a long sentence: only its clause that says it
        clauses = re.split(r",\s+|;\s+|\s+[-—–]\s+", text)
        text = next((c for c in clauses if _WILLING.search(c)), "")
    if (
        not 3 <= len(text.split()) <= 25
        or not _WILLING.search(text)
        or not _OWN_VOICE.search(text)
        or _LIMIT_TALK.search(text)
        or _LEAVING.search(text)  # "I'm happy to walk away" is the message itself
        or _PRESSURE.search(text)
        or any(_is_money(money) for money, _, _ in find_amounts(text))
    ):
        return None
    text = _ASIDE.sub("", text)
    text = _JUST_WANT.sub(lambda m: f"{m.group(1)}'d like", text)
    if re.match(r"(?:would|could)\b", text, re.I):
        text = "I " + text[0].lower() + text[1:]
    elif re.match(r"(?:still )?(?:happy|glad|open|fine)\b", text, re.I):
        text = "I'm " + text[0].lower() + text[1:]
    line = to_them(text, objects=False)
    line = re.sub(r"\b(i)\b", "I", line)
    return sentence_case(line) + "."


# An arrangement the user states for the message, in the passive ("the padlock is to be left
# on the hook", "the crates need to be picked up from the porch"): said as it stands. Only
# things handed back, left, sent or stopped: "the balance is to be paid upfront" is their term.
_OBLIGED = re.compile(
    r"^(?:(?i:the|my|our|any|all|his|her|their|a|an)\b)[^,;]{1,50}? "
    r"(?i:(?:is|are) to be|needs? to be|has to be|have to be|must be|should be|will be) "
    r"(?i:returned|left|collected|picked up|sent|refunded|released|cancell?ed|removed|emptied|"
    r"handed (?:in|back|over)|dropped (?:off|round)|posted|forwarded|deleted|settled|closed|"
    r"stopped|put back|delivered|offered|taken (?:off|back)|given back)\b"
)
# Split at commas only: "the shed key and the watering cans need to be returned" is one.
_ARRANGEMENTS = re.compile(r",\s+(?:and\s+)?|;\s*")


def _arranged(sentence: str) -> list[str]:
    """The sentence's passive arrangements, each a line."""
    parts = [part.strip().rstrip(".!") for part in _ARRANGEMENTS.split(sentence.strip())]
    return [
        sentence_case(to_them(part)) + "."
        for part in parts
        if _OBLIGED.match(part)
        and 3 <= len(part.split()) <= 30
        and not _LIMIT_OR_TERMS.search(part)
        and not (holds_a_sum(part) and not _MONEY_BACK.search(part))
    ]


# A list the user writes for the message, a point a line ("- thanks for the cake tasting",
# "2) ask her to bin my measurements"): each point said in their voice. A point that is the
# deal's terms, a sum, the limit or a "don't mention" is no line of the message.
_BULLET = re.compile(r"^[ \t]*(?:[-•*·▪–]|\d{1,2}[.)])[ \t]+(?P<point>\S.*?)[ \t]*$", re.M)
_THANKS_POINT = re.compile(
    r"^(?:thanks|thank you|thank (?:him|her|them|you))(?: so much| very much| again)?"
    r"(?: for)? (?P<what>.+)",
    re.I,
)
_PLEA_POINT = re.compile(
    r"^(?:please|pls|plz|can (?:he|she|they|you)|could (?:he|she|they|you)) (?P<what>.+)", re.I
)
_KEEP_OUT_POINT = re.compile(
    r"\b(?:do not|don'?t|don’t|never|no need to|nothing about|leave out|keep out|not a word)\b|"
    r"\b(?:firm|polite|warm|formal|friendly|short|brief)\b[^.]*\b(?:but|and|not)\b",
    re.I,
)
# A list is the message's when the line before it says so ("Points:", "Include:", "text
# him:", "Things to get across:"); notes on the deal ("Their terms:", "Background:") are not.
_MESSAGE_LIST = re.compile(
    r"\b(?:points?|include|including|things to|get across|message|mention|say|tell|text|"
    r"e-?mail|ring|call|script|cover|key bits|want (?:him|her|them) to know)\b[^\n]*$",
    re.I,
)
_NOTES_LIST = re.compile(
    r"\b(?:their|the deal|terms|facts|notes?|background|context|situation|quote|offer)\b[^\n]*:?\s*$",
    re.I,
)
_ARRANGED_POINT = re.compile(r"\b(?:will be|to be|is being|are being|needs? to be)\b", re.I)
# About them, said to them: "she's welcome to keep the Lego set".
_THEIRS_POINT = re.compile(r"^(?:he|she|they)(?:'s|’s|'re|’re| is| are| can| could| may)\b", re.I)
# A list is read for the limit by its words alone: "we won't need her for half term" is
# news, not a ceiling, as it would be in a sentence of the story.
_LIMIT_POINT = re.compile(
    rf"\b(?:{_LIMIT_NAMES}|at most|at least|no more than|over|under|above|below|cheaper|"
    r"another|instead)\b|" + _THEIR_TERMS,
    re.I,
)


def _points(situation: str) -> list[str]:
    """The lines of the message the user wrote as a list."""
    lines: list[str] = []
    for point in _message_points(situation):
        point = point.rstrip(".!;")
        if (
            _KEEP_OUT_POINT.match(point)
            or instruction_start(point) is not None
            or _NOT_TO_SAY.search(point)
            or _PRESSURE.search(point)
            or _LIMIT_POINT.search(point)
            or (holds_a_sum(point) and not _MONEY_BACK.search(point))
            or _ABOUT_THE_MESSAGE.search(point)
            # "I'm going to say no for this season": every draft says no already
            or re.search(r"\bsay(?:ing)? no\b", point, re.I)
        ):
            continue
        thanks = _THANKS_POINT.match(point)
        plea = _PLEA_POINT.match(point)
        if thanks is not None:
            line = _thank_you(thanks["what"])
        elif (line := _instructed(point)) is None and plea is not None:
            line = f"Could you please {to_them(plea['what'].rstrip('?'))}?"
        elif line is None and (
            _OWN_VOICE.search(point)
            or _DELIVERABLE.search(point)
            or _WHEN.search(point)
            or _ARRANGED_POINT.search(point)
            or _THEIRS_POINT.match(point)
        ):
            line = voiced(point)
        if line is not None and line not in lines:
            lines.append(line)
    return lines


def _message_points(situation: str) -> list[str]:
    """The points of the lists introduced as the message's: those whose last line before
    them that is no point names the message. One pass, however long the text."""
    points: list[str] = []
    header = ""
    for line in situation.split("\n"):
        bullet = _BULLET.match(line)
        if (
            bullet is not None
            and _MESSAGE_LIST.search(header)
            and not _NOTES_LIST.search(header.rstrip(" :"))
        ):
            points.append(bullet["point"])
        for piece in line.splitlines():
            if piece.strip() and not _BULLET.match(piece):
                header = piece
    return points


# An instruction to invent, bluff or threaten is not carried: a draft never does either.
_NOT_TO_SAY = re.compile(
    r"\b(?:make up|invent|pretend|fake|bluff|lie|exaggerate)\b|"
    r"\bor (?:else|i walk|i'll walk|we walk|we'll walk|i leave|i'm gone)\b|\bultimatum\b|"
    # "keep that out", "leave out that…": what the message must not say
    r"\b(?:keep|leave)(?: (?:that|this|it|those|these))? out\b|\bleave off\b",
    re.I,
)


_OR_LEAD = re.compile(r"\s*or\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:don'?t|don’t|do not|never|not|no need to)\b[^.;!?]*$", re.IGNORECASE)


def _instructed(sentence: str) -> str | None:
    """The line a draft says for an instruction in the sentence, or None."""
    if _NOT_TO_SAY.search(sentence) or instruction_start(sentence) is not None:
        return None  # nor a pasted message's words addressed to an assistant
    for kind, pattern in _INSTRUCTED:
        match = pattern.search(sentence)
        if match is None:
            continue
        if _OR_LEAD.match(sentence, match.start()) and _NEGATED.search(sentence[: match.start()]):
            continue  # "don't make it about money or mention my job": "or" goes on negating
        what = re.split(r"\s+[-—–]\s+|\s*;\s*|\s+because\s+|\s+since\s+", match["what"])[0]
        what = what.strip().rstrip(".!?:,")
        if kind == "say":
            what = _PREAMBLE.sub("", what).strip()
            # "say no thanks, door open", "telling him no, … but not like this": nothing
            if (
                _ONLY_THANKS.match(what)
                or re.match(r"(?:not|no)\b", what, re.I)
                or _BARE_DECLINE.match(what)
            ):
                continue
        if kind == "thank":
            what = re.split(r",? and (?=[a-z]+ )", what)[0]  # "…, and refer to my terms"
            if _thank_you(what) is None:
                continue
        if not 2 <= len(what.split()) <= 30:
            continue
        if kind == "ask_if":
            modal = _MODAL.match(what)
            if modal is not None:
                verb = re.search(r"'d|would|could|can|will|might", what[: modal.start("rest")])
                said = {"'d": "Would", "will": "Would", "can": "Could", "might": "Would"}
                word = said.get(verb.group(0), verb.group(0).capitalize()) if verb else "Would"
                return f"{word} you {to_them(modal['rest'])}?"
            return f"Could you let me know whether {to_them(what)}?"
        if kind in ("ask_to", "ask_that"):
            return f"Could you please {to_them(what)}?"
        if kind == "ask_for":
            return f"Could I ask for {to_them(what)}?"
        if kind == "offer":
            return f"I'd be glad to offer {to_them(what)}."
        if kind == "thank":
            return _thank_you(what)
        return _said(what)
    return None


# "add a line that…", "something about…", "a note asking…": the words about the line, not
# the line's own.
_ABOUT_THE_LINE = re.compile(
    r"^(?:a (?:short |quick |brief |little )?(?:line|note|sentence|word|bit)|something)"
    r"(?: (?P<how>that|saying|about)\b[ ,:]*|(?= (?:asking|thanking)\b))",
    re.I,
)
# A clause with its own subject ("Leo's last session will be 12 December", "your deposit
# will be returned"): a noun phrase, then a finite verb the closed class gives away.
_OWN_SUBJECT = re.compile(
    r"^(?:(?:the|a|an|this|these|those|your|his|her|their|its)\b|"
    r"[A-Z][\w-]*(?:'s|’s)?(?=\s))"
    r"(?:\s+[\w'’-]+){0,3}?\s+"
    r"(?:will|would|can|could|should|shall|may|might|must|is|are|was|were|has|have|had|"
    r"does|did|do|won't|can't|didn't|doesn't|isn't|wasn't|hasn't|haven't|don't)\b"
)


# "tell Kev at QuickVan I'm done…", "tell him on the phone that we've decided…", "note for
# the captain (Mrs Clough): we won't…": where or to whom it is said, before what is said.
_SAID_WHERE = re.compile(
    r"^(?:at|on|in|for|over|via)\b[^,;:.!?()]{1,50}?(?: \([^()]{1,60}\))?"
    r"(?:\s*:\s*|\s+that\s+|\s+)(?=(?:i|i'm|im|i'll|i'd|i've|we|we're|we'll|we'd|we've)\b)",
    re.I,
)


# How the message should sound ("decline this project politely", "say no nicely"): the
# user's words to the drafter, never the message's own, wherever they open or close what is
# carried or named.
_HOW_TO_SOUND = (
    r"(?:(?:very|really|but|and|just|so|please|pls)\s+)*(?:politely|nicely|kindly|gently|firmly|"
    r"respectfully|professionally|tactfully|diplomatically|courteously|graciously|"
    r"(?:keep it|be) (?:friendly|short|brief|polite|warm|kind|nice|civil|light|simple|"
    r"professional|collegial))"
    r"(?:\s+(?:please|pls|ok|like))?"
)
_SOUND_AT_THE_EDGES = re.compile(
    rf"^\s*{_HOW_TO_SOUND}\b[\s,]*|[\s,]*\b{_HOW_TO_SOUND}\s*$", re.IGNORECASE
)


def without_how_to_sound(words: str) -> str:
    """The words without how the user wants the message to sound."""
    return _SOUND_AT_THE_EDGES.sub("", words).strip()


# Words that still open with passing something on ("let her know if…", "tell him…"): what
# follows is what is said.
_PASS_ON = re.compile(
    r"^(?:(?:let|make sure) (?:him|her|them|you|\w+) knows?|(?:tell|remind) (?:him|her|them|you)|"
    r"mention|say|add|note)(?: that)?[ ,:]+(?=\S)",
    re.IGNORECASE,
)
# Words that make a sentence as they stand: a hedge or a suggestion to both.
_OWN_WORDS = re.compile(r"^(?:maybe|perhaps|let's|let’s|lets)\s+(?=\w)", re.IGNORECASE)
# A wish with its subject left out ("would sign without the non-compete", "happy to look at
# your other records"): the user's own.
_MODAL_WITHOUT_SUBJECT = re.compile(r"^(?:would|could|can|will|might)\s+(?=\w)", re.IGNORECASE)
_WILLING_WITHOUT_SUBJECT = re.compile(
    r"^(?P<how>(?:(?:still|also|really|very|more than)\s+)*)(?P<rest>(?:happy|glad|keen|"
    r"willing|open|up for|available)\b\s*(?=\w).*)",
    re.IGNORECASE,
)
# Thanks said in passing ("ta for sorting the trailer quote", "cheers for the pints").
_THANKS_FOR = re.compile(
    r"^(?:thanks|thank you|ta|cheers|many thanks)\s+for\s+(?=\w)", re.IGNORECASE
)


def _said(what: str) -> str | None:
    """The line for words the user asks to be said: a clause as its own sentence, words
    about the line ("a line asking for the deposit back") read for the line they describe,
    anything else mentioned; None when nothing is left to say."""
    what = without_how_to_sound(what)
    if len(what.split()) < 2:
        return None
    if (about := _ABOUT_THE_LINE.match(what)) is not None and what[about.end() :].strip():
        rest = what[about.end() :].strip()
        if about["how"] and about["how"].lower() == "about":  # a topic, not a clause
            return f"I'd also like to mention {to_them(rest)}."
        return _instructed(rest) or _said(rest)
    if (where := _SAID_WHERE.match(what)) is not None:
        return _said(what[where.end() :])
    if _OWN_SENTENCE.match(what) or _OWN_SUBJECT.match(what):
        # "…will finish in June and that we'd like to drop by": two clauses of one report
        joined = re.sub(
            r",? and that (?=(?:i|we|you|he|she|they|it)\b)", ", and ", what, flags=re.I
        )
        return sentence_case(to_them(joined)) + "."
    if _OWN_WORDS.match(what):  # "maybe around Christmas I'd do a smaller run"
        return sentence_case(to_them(what)) + "."
    if (passed := _PASS_ON.match(what)) is not None:
        return _instructed(what) or _said(what[passed.end() :])
    if _MODAL_WITHOUT_SUBJECT.match(what):
        return f"I {to_them(what)}."
    if (willing := _WILLING_WITHOUT_SUBJECT.match(what)) is not None:
        # "still available from March": "I'd still be available from March"
        return f"I'd {willing['how'].lower()}be {to_them(willing['rest'])}."
    if (thanks := _THANKS_FOR.match(what)) is not None:
        return _thank_you(what[thanks.end() :])
    # Anything else is still mentioned: leaving it out lost more drafts their one point
    # than it spared a clumsy line (dev exits 1,765 -> 1,756 of 2,735, thirty-sixth session).
    return f"I'd also like to mention {to_them(what)}."


def grammar_reading(clause: str) -> list[float]:
    """What the rules above make of a clause, as flags for the learned reader (carry.py)."""
    return [
        float(_instructed(clause) is not None),
        float(_willing(clause) is not None),
        float(bool(_ASK.search(clause) or _PLEASE.search(clause) or _MUST.search(clause))),
        float(_OFFER.search(clause) is not None),
        float(_ENDS.search(clause) is not None),
        float(any(_is_money(money) for money, _, _ in find_amounts(clause))),
        float(_LIMIT_TALK.search(clause) is not None),
        float(bool(_NOT_TO_SAY.search(clause) or instruction_start(clause) is not None)),
        float(_OWN_VOICE.search(clause) is not None),
    ]


_OPENING = re.compile(
    r"^(?:(?:and|but|so|also|then|plus|or|oh|honestly|tbh|though|anyway|just|"
    r"that|please|pls|can you|could you)(?![\w'’])[,:]?\s*)+",
    re.I,
)
_TELL_THAT = re.compile(
    r"^(?:(?:tell|remind|let|inform|notify|assure|reassure)(?:ing)? (?:him|her|them|\w+)(?: know)?|"
    r"(?:say|state|mention|note|add|confirm|explain|stress|point out|write|make (?:it )?clear)|"
    # the same said as what the message does: "(declining,) saying we'll export the data"
    r"(?:saying|stating|mentioning|noting|adding|confirming|explaining|stressing)|"
    r"(?:make|be) sure (?:to|you) (?:say|mention|add|note|include|stress|tell (?:him|her|them|\w+))|"
    r"make sure (?:it|the (?:message|email|text|note|letter)) (?:says|mentions|includes)|"
    r"make sure (?:he|she|they|\w+) knows?|(?:he|she|they) (?:needs? to|should|has to|have to|must) know)"
    r"\b(?: (?:that|about))?[,:]?\s*",
    re.I,
)
# An ask the learned reader carries in the user's words to the assistant ("asking him to
# confirm the export format", "ask whether they can do both pianos"), put to the counterpart.
_ASKING = r"^(?:ask|asking)(?: (?:you|him|her|them|the \w+))?"
_ASKED_TO = re.compile(
    r"^(?:ask|asking|request|requesting)(?P<whom> (?:you|him|her|them|the \w+))? to (?P<what>.+)",
    re.I,
)
# A message act told to the assistant with no "I" in it ("Thank them for the workshop",
# "Ask her to remove our staff list", "leaving open the 2026 edition", "please send back the
# copies"): the user's own words for the message, as much as "I'd like to…" is.
# What the user would do, said as a plan to the assistant ("leaving open the 2026 edition",
# "propose a trial month"): said as their wish.
_OWN_ACTS = (
    r"leav(?:e|ing)(?= (?:\w+ ){0,2}open\b)|keep(?:ing)?|propos(?:e|ing)|suggest(?:ing)?|"
    r"invit(?:e|ing)"
)
_MESSAGE_ACT = re.compile(
    rf"^(?:please\s+)?(?:{_TELLING}|{_ACTS}|thank(?:s|ing)?|offer(?:ing)?|{_OWN_ACTS}|"
    r"make (?:it )?clear)\b",
    re.I,
)
_OWN_ACT = re.compile(rf"^(?:offer(?:ing)? to |(?P<verb>{_OWN_ACTS})\b ?)(?P<rest>.+)", re.I)


def _base_form(verb: str) -> str:
    """ "leaving" and "leave" say "leave", "keeping" "keep"."""
    stem = verb.lower().removesuffix("ing")
    return stem + "e" if stem in ("leav", "propos", "invit") else stem


_KEEP_US = re.compile(r"^keep (?:me|us)\b.+", re.I)
# "email them asking for the fee back": how to send it, not a request to them.
_SENT_TO_THEM = re.compile(
    r"^(?:e-?mail|mail|send|forward|text|message|write to) (?:him|her|them)\b,?\s*", re.I
)
# An instruction to the assistant the voicing above could not turn to face the counterpart.
_UNSAID_ACT = re.compile(r"^(?:ask|asking|request|requesting|include|add|mention)\b", re.I)
_ASK_COLON = re.compile(r"^(?:ask|request)(?:ing)?(?: for)?\s*:\s*(?P<what>.+)", re.I)
_ASK_RETURN = re.compile(r"^(?:ask|request)(?:ing)?(?: for)? (?:the )?return of (?P<what>.+)", re.I)
_RETURN_OF = re.compile(r"^(?:arrange )?(?:the )?return of (?P<what>.+)", re.I)
_A_THING = re.compile(r"^(?:the|a|an|my|our|your|his|her|their|all|any|every|both|\d)\b", re.I)
_ASK_FOR = re.compile(r"^(?:ask(?:ing)? for|request(?:ing)?) (?P<what>.+)", re.I)
_ASK_THAT = re.compile(r"^(?:ask|request)(?:ing)? that (?P<what>.+)", re.I)
_MODAL_ASKED = re.compile(r"^(?:would|could|can|will) (?:he|she|they|you) (?P<what>.+)", re.I)
_ASK_THEM = re.compile(r"^ask(?:ing)? (?:you|him|her|them) (?P<what>.+)", re.I)


def _put_as_ask(text: str) -> str | None:
    """An ask told to the assistant in its own shorthand ("Request the final invoice", "Ask
    for: the van keys", "ask that our file be reconsidered"), put to the counterpart; None
    for an instruction that is no ask of them ("mention in the email…")."""
    if (colon := _ASK_COLON.match(text)) is not None:
        text = re.sub(r"^you\s+", "", colon["what"], flags=re.I)  # "Request: you send…"
        if (returned := _RETURN_OF.match(text)) is not None:
            return f"Could you please return {to_them(returned['what'])}?"
        if _A_THING.match(text):  # "the van keys and the V5": a thing, asked for
            return f"Could I please have {to_them(text)}?"
        return f"Could you please {to_them(text)}?"  # "return my NDA": an act, asked of them
    if (returned := _ASK_RETURN.match(text)) is not None:
        return f"Could you please return {to_them(returned['what'])}?"
    if (that := _ASK_THAT.match(text)) is not None:
        return f"I'd ask that {to_them(that['what'])}."
    if (them := _ASK_THEM.match(text)) is not None:
        if (modal := _MODAL_ASKED.match(them["what"])) is not None:  # "ask her would she…"
            return f"Could you {to_them(modal['what'])}?"
        if _REQUESTED.match(them["what"]):
            return f"Could you please {to_them(them['what'])}?"
    if (wanted := _ASK_FOR.match(text)) is not None and len(wanted["what"].split()) >= 2:
        return f"Could I please have {to_them(wanted['what'])}?"
    return None


# "please send back the copies": a request to them, asked.
_REQUESTED = re.compile(rf"^(?P<what>(?:{_ACTS})\b.+)", re.I)
_ASKED_WHETHER = re.compile(rf"{_ASKING} (?:whether|if) (?P<what>.+)", re.I)
_ASKED_WHAT = re.compile(rf"{_ASKING} (?P<what>(?:what|when|where|how|who|which)\b.+)", re.I)
# "…the data before the trial ends and asking him to confirm the format": two sentences.
_AND_ASKING = re.compile(r",? and (?:ask|asking) (?:you|him|her|them) to (?P<what>.+)$", re.I)
# "tell her", "let them know that": an instruction to pass on what was just said.
_TELL_THEM = r"(?:tell|let) (?:him|her|them)(?: know)?(?: that| this| about it)?"
_TRAILING_TELL = re.compile(rf"[,;]?\s*(?:{_TELL_THEM}|say that|mention that|add that)\s*$", re.I)


def voiced(clause: str) -> str | None:
    """A clause the user wants passed on, said in their voice to the counterpart: the
    grammar's own line for an instruction it knows, else the clause without its lead
    ("and", "tell her that") or its tail ("…, tell her that"), turned to face them. Several
    instructions in one clause ("saying X and asking him to Y") are said one after another."""
    clause = without_how_to_sound(clause)
    parts = [part for part in _CLAUSES.split(clause) if part.strip()]
    if len(parts) > 1:
        lines = [line for part in parts if (line := _instructed(part)) is not None]
        if lines:
            return " ".join(lines)
    if (line := _instructed(clause)) is not None:
        return line
    text = _TRAILING_TELL.sub("", clause.strip().rstrip(".!?"))
    for _ in range(3):
        text = _TELL_THAT.sub("", _OPENING.sub("", text)).strip()
    text = _SENT_TO_THEM.sub("", text)
    if (asked := _ASKED_TO.match(text)) is not None:
        # "ask to stay on the waitlist": the user asks to; "ask to refund the deposit": they
        if asked["whom"] is None and not _REQUESTED.match(asked["what"]):
            return f"Could I please {asked['what']}?"
        return f"Could you please {to_them(asked['what'])}?"
    if (kept := _KEEP_US.match(text)) is not None:  # "keep me in mind": theirs to do
        return f"Could you please {to_them(kept.group(0))}?"
    if (own := _OWN_ACT.match(text)) is not None and len(own["rest"].split()) >= 2:
        verb = _base_form(own["verb"]) + " " if own["verb"] else ""
        return f"I'd be glad to {verb}{to_them(own['rest'])}."
    if (requested := _REQUESTED.match(text)) is not None:
        return f"Could you please {to_them(requested['what'])}?"
    if (asked := _ASKED_WHAT.match(text)) is not None:
        return f"Could you let me know {to_them(asked['what'])}?"
    text = _AND_ASKING.sub(lambda m: f". Could you please {m['what']}?", text)
    if (asked := _ASKED_WHETHER.match(text)) is not None:
        modal = _MODAL.match(asked["what"])
        if modal is not None:  # "whether they can do both": "Could you do both?"
            return f"Could you {to_them(modal['rest'])}?"
        return f"Could you let me know whether {to_them(asked['what'])}?"
    if _UNSAID_ACT.match(text):  # "Ask for the keys", "Request the return of…"
        return _put_as_ask(text)
    if len(text.split()) < _MIN_CARRIED_WORDS or _LEAVING.match(text):
        return None
    line = re.sub(r"\bi\b", "I", to_them(text))
    return sentence_case(line) + ("" if line.endswith("?") else ".")


_MIN_CARRIED_WORDS = 3


class Specifics(BaseModel):
    said: list[str] = Field(default_factory=list)  # what the user asked the draft to say
    learned: list[str] = Field(default_factory=list)  # what the learned reader adds (carry.py)
    willing: list[str] = Field(default_factory=list)  # what they still want, said in passing
    asks: list[str] = Field(default_factory=list)  # "Could you please ...?"
    offers: list[str] = Field(default_factory=list)  # "I'd still be glad to ..."
    ends: list[str] = Field(default_factory=list)  # "the lease ends in June"
    item: str | None = None  # what the deal is for: "the car"
    sender: str | None = None
    references: list[str] = Field(default_factory=list)  # "order #4471"
    language: str = "en"  # the draft's, for the line that quotes the references
    declined: str | None = None  # "I won't be buying the Bechstein."

    def lines(self) -> list[str]:
        """The sentences a draft adds, in the order a reader needs them."""
        return (
            [line for line in (self.declined,) if line is not None]
            + [reference_line(self.references, self.language) for _ in self.references[:1]]
            + self.said[:4]
            + [f"As the {end}, I won't be continuing after that." for end in self.ends[:1]]
            + [_still_glad(offer) for offer in self.offers[:2]]
            + [f"Could you please {ask}?" for ask in self.asks[:2]]
            + self.willing[:2]
            + self.learned[:2]
        )


def _still_glad(offer: str) -> str:
    """ "I'd still be glad to run the clinic", "I'd still be open to a licensing deal": an
    offer is a verb phrase or a noun phrase."""
    offer = re.sub(r"^still\s+", "", offer, flags=re.IGNORECASE)
    if _NOUN_PHRASE.match(offer):
        return f"I'd still be open to {offer}."
    return f"I'd still be glad to {offer}."


_NOUN_PHRASE = re.compile(
    r"^(?:the|a|an|this|that|these|those|my|our|your|his|her|their|its|some|any|another|"
    r"other|more)\b",
    re.IGNORECASE,
)


# "Her empanadas were amazing, tell her.", "He set up the saddle for me, thank him for that.":
# the words first, the instruction to pass them on after.
_PASS_ON_AFTER = re.compile(
    # a clause of its own: after a comma, a dash, a semicolon, "and" or "so"
    r"(?:\s*[,;—–-]\s*|\s+(?:and|so)\s+)"
    r"(?:(?:please|pls|maybe|also|just|and|so)\s+)*"
    r"(?:(?:make sure (?:to|you)|i want to|i'd like to|i would like to|can you|could you)\s+)?"
    r"(?:(?P<thank>thank (?:him|her|them) for (?:that|it|this))|"
    rf"{_TELL_THEM}|say (?:that|so|this)|mention (?:that|this|it)|add that|"
    r"i want (?:that|this|it) said)\s*$",
    re.IGNORECASE,
)
_NEGATED_BEFORE = re.compile(
    r"(?:\b\w+n['’]?t|\b(?:do|will|would|should|shall|must|can) not|\bnever|\bnot|\bno need to)\s*$",
    re.IGNORECASE,
)
# Who the words are about when they start with a title or a full name ("Dr Maguire has been
# brilliant with her hip"): their pronouns are not the counterpart's.
_NAMED_SUBJECT = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s|[A-Z][a-z]+\s+[A-Z])")


def _said_after(sentence: str) -> str | None:
    """The line for words the user tells the draft to pass on after saying them; None when
    the sentence ends in no such instruction, negates it, or keeps something out."""
    text = sentence.strip().rstrip(".!")
    passed = _PASS_ON_AFTER.search(text)
    if passed is None or _KEPT_OUT.search(text) or _NEGATED_BEFORE.search(text[: passed.start()]):
        return None
    head = text[: passed.start()].strip(" ,;")
    if len(head.split()) < _MIN_CARRIED_WORDS:
        return None
    # "She was kind and gave me her recipes": whoever else she gave to stays somebody else
    third = re.match(r"(?:he|she|they)\b", head, re.IGNORECASE) is not None
    line = head if _NAMED_SUBJECT.match(head) else to_them(head, objects=not third)
    line = sentence_case(re.sub(r"\bi\b", "I", line))
    return f"{line}, thank you for that." if passed["thank"] else f"{line}."


def _phrase(raw: str) -> str:
    """What follows a wish, up to where its clause ends; a comma inside brackets ends
    nothing ("our data (all projects, attachments and logs)" stays whole)."""
    raw = raw.strip()
    cut = next(
        (
            tail.start()
            for tail in _TAIL_START.finditer(raw)
            if _outside_brackets(raw, tail.start())
        ),
        len(raw),
    )
    phrase = raw[:cut].strip().rstrip(".!?:")
    return phrase if 2 <= len(phrase.split()) <= 20 else ""


def _outside_brackets(text: str, at: int) -> bool:
    before = text[:at]
    return before.count("(") <= before.count(")") and before.count("[") <= before.count("]")


def sentence_case(line: str) -> str:
    """The line with a capital first letter, the rest as the user wrote it."""
    return line[:1].upper() + line[1:]


def safe_phrases(phrases: list[str], unsafe: re.Pattern[str] | None) -> list[str]:
    """Each phrase once, none `unsafe` matches (a limit, a rival offer, a hostile word)."""
    return [p for p in dict.fromkeys(phrases) if p and not (unsafe and unsafe.search(p))]


def keep_carried(lines: list[str], unsafe: re.Pattern[str] | None) -> list[str]:
    """The lines a draft may say: none `unsafe` matches, and none that says yes ("tell him
    we accept") or claims a deed, however the user put it: a draft declines."""
    return [
        line
        for line in safe_phrases(lines, unsafe)
        if not rule_reading(line).caved and not claims_an_action(line, naming_ok=True)
    ]


_WHEN = re.compile(
    rf"\b(?:{_MONTHS_AND_DAYS}|weekends?|\d{{1,2}}(?:st|nd|rd|th)|\d{{1,2}}[./]\d{{1,2}}|"
    r"spring|summer|autumn|fall|winter|next (?:year|month|week|season|term|quarter)|deadline)\b",
    re.I,
)
# What the other side said or wants, reported ("she now wants it all prepaid", "Father
# Dominic's office has now said…", "he did say he needs an answer"): the story.
_REPORTED = re.compile(
    r"\b(?!(?:i|we|you)\b)(?:he|she|they|[\w'’.-]+(?:'s|’s) \w+|[A-Z][\w'’-]+)"
    r"(?: (?:has|have|had|did|now|just|also|even|still|then|already|keeps?))* "
    r"(?:said|says|say|told|tells|mentioned|wrote|writes|wants|wanted|asked|asks|requires|"
    r"required|insists|insisted|demands|demanded|claims|claimed)\b"
)
_MONEY_BACK = re.compile(
    r"\b(?:deposit|refund\w*|reimburs\w*|credit(?:ed)?|back|return(?:ed)?|owed?)\b", re.I
)
# The story so far, told in the past ("we've been going back and forth", "I really liked
# the team", "we'd already picked paint colours"): what happened, not what to say now.
_NARRATED = re.compile(
    r"^(?:i|we|me and \w+)(?:'ve|’ve|'d|’d| have| had)?(?: (?:\w+ly|already|just|never|even|all))*"
    r" (?:been|was|were|went|got|had|did|said|told|thought|felt|saw|came|made|took|\w+(?<!e)ed)\b",
    re.I,
)
# A piece that starts mid-sentence is a fragment, not a line: "'s quick for me", "which has
# our availability", "to keep my file in mind".
_FRAGMENT = re.compile(r"^(?:[^\w\s]|(?:which|who|whom|whose|to|with|at|of|for|from|as)\b)", re.I)
# "Text them no on the rebuild", "I want to call the sales guy tomorrow", "I shall deliver
# it by telephone": how the message is sent, not what it says.
_SENDING = r"text|e-?mail|message|write|call|phone|ring|reply|respond|answer|draft|send|dm|whatsapp"
_ABOUT_THE_MESSAGE = re.compile(
    rf"^(?:(?:and|but|so|just|please|pls)\s+)*(?:{_SENDING})\b(?! (?:me|us|back|\w+ back)\b)|"
    rf"^(?:i|we)(?:'ll|’ll| will| shall| want to| wanna| need to| have to|'m going to| am going to|"
    rf" gonna)? (?:{_SENDING})\b(?! (?:me|us)\b)|"
    r"\b(?:by|over the|on the) (?:tele)?phone\b|\bby (?:e-?mail|text)\b|\bvoicemail\b|"
    # "mention in the email to the agency": where in the message, not what it says
    r"^(?:mention|say|add|include|put)(?: (?:this|that|it))? in the "
    r"(?:e-?mail|text|message|letter|note|reply)\b",
    re.I,
)


def _content(line: str) -> set[str]:
    return {word for word in re.findall(r"\w{4,}", line.lower())}


def learned_lines(
    clauses: Sequence[str], already: list[str], unsafe: re.Pattern[str] | None
) -> list[str]:
    """The learned reader's clauses (carry.py) said in the user's voice, less what may
    never be carried (a bluff, a threat, words addressed to an assistant, then everything
    `keep_carried` refuses) and less what a line of the grammar already says."""
    lines = [
        line
        for clause in clauses
        if not (_NOT_TO_SAY.search(clause) or _PRESSURE.search(clause))
        and instruction_start(clause) is None
        # As the grammar's own statements (`_willing`): a sum, talk of a limit or of what
        # they offer is the user's to keep, whatever the reader makes of it ("3k was my
        # cap", "they want 31 for the RAV4").
        and not _LIMIT_OR_TERMS.search(clause)
        # a sum only in an ask for money back ("the $150 deposit"); the limit never: the
        # `unsafe` numbers and the draft guard's leak check still hold
        and not (holds_a_sum(clause) and not _MONEY_BACK.search(clause))
        and not _ABOUT_THE_MESSAGE.search(clause)
        # What a message passes on is the user's own (an ask, an offer, a plan), something
        # to be sent or returned, or a date: never the story of the deal ("the supplier
        # requires…", "answered every question").
        and (
            _OWN_VOICE.search(clause)
            or _DELIVERABLE.search(clause)
            or _WHEN.search(clause)
            or _MESSAGE_ACT.match(_OPENING.sub("", clause.strip()))
        )
        and not _NARRATED.match(_OPENING.sub("", clause.strip()))
        and not _REPORTED.search(clause)
        and not _FRAGMENT.match(clause.strip())
        # a clause cut inside its brackets ("…to LinguaBridge (contact") is no sentence
        and clause.count("(") <= clause.count(")")
        and (line := voiced(clause)) is not None
    ]
    # A clause of several instructions is said as several sentences: those already said go.
    lines = [
        " ".join(said for said in re.split(r"(?<=[.?!])\s+", line) if said not in already)
        for line in lines
    ]
    return new_lines([line for line in lines if line], already, unsafe)


def new_lines(lines: list[str], already: list[str], unsafe: re.Pattern[str] | None) -> list[str]:
    """The lines `keep_carried` lets through, less those half of whose words a line
    already carried says."""
    said = [_content(line) for line in already]
    return [
        line
        for line in keep_carried(lines, unsafe)
        if not any(len(_content(line) & words) * 2 >= len(_content(line)) for words in said)
    ]


def holds_a_sum(clause: str) -> bool:
    """A sum of money, not a date, a count or a year: never carried from a statement."""
    return any(_is_money(money) for money, _, _ in find_amounts(clause))


# What the user declines, in their words: "not buying the Bechstein", "won't re-enrol in
# the spring class", "cancelling the April sessions". The thing is a noun phrase that starts
# with a determiner or a name, and ends before a reason or the next clause.
_THING = (
    r"(?P<thing>(?:(?:the|my|our|their|his|her|this|these|those|a|an)\b|(?-i:[A-Z0-9]))"
    r"(?:[^,.;:!?()—]|[,.](?=\d)){1,60}?)(?=\s+(?:because|since|as|so|but|after all|anymore|any ?more|"
    r"and (?:i|we|he|she|they|you)\b|for now|at the moment|this time)\b|\s*(?:[,.](?!\d)|[;:!?()—])|\s+-\s|$)"
)
_NOT_DOING = re.compile(
    r"(?:^|(?<=[\s:]))(?P<who>(?:i|we)(?:'m|’m|'re|’re| am| are)? )?(?:not|won'?t(?: be)?|won’t(?: be)?|"
    r"will not(?: be)?|no longer)\s+(?!(?:mentioning|saying|telling|bringing|revealing|"
    r"discussing|talking|letting|giving|sharing|naming)\b)"
    r"(?P<verb>[a-z-]+ing|go ahead with|re-?enrol\w*(?: in)?|"
    r"renew|join|buy|book|sign|take|extend|proceed with|continue with)\s+"
    r"(?P<with>(?:in|from|with|to|on|for|up|ahead with)\s+)?" + _THING,
    re.IGNORECASE,
)
_ENDING = re.compile(
    r"(?:^|(?<=[\s:]))(?P<who>(?:i|we)(?:'m|’m|'re|’re| am| are) )?(?P<verb>cancell?ing|declining|"
    r"(?<=: )decline|(?<=: )cancel|^decline|^cancel|"
    r"withdrawing from|pulling out of|turning down|passing on|ending|terminating)\s+" + _THING,
    re.IGNORECASE,
)


# "don't mention we're not renewing": a decline the user keeps out is no line.
_KEPT_OUT = re.compile(
    r"\b(?:don'?t|don’t|do not|never|not)\s+(?:say|mention|tell|bring up|put|write|reveal)\b|"
    r"\bleave out\b|\bkeep out\b|\bwithout (?:saying|mentioning)\b",
    re.IGNORECASE,
)


def read_declined(situation: str) -> tuple[str, str] | None:
    """The line that names what the user declines, in their words, and the thing it names;
    or None."""
    for sentence in _SENTENCES.split(situation):
        if instruction_start(sentence) is not None:
            continue
        for pattern in (_NOT_DOING, _ENDING):
            found = pattern.search(sentence)
            if (
                found is None
                or _KEPT_OUT.search(sentence[: found.start()])
                or holds_a_sum(found["thing"])
                or _LIMIT_TALK.search(found["thing"])
            ):
                continue
            we = bool(re.match(r"we", found["who"] or "", re.I)) or bool(
                re.search(r"\bwe\b", sentence[: found.start()], re.I)
            )
            subject = "We" if we else "I"
            thing = to_them(without_how_to_sound(found["thing"].strip()))
            verb = found["verb"].lower()
            if pattern is _ENDING:
                verb = {"decline": "declining", "cancel": "cancelling"}.get(verb, verb)
                doing = "We're" if we else "I'm"
                return f"{doing} {verb} {thing}.", thing
            with_ = found["with"] or ""
            if verb.endswith("ing"):
                return f"{subject} won't be {verb} {with_}{thing}.", thing
            return f"{subject} won't {verb} {with_}{thing}.", thing
    return None


def read_specifics(
    situation: str,
    unsafe: re.Pattern[str] | None = None,
    learned: Sequence[str] = (),
    name_item: Callable[[str], str | None] | None = None,
) -> Specifics:
    """The specifics of a situation; a phrase `unsafe` matches (a limit, a rival offer, a
    hostile word) is never carried. `learned`: the clauses the learned reader is sure the
    user wants passed on; `name_item`: what the item reader (item.py) is sure is declined,
    asked only when the subject grammar names nothing."""
    found = Specifics()
    found.said.extend(_points(situation))
    declined = read_declined(situation)
    for sentence in _SENTENCES.split(situation):
        if _BULLET.match(sentence):
            continue  # a point of the user's list: read above
        # Words addressed to an assistant, or a bluff asked for, taint all its clauses.
        tainted = instruction_start(sentence) is not None or _NOT_TO_SAY.search(sentence)
        found.references += read_references(sentence, codes=not tainted)
        if not tainted and (line := _said_after(sentence)) is not None:
            found.said.append(line)
            continue
        clauses = [] if tainted else _CLAUSES.split(sentence)
        said = [line for clause in clauses if (line := _instructed(clause))]
        said += [line for line in ([] if tainted else _arranged(sentence)) if line not in said]
        if said:
            found.said.extend(said)
            continue  # the user's own instructions say what to carry from this sentence
        carried = len(found.ends) + len(found.offers) + len(found.asks)
        if (end := _ENDS.search(sentence) or _ENDS_ON_A_DATE.search(sentence)) is not None:
            found.ends.append(f"{end['thing'].lower()} {end['verb']} {end['when'].strip()}")
        if (offer := _OFFER.search(sentence)) is not None:
            what = _phrase(offer["what"])
            if not _LEAVING.search(what) and not re.search(r"\d", what):
                found.offers.append(to_them(what))
        if (
            ask := _ASK.search(sentence) or _PLEASE.search(sentence) or _MUST.search(sentence)
        ) is not None:
            what = re.sub(
                r"^from (?:them|him|her|you)(?: at this point| now)? (?:is|are) ",
                "",
                _phrase(ask["what"]),
            )
            acts = re.match(rf"(?:{_ACTS})\b", what, re.IGNORECASE)
            # "the deposit returned within 30 days": the act is in the participle
            done = _DONE.match(what)
            if done and not acts:
                what = f"{_DONE_ACTS[done['act'].lower()]} {done['thing']}{done['rest']}"
                acts = done
            if _DELIVERABLE.search(what) and (acts or not ask.groupdict().get("to")):
                found.asks.append(what if acts else f"send me {what}")
        if found.sender is None and (sender := _SENDER.search(sentence)) is not None:
            found.sender = sender["name"] + (sender["role"] or "").rstrip(" ,")
        # Said in passing, and not already carried as an ask, an offer or an end date.
        already = len(found.ends) + len(found.offers) + len(found.asks) > carried
        if not already and (line := _willing(sentence)) is not None:
            found.willing.append(line)
    found.references = safe_phrases(found.references, unsafe)
    found.asks, found.offers, found.ends = (
        safe_phrases(found.asks, unsafe),
        safe_phrases(found.offers, unsafe),
        safe_phrases(found.ends, unsafe),
    )
    found.said, found.willing = (
        keep_carried(found.said, unsafe),
        keep_carried(found.willing, unsafe),
    )
    # Named once: not when a line the user asked for already says what is declined.
    if declined and not (unsafe and unsafe.search(declined[0])):
        line, thing = declined
        if not any(thing.lower() in said.lower() for said in found.said + found.willing):
            found.declined = line
    found.item = read_subject(situation) or (name_item(situation) if name_item else None)
    found.item = without_how_to_sound(found.item) if found.item else None
    if found.item and unsafe and unsafe.search(found.item):
        found.item = None
    found.learned = learned_lines(learned, found.lines(), unsafe)
    # Money, then a thing of theirs, the user wants back: asked for when no line of theirs
    # asks for it already.
    asked_already = " ".join(found.lines()).lower()
    for wanted_back in (read_money_back(situation), read_return(situation)):
        if wanted_back is not None and wanted_back.split()[-1].lower() not in asked_already:
            found.asks.extend(safe_phrases([wanted_back], unsafe))
    found.references = unquoted_references(found)
    return found


def unquoted_references(found: Specifics) -> list[str]:
    """The references no other line quotes ("Could you please pay invoice INV-2291?" says
    it already): the line that quotes them alone is left out of the comparison."""
    own = reference_line(found.references, found.language) if found.references else None
    quoted = " ".join(line for line in found.lines() if line != own).lower()
    return [ref for ref in dict.fromkeys(found.references) if ref.lower() not in quoted]
