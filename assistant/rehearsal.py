"""Rehearsal: a pushy counterparty using a named tactic, and a coach kept apart from it.

The counterparty sees only its scenario and tactic; the coach sees only the tactic,
the counterparty's line and the user's reply, and scores it on the rehearsal rubric.
"""

from __future__ import annotations

import contextlib
import re

from pydantic import BaseModel, Field

from assistant.errors import InputError
from assistant.runtime import Runtime
from assistant.schemas import Coaching
from assistant.textinput import read_user_text

TACTICS = [
    "false_urgency",
    "high_pressure_sales",
    "guilt_tripping",
    "intimidation",
    "take_it_or_leave_it",
    "extreme_concessions",
    "ignores_concerns",
]


class Scenario(BaseModel):
    id: str
    title: str
    counterparty: str = Field(description="Who the user faces.")
    brief: str = Field(description="What the counterparty knows: the scenario, never the coach.")
    lines: dict[str, list[str]] = Field(description="Tactic → escalating lines.")
    lesson_rule: str


SCENARIOS: dict[str, Scenario] = {
    "car_dealer": Scenario(
        id="car_dealer",
        title="The car dealer (case study 1)",
        counterparty="Salesperson",
        brief="You sell cars. The buyer wants a lower price than you offer.",
        lesson_rule="lesson_car_price_limit",
        lines={
            "false_urgency": [
                "This price is only good today. Tomorrow it goes back up.",
                "I've got another buyer coming at four who wants this exact car.",
                "Look, I can hold it for ten more minutes, then it's gone.",
            ],
            "high_pressure_sales": [
                "Let's just get the paperwork started, you can think while we fill it in.",
                "My manager is already drawing up the contract. Just sign here.",
                "Everyone who walks out regrets it. Let's close this now.",
            ],
            "take_it_or_leave_it": [
                "That's the price. It's not negotiable.",
                "I can't move a dollar. Take it or leave it.",
                "This is the best and final. There's nothing more I can do.",
            ],
        },
    ),
    "job_offer": Scenario(
        id="job_offer",
        title="The job offer (case study 2)",
        counterparty="Recruiter",
        brief="You are hiring. The candidate wants a higher salary than the offer.",
        lesson_rule="lesson_job_know_worth",
        lines={
            "guilt_tripping": [
                "We've spent weeks on your process. Asking for more now feels a bit ungrateful.",
                "The team really went out on a limb for you. I'd hate to tell them you said no.",
                "After everything we've done to bring you in, I'm surprised you're pushing.",
            ],
            "false_urgency": [
                "I need your answer by end of day, or we move to the next candidate.",
                "The offer expires tonight. I can't hold it any longer.",
                "Other candidates are waiting. Decide now.",
            ],
            "take_it_or_leave_it": [
                "The salary band is fixed. There's no flexibility.",
                "This is the standard package. Nobody gets more.",
                "It's this number or nothing, I'm afraid.",
            ],
        },
    ),
    "supplier": Scenario(
        id="supplier",
        title="The supplier contract (case study 3)",
        counterparty="Supplier",
        brief="You supply a small business. You want a price rise and longer payment terms.",
        lesson_rule="lesson_supplier_explore_options",
        lines={
            "intimidation": [
                "If you don't sign, I'll make sure no one in this region supplies you.",
                "You're making a big mistake. You'll regret this.",
                "Sign it, or I pull every delivery starting tomorrow.",
            ],
            "extreme_concessions": [
                "We need a 20% price increase and 90-day payment terms to continue.",
                "Also exclusivity for three years. That's the deal.",
                "And you'll cover shipping from now on.",
            ],
            "ignores_concerns": [
                "Let's not get into the delivery delays. Let's talk about the renewal.",
                "Your concerns are noted. Anyway, here's the new price list.",
                "I don't see why that matters. Can we just sign?",
            ],
        },
    ),
}
GENERIC_LINES: dict[str, list[str]] = {
    "false_urgency": ["This offer disappears at midnight.", "Decide in the next hour or it's gone.", "Last chance: now or never."],
    "high_pressure_sales": ["Let's get this signed right now.", "Why wait? Sign today and be done.", "I'm not leaving until we have a deal."],
    "guilt_tripping": ["After all I've done for you, this is how you repay me?", "You're letting everyone down.", "I thought we had a relationship."],
    "intimidation": ["You'll regret walking away from me.", "I can make this very difficult for you.", "Don't test me."],
    "take_it_or_leave_it": ["That's my final offer.", "Take it or leave it.", "Nothing on this deal will change."],
    "extreme_concessions": ["I need you to cut your price in half.", "And throw in a year of free support.", "And waive the deposit."],
    "ignores_concerns": ["That's not important right now.", "Let's move past that.", "I don't see the problem."],
}  # fmt: skip


