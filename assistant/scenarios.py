"""The rehearsal's cast: the tactics a counterparty can use, the case-study scenarios, and
the scripted lines each escalates through (the offline counterparty, and the fallback)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.errors import InputError

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


def require_tactic(tactic: str) -> None:
    if tactic not in GENERIC_LINES:
        raise InputError(f"Unknown tactic {tactic!r}; choose one of: {', '.join(TACTICS)}.")


def scripted_line(scenario_id: str, tactic: str, turn: int) -> str:
    """The counterparty's line for this turn: it escalates through its tactic's lines."""
    require_tactic(tactic)
    scenario = SCENARIOS.get(scenario_id)
    lines = scenario.lines.get(tactic) if scenario else None
    lines = lines or GENERIC_LINES[tactic]
    return lines[min(turn, len(lines) - 1)]
