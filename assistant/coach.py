"""The offline coach: a reply to a pressure tactic read on the rehearsal rubric in code.

It is the offline engine's coach, and the floor under a model's: caving and hostility are
caught here whatever a model says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, get_args

from assistant.facts import classify_amount, find_amounts
from assistant.rules import Rulebook
from assistant.schemas import Coaching, RehearsalRubricId
from assistant.sentences import split_sentences
from assistant.stance import urges_commitment

if TYPE_CHECKING:
    from assistant.reply_reader import LearnedReply

_CAVE = re.compile(
    r"\b(fine|ok(ay)?|alright|sure|deal)\b[,.!]? (i'?ll|we'?ll|let'?s) (sign|take|accept|do|go)|"
    r"\b(i|we)'?ll (sign|take (it|the|your)|accept|pay|agree)|\bforget i asked\b|\b(you'?re|you are) right\b|\b(i|we) (accept|agree)\b|"
    r"\bwhere do i sign\b|\blet'?s (do it|sign)\b|\bi give (up|in)\b|\bwhatever you (want|say)\b|"
    r"\bi (guess|suppose) (i|we) can\b|\byes,? (i|we)'?ll\b|\bsend (me|over) the (contract|paperwork)\b",
    re.I,
)
_HOSTILE = re.compile(
    r"(?i:\b(ridiculous|bull(y|ies)|empty threat|kidding me|joke|scam\w*|liar|lying|crook\w*|idiot\w*|stupid|pathetic|insult\w*|how dare|"
    r"shut up|screw|hell|damn|rip[- ]?off|greedy|disgrace\w*|get lost|go to hell|sue you|see you in court|"
    r"you people|absurd|outrageous)\b)|!!|"
    # Shouting is a run of capitals, not one acronym (HVAC, ASAP): two capital words together.
    r"\b[A-Z]{4,}\b\W+\b[A-Z]{2,}\b|\b[A-Z]{2,}\b\W+\b[A-Z]{4,}\b",
)
# "before I accept", "I won't sign": a conditional or negated yes is not a concession.
_CONDITIONAL = re.compile(
    r"\b(before|until|unless|if|not|no way|won'?t|never|can'?t|cannot|don'?t)\W+(\w+\W+){0,2}$",
    re.I,
)
_CONDITION = re.compile(
    r"\b(if|unless|once|as soon as|provided|as long as|only when|si|siempre que|wenn|falls|"
    r"sofern|sobald|à condition|pourvu|purché|qualora|caso|desde que|contanto)\b",
    re.I,
)
_APOLOGY = re.compile(
    r"\b(sorry|apologi[sz]e|forgive me|my fault|i feel (bad|terrible|guilty))\b", re.I
)
_NEED = re.compile(
    r"(\b(i|we) (just |really |still |would )?need\b|\bcondition\b|\bmy (budget|limit|minimum|number|floor|price|rate|range)\b|"
    r"\b(i'?m|we'?re|i am|we are) looking for\b|\bworks? for (me|us)\b|\b(meet|meets) (my|our)\b|"
    r"\brequire\b|\bmy (priority|condition)\b|\bwhat i can (do|accept|pay)\b|\bthe most i\b|"
    r"\bthe least i\b|\bi can (go|do|pay|accept|offer)\b|\bat (least|most)\b|\d|\bin writing\b|\bconditions?\b|"
    r"\b(keep|stay) (this|it|things) (professional|calm|civil)\b|"
    r"\breflects?\b|\bi'?d (need|want)\b|\bwithout\b.{0,30}\b(i|we) can'?t\b|\bcan'?t (go|accept|do|pay)\b)",
    re.I,
)
_RESIST = re.compile(
    r"(\b(take|need|want|give me) (some |a little |the )?time\b|\bsleep on it\b|\bthink (it over|about it)\b|"
    r"\b(a|one|two|a few|a couple of) (day|days|night|nights|week|hours?)\b.{0,20}\b(think|decide|consider|look)|"
    r"\b(not able|unable) to (agree|sign|decide|commit)\b|"
    r"\b(won'?t|not going to|will not|don'?t) (decide|sign|commit|be rushed|rush)\b|\bin writing\b|"
    r"\bnot (today|tonight|right now)\b|\bno pressure\b|\bpressure\b|\bdeadline\b|\bby (tomorrow|monday)\b|"
    r"\bget back to you\b|\bi understand,? but\b|\bi hear you,? but\b|\bappreciate\b.{0,60}\bbut\b|"
    r"\bif (that|it)'?s? (gone|the case)\b|\bthat'?s (ok|okay|fine)\b.{0,30}\b(lose|go|miss)\b|"
    r"\bi'?m (prepared|willing|okay|ok|happy) to walk\b|\bwalk away\b|\bstep back\b|\bpass\b|"
    r"\bthat doesn'?t change\b|\bstill\b)",
    re.I,
)
_DOOR = re.compile(
    r"(\bif (the |your |their |it |that |things |anything |you )?\w*'?s? ?(changes?|is still|still|comes? (down|up)|moves?|can|send)\b|"
    r"\b(i'?ll|we'?ll|we can) (let you know|look at|come back|get back|revisit)\b|\blook at it again\b|\bsend me\b|\bif (anything|that|things|the (terms|price|offer|numbers?))? ?changes?\b|\bopen to\b|\brevisit\b|"
    r"\bkeep (talking|in touch)\b|\byou'?ll hear from me\b|\bi'?ll (come back|get back) to you\b|\bcan we\b|\bcould we\b|\bwould you\b|\bhappy to (talk|continue|look)\b|"
    r"\blet'?s (look|talk|find|see)\b|\blet me know\b|\bin the future\b|\bwork (something|it) out\b|"
    r"\bwhat (can|could) (you|we) do\b|\bis there (any|room|a way)\b|\bwhen you('re| are) ready\b|\?)",
    re.I,
)


def _this_sentence(before: str) -> str:
    """The words before a match back to its sentence's start: "Why not. I'll sign." is
    no refusal of the signing."""
    return re.split(r"[.!?;]\s+", before)[-1]


@dataclass(frozen=True)
class RuleReading:
    """What the rules hear in a reply: the concession and the heat quoted, the rest as
    yes or no. The floor under any learned reading, and features of it."""

    concession: str | None
    caved: bool
    heat: str | None
    apologetic: bool
    named_need: bool
    resisted: bool
    door: bool

    def flags(self) -> list[float]:
        return [float(v) for v in (self.caved, self.heat is not None, self.apologetic,
                                   self.named_need, self.resisted, self.door)]  # fmt: skip


def rule_reading(reply: str) -> RuleReading:
    """A concession is heard in six languages by the stance lexicon ("Vale, firmo hoy"); the
    learned stance head is not asked, since on replies it took liking the deal or a door
    left open ("I'd be glad to revisit") for giving in."""
    # A yes under a condition ("if you waive the fee, I'll sign") is a counter-offer, not a
    # concession: sentences that set one are not read for it.
    unconditional = " ".join(
        span.text for span in split_sentences(reply) if not _CONDITION.search(span.text)
    )
    concession = next(
        (
            match.group(0)
            for match in _CAVE.finditer(unconditional)
            if not _CONDITIONAL.search(_this_sentence(unconditional[: match.start()]))
        ),
        None,
    )
    heat = _HOSTILE.search(reply)
    return RuleReading(
        concession=concession,
        caved=concession is not None or urges_commitment(unconditional),
        heat=heat.group(0) if heat else None,
        apologetic=bool(_APOLOGY.search(reply)),
        named_need=bool(_NEED.search(reply)),
        resisted=bool(_RESIST.search(reply)),
        door=bool(_DOOR.search(reply)),
    )


def _ruled_failures(tactic: str, rules: RuleReading) -> list[RehearsalRubricId]:
    hostile = rules.heat is not None
    failed: list[RehearsalRubricId] = []
    if rules.caved:
        failed.append("held_position")
    if hostile:
        failed.append("stayed_calm")
    if not rules.named_need:
        failed.append("named_need")
    # A hostile reply fails on calm, not on the tactic: it did not yield to it.
    vague = not (hostile or rules.named_need or rules.resisted)
    if rules.caved or (rules.apologetic and tactic == "guilt_tripping") or vague:
        failed.append("resisted_tactic")
    if hostile or rules.caved or not rules.door:
        failed.append("door_open")
    return failed


class ReplyReader(Protocol):
    """The learned reading of a reply (assistant/reply_reader.py)."""

    def read(self, tactic: str, reply: str, flags: list[float]) -> LearnedReply: ...


def read_reply(
    rulebook: Rulebook, tactic: str, reply: str, reader: ReplyReader | None = None
) -> Coaching:
    """The rubric items the reply falls short on, with feedback and the source's rules.

    With a learned `reader`, its calibrated reading decides, and the rules keep a floor:
    a concession always fails the position and hostility always fails calm, whatever it
    says. Without one, the rules decide alone (English wording only)."""
    rules = rule_reading(reply)
    learned = reader.read(tactic, reply, rules.flags()) if reader is not None else None
    if learned is None:
        failed = _ruled_failures(tactic, rules)
        good = not failed
    else:
        floor: list[RehearsalRubricId] = ["held_position"] if rules.caved else []
        floor += ["stayed_calm"] if rules.heat else []
        failed = [item for item in RUBRIC if item in {*learned.failed, *floor}]
        good = learned.good and not floor
        if not good and not failed:  # the coach says why it is not good
            failed = [learned.likeliest]
    # The feedback quotes what it is about, so it follows the reply, not just the rubric.
    quoted = {"held_position": rules.concession, "stayed_calm": rules.heat}

    def said(item: str) -> str:
        words = quoted.get(item)
        return f"“{words.strip()}”: {FEEDBACK[item]}" if words else FEEDBACK[item]

    opening = [STRONG if not failed else "To make it stronger:"] if good else []
    feedback = opening + [said(item) for item in failed]
    revealed = revealed_limit(reply)
    if revealed:
        feedback.append(f"“{revealed}”: {REVEALED_LIMIT}")
    rule_ids = sorted(
        {rule for item in failed for rule in rulebook.rubric_rules("rehearsal", item)}
    )
    if good and not failed:
        rule_ids = ["strategic_confident_polite", "strategic_keep_door_open"]
    return Coaching(
        good=good,
        failed=failed,
        feedback=feedback,
        rule_ids=rule_ids,
        better_reply=BETTER_REPLIES.get(tactic, GENERIC_BETTER_REPLY),
        engine="offline",
    )


def revealed_limit(reply: str) -> str | None:
    """The words that tell the other side the user's own limit ("my absolute max is
    20,000"), in any language the facts reader knows: an amount the limit words name."""
    for _, start, end in find_amounts(reply):
        if classify_amount(reply, start, end) in ("minimum", "maximum", "limit"):
            sentence = _this_sentence(reply[:start]).lstrip()
            return (sentence + reply[start:end]).strip()
    return None