def _require_tactic(tactic: str) -> None:
    if tactic not in GENERIC_LINES:
        raise InputError(f"Unknown tactic {tactic!r}; choose one of: {', '.join(TACTICS)}.")


def counterparty_line(scenario_id: str, tactic: str, turn: int) -> str:
    """The counterparty's line for this turn: it escalates through its tactic's lines."""
    _require_tactic(tactic)
    scenario = SCENARIOS.get(scenario_id)
    lines = scenario.lines.get(tactic) if scenario else None
    lines = lines or GENERIC_LINES[tactic]
    return lines[min(turn, len(lines) - 1)]


# ---------------------------------------------------------------- the coach
_CAVE = re.compile(
    r"\b(fine|ok(ay)?|alright|sure|deal)\b[,.!]? (i'?ll|we'?ll|let'?s) (sign|take|accept|do|go)|"
    r"\bi'?ll (sign|take (it|the|your)|accept|pay|agree)|\bforget i asked\b|\b(you'?re|you are) right\b|\bi (accept|agree)\b|"
    r"\bwhere do i sign\b|\blet'?s (do it|sign)\b|\bi give (up|in)\b|\bwhatever you (want|say)\b|"
    r"\bi (guess|suppose) (i|we) can\b|\byes,? (i|we)'?ll\b|\bsend (me|over) the (contract|paperwork)\b",
    re.I,
)
_HOSTILE = re.compile(
    r"(?i:\b(ridiculous|bull(y|ies)|empty threat|kidding me|joke|scam\w*|liar|lying|crook\w*|idiot\w*|stupid|pathetic|insult\w*|how dare|"
    r"shut up|screw|hell|damn|rip[- ]?off|greedy|disgrace\w*|get lost|go to|sue you|see you in court|"
    r"you people|absurd|outrageous)\b)|!!|\b[A-Z]{4,}\b",
)
# "before I accept", "I won't sign": a conditional or negated yes is not a concession.
_CONDITIONAL = re.compile(
    r"\b(before|until|unless|if|not|won'?t|never|can'?t|cannot|don'?t)\W+(\w+\W+){0,2}$", re.I
)
_APOLOGY = re.compile(
    r"\b(sorry|apologi[sz]e|forgive me|my fault|i feel (bad|terrible|guilty))\b", re.I
)
_NEED = re.compile(
    r"(\b(i|we) (just |really |still |would )?need\b|\bcondition\b|\bmy (budget|limit|minimum|number|floor|price|rate|range)\b|"
    r"\b(i'?m|we'?re|i am|we are) looking for\b|\bworks? for (me|us)\b|\b(meet|meets) (my|our)\b|"
    r"\brequire\b|\bmy (priority|condition)\b|\bwhat i can (do|accept|pay)\b|\bthe most i\b|"
    r"\bthe least i\b|\bi can (go|do|pay|accept|offer)\b|\bat (least|most)\b|\d|"
    r"\breflects?\b|\bi'?d (need|want)\b|\bwithout\b.{0,30}\b(i|we) can'?t\b|\bcan'?t (go|accept|do|pay)\b)",
    re.I,
)
_RESIST = re.compile(
    r"(\b(take|need|want|give me) (some |a little |the )?time\b|\bsleep on it\b|\bthink (it over|about it)\b|"
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
    r"\bkeep (talking|in touch)\b|\bcan we\b|\bcould we\b|\bwould you\b|\bhappy to (talk|continue|look)\b|"
    r"\blet'?s (look|talk|find|see)\b|\blet me know\b|\bin the future\b|\bwork (something|it) out\b|"
    r"\bwhat (can|could) (you|we) do\b|\bis there (any|room|a way)\b|\bwhen you('re| are) ready\b|\?)",
    re.I,
)


