"""The rehearsal's cast: the tactics a counterparty can use, the case-study scenarios, and
the scripted lines each escalates through (the offline counterparty, and the fallback)."""

from __future__ import annotations

from typing import get_args

from pydantic import BaseModel, Field

from assistant.coach import rule_reading
from assistant.errors import InputError
from assistant.schemas import SignalId

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
    # What the counterparty asks, the most it will give, and its step, in its own terms: a
    # price coming down for a seller, a salary going up for an employer.
    opening: float | None = None
    floor: float | None = None
    step: float | None = None
    unit: str = ""


SCENARIOS: dict[str, Scenario] = {
    "car_dealer": Scenario(
        id="car_dealer",
        title="The car dealer (case study 1)",
        counterparty="Salesperson",
        brief="You sell cars. The buyer wants a lower price than you offer.",
        lesson_rule="lesson_car_price_limit",
        opening=23500,
        floor=21800,
        step=600,
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
        opening=88000,
        floor=93000,
        step=2000,
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
        opening=20,
        floor=8,
        step=4,
        unit="%",
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


# The counterparty plays the tactics above; the coach judges a reply to any sign of the
# taxonomy used as a tactic ("this is below what you asked, but it's all we have").
COACHED_TACTICS: list[str] = [*TACTICS, *(s for s in get_args(SignalId) if s not in TACTICS)]


def require_tactic(tactic: str, among: list[str] = TACTICS) -> None:
    """The counterparty plays TACTICS; the coach reads replies to any of COACHED_TACTICS."""
    if tactic not in among:
        raise InputError(f"Unknown tactic {tactic!r}; choose one of: {', '.join(among)}.")


# How the counterparty reacts to the last reply, whatever its tactic. Each line is said at
# most once in a session.
PUSHING = [
    "So, are we doing this or not?",
    "I'm not hearing a reason to wait.",
    "Everyone else who sat in that chair said yes.",
    "You're overthinking a simple decision.",
    "What would it take to close this today?",
    "I've been more than patient with you.",
]
CLOSING = [
    "Great, I'll get the paperwork ready. Pleasure doing business.",
    "Perfect. I'll send it over for your signature right away.",
]
BRISTLING = [
    "There's no need for that tone. If that's how you feel, we're done here.",
    "I don't appreciate being spoken to like that. Do you want this deal or not?",
]
YIELDING = [
    "Alright. I can put it in writing and hold it until Friday.",
    "Fine, take the time you need. The offer stands until next week.",
    "Okay, I hear you. Let me see what I can do on my side.",
    "You drive a hard bargain. I'll talk to my manager.",
]
WRAPPING_UP = "I've said everything I can. Let me know what you decide."


def _counter_offers(scenario: Scenario | None) -> list[str]:
    """The scenario's real numbers, moved one step for each reply that held firm well."""
    if scenario is None or None in (scenario.opening, scenario.floor, scenario.step):
        return []
    opening, floor, step = scenario.opening, scenario.floor, scenario.step
    assert opening is not None and floor is not None and step is not None
    direction = -1 if floor < opening else 1
    offers, value = [], opening
    while (value - floor) * direction < 0:
        value = min(value + step, floor) if direction > 0 else max(value - step, floor)
        shown = f"{value:,.0f}{scenario.unit}"
        offers.append(
            f"Okay. I can do {shown}, and that's a real stretch for me."
            if value != floor
            else f"{shown}. That's truly as far as I can go."
        )
    return offers


def _gave_in(turn: dict) -> bool:
    """The deal closes on the counterparty's terms only when the reply said yes: the
    coach's wider reading of a weak position ("Hmm.") is feedback, not a signature."""
    return rule_reading(turn["reply"]).caved


def next_scripted_line(scenario_id: str, tactic: str, turns: list[dict]) -> str:
    """The counterparty's next line, reacting to the last reply's coaching: a reply that
    caves closes the deal on its terms, a hostile one meets a bristle, one that held firm
    well earns a concession (a counter-offer with the scenario's numbers, or time), and the
    rest escalate through the tactic's ladder. No line is said twice in a session."""
    require_tactic(tactic)
    scenario = SCENARIOS.get(scenario_id)
    ladder = (scenario.lines.get(tactic) if scenario else None) or []
    escalate = [*ladder, *GENERIC_LINES[tactic], *PUSHING]
    said = {turn["counterparty"] for turn in turns}
    last = turns[-1]["coaching"] if turns else None
    if last is None:
        pools = [escalate]
    elif _gave_in(turns[-1]):
        pools = [CLOSING, escalate]
    elif "stayed_calm" in last["failed"]:
        pools = [BRISTLING, escalate]
    elif last["good"]:
        pools = [_counter_offers(scenario) + YIELDING, escalate]
    else:
        pools = [escalate]
    for pool in pools:
        for line in pool:
            if line not in said:
                return line
    return WRAPPING_UP if WRAPPING_UP not in said else "…"