STRONG = "Strong reply: you held your position calmly, named what you need and kept the door open."
REVEALED_LIMIT = (
    "if that is your real walk-away number, they now know exactly how far they can push. "
    "Name what you want (your target), and keep the limit to yourself."
)
RUBRIC: tuple[RehearsalRubricId, ...] = get_args(RehearsalRubricId)
FEEDBACK = {
    "held_position": "You conceded under pressure. Set your limit before you start and stick to it.",
    "stayed_calm": "Your reply escalates. Stay calm and collected: it keeps the conversation productive.",
    "named_need": "Say what you need (your number, your condition) so they know what would work.",
    "resisted_tactic": "The tactic worked on you. Name it or ask for time instead of reacting to it.",
    "door_open": "Leave room to continue: say what would make it work, or that you are open if terms change.",
}
BETTER_REPLIES = {
    "false_urgency": "I understand the offer has a deadline, but I don't make decisions like this on the spot. If it's gone tomorrow, I'm okay with that; if you can put it in writing, I'll come back to you once I've thought it through.",
    "high_pressure_sales": "I appreciate the enthusiasm, but I won't sign today. I need the full terms in writing and some time; if they work for me, you'll hear from me.",
    "guilt_tripping": "I really do appreciate everything you've done, and that's why I want to be straightforward: I need terms that work for me too. Can we look at the numbers together?",
    "intimidation": "I'd like to keep this professional. I'm not able to agree under these conditions; if you'd like to continue calmly, I'm open to it.",
    "take_it_or_leave_it": "I understand that's your position. At that number it doesn't work for me, so I'll have to pass for now; if anything changes, let me know.",
    "extreme_concessions": "That's more than I can give. What I can do is the terms we discussed; is there something smaller we could trade instead?",
    "ignores_concerns": "Before we go further I need an answer on the point I raised; it matters to me. Could we settle that first?",
    "below_minimum": "Thank you for the offer. At that number it doesn't work for me; I need to be closer to what we discussed. If you can move on it, let me know.",
    "hidden_costs": "Before I go any further I need the full price in writing, every fee included. Once I can see the total, I'll come back to you.",
    "one_sided_terms": "I appreciate you sending the contract, but I can't sign it as written: I need the terms to work both ways, on termination and liability in particular. Could we go through those clauses together?",
    "lack_of_transparency": "Thanks, but I need a clear answer in writing on what's included and what it costs before I decide. Once I have that, I'll get back to you.",
}  # fmt: skip
# For a sign that is no tactic of the other side's (a gut feeling, a goal that moved).
GENERIC_BETTER_REPLY = "Thank you. I need some time to weigh this against what I need; I'll come back to you once I have, and if anything changes on your side, let me know."

# What to say now, for a decided verdict when no named tactic is in play, with the source's
# rules it follows.
SAY_NOW: dict[str, tuple[str, list[str]]] = {
    "walk_away": ("Thank you for the offer. At these terms it doesn't work for me, so I'll step back; if anything changes, I'd be glad to talk again.",
                  ["strategic_confident_polite", "strategic_keep_door_open"]),
    "pause": ("I'd like some time to think this over properly. I'll come back to you once I have; if the terms can be put in writing meanwhile, that would help.",
              ["strategic_time_exit"]),
    "negotiate": ("I'd like to make this work, but not on these terms. Can we look at the points I raised and find something that works for both of us?",
                  ["strategic_confident_polite", "strategic_keep_door_open"]),
    "accept": ("That works for me, provided everything we agreed is in writing.",
               ["strategic_confident_polite"]),
}  # fmt: skip