def coach_reply(
    runtime: Runtime, tactic: str, counterparty: str, reply: str | bytes, engine: str | None = None
) -> Coaching:
    """Score the user's reply to the counterparty's line on the rehearsal rubric."""
    _require_tactic(tactic)
    reply_text = read_user_text(reply).strip()
    if not reply_text:
        raise InputError("Type your reply to the counterparty first.")
    counterparty = read_user_text(counterparty).strip()
    offline = offline_coach(runtime, tactic, reply_text)
    if runtime.engine_for(engine) == "llm":
        from assistant.engines.llm import LLMUnavailable, llm_coach

        try:
            coaching = llm_coach(runtime, tactic, counterparty, reply_text)
        except LLMUnavailable:
            return offline
        # Caving and hostility are caught by code; a model (or a reply that addresses it)
        # cannot talk them away.
        floor = [item for item in offline.failed if item in ("held_position", "stayed_calm")]
        failed = list(dict.fromkeys([*coaching.failed, *floor]))
        if failed != coaching.failed:
            rule_ids = sorted(
                {r for item in failed for r in runtime.rulebook.rubric_rules("rehearsal", item)}
            )
            feedback = coaching.feedback + [
                _FEEDBACK[item] for item in floor if item not in coaching.failed
            ]
            coaching = coaching.model_copy(update={"failed": failed, "good": False, "rule_ids": rule_ids,
                                                   "feedback": feedback})  # fmt: skip
        return coaching
    return offline


def offline_coach(runtime: Runtime, tactic: str, reply: str) -> Coaching:
    caved = any(not _CONDITIONAL.search(reply[: match.start()]) for match in _CAVE.finditer(reply))
    hostile = bool(_HOSTILE.search(reply))
    apologetic = bool(_APOLOGY.search(reply))
    named_need = bool(_NEED.search(reply))
    failed: list[str] = []
    if caved:
        failed.append("held_position")
    if hostile:
        failed.append("stayed_calm")
    if not named_need:
        failed.append("named_need")
    # A hostile reply fails on calm, not on the tactic: it did not yield to it.
    vague = not (hostile or named_need or _RESIST.search(reply))
    if caved or (apologetic and tactic == "guilt_tripping") or vague:
        failed.append("resisted_tactic")
    if hostile or caved or not _DOOR.search(reply):
        failed.append("door_open")
    feedback = [_FEEDBACK[item] for item in failed] or [
        "Strong reply: you held your position calmly, named what you need and kept the door open."
    ]
    rule_ids = sorted(
        {rule for item in failed for rule in runtime.rulebook.rubric_rules("rehearsal", item)}
    )
    if not failed:
        rule_ids = ["strategic_confident_polite", "strategic_keep_door_open"]
    return Coaching(
        good=not failed,
        failed=failed,  # type: ignore[arg-type]
        feedback=feedback,
        rule_ids=rule_ids,
        better_reply=BETTER_REPLIES[tactic],
        engine="offline",
    )


_FEEDBACK = {
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
}  # fmt: skip


class RehearsalSession(BaseModel):
    """A rehearsal in progress: turns so far and each reply's coaching."""

    scenario: str
    tactic: str
    custom_brief: str | None = None
    turns: list[dict] = Field(default_factory=list)

    pending: str | None = None

    def next_line(self, runtime: Runtime | None = None, engine: str | None = None) -> str:
        """The counterparty's next line; on the LLM engine the model plays it, in character."""
        if self.pending is None:
            self.pending = counterparty_line(self.scenario, self.tactic, len(self.turns))
            if runtime is not None and runtime.engine_for(engine) == "llm":
                from assistant.engines.llm import LLMUnavailable, counterparty_reply

                brief = self.custom_brief or (
                    SCENARIOS[self.scenario].brief
                    if self.scenario in SCENARIOS
                    else "A negotiation."
                )
                history = "\n".join(
                    f"Them: {t['counterparty']}\nUser: {t['reply']}" for t in self.turns
                )
                with contextlib.suppress(LLMUnavailable):
                    self.pending = counterparty_reply(
                        runtime, brief, self.tactic, history or "(start)"
                    )
        return self.pending

    def answer(self, runtime: Runtime, reply: str, engine: str | None = None) -> Coaching:
        line = self.next_line(runtime, engine)
        # The coach sees the tactic, the line and the reply: never the counterparty's brief.
        coaching = coach_reply(runtime, self.tactic, line, reply, engine)
        self.pending = None
        self.turns.append({"counterparty": line, "reply": reply, "coaching": coaching.model_dump()})
        return coaching

    def scorecard(self) -> dict:
        good = sum(1 for turn in self.turns if turn["coaching"]["good"])
        return {
            "turns": len(self.turns),
            "good": good,
            "better_replies": [
                {"counterparty": t["counterparty"], "better_reply": t["coaching"]["better_reply"]}
                for t in self.turns
                if not t["coaching"]["good"]
            ],
        }
