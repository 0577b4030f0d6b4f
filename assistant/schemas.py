"""The structures every surface shares: findings, critiques, exit drafts, coaching."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

from assistant.languages import Language

# For the type checker only: the rulebook is the source of the ids, and
# rules.disagreements() fails the start (and a test) when these literals depart from it.
SignalId = Literal[
    "one_sided_terms",
    "hidden_costs",
    "lack_of_transparency",
    "extreme_concessions",
    "take_it_or_leave_it",
    "ignores_concerns",
    "high_pressure_sales",
    "guilt_tripping",
    "false_urgency",
    "intimidation",
    "below_minimum",
    "goals_misaligned",
    "gut_feeling",
    "counterparty_hesitation",
    "has_alternatives",
]
Verdict = Literal["walk_away", "pause", "negotiate", "accept"]
EngineName = Literal["offline", "llm", "local", "host"]
Channel = Literal["email", "text", "phone"]
Tone = Literal["warm", "firm", "formal"]
ExitRubricId = Literal[
    "appreciation", "clear_decision", "door_open", "neutral_tone", "no_fabrication", "concise"
]
RehearsalRubricId = Literal[
    "held_position", "stayed_calm", "named_need", "resisted_tactic", "door_open"
]


NoticeCode = Literal[
    "several_values",  # the text gives more than one value for a number; the last was used
    "negative_amount",  # a negative amount was ignored
    "mixed_currencies",  # amounts in different currencies were not compared
    "contradictory_limits",  # the minimum is above the maximum; the minimum was used
    "other_language",  # the text is not in English: the reading is weaker
    "long_text_screened",  # a long text: every sentence screened, the likeliest read closely
    "instructions_in_text",  # the text addresses an assistant: read as data, obeyed never
    "guess_only",  # (deals saved before possible signs) the verdict rested on a guess
    "possible_signs",  # signs too weak to decide on: a question to the user, not a finding
    "not_enough_to_accept",  # nothing wrong found, but nothing says the deal suits the user
    "engine_fallback",  # the chosen engine did not answer; another one did
    "phrasing_fallback",  # the model's wording was not used; the rulebook's stands
    "guard_replaced",  # model text failed the guard and was replaced
    "draft_withheld",  # a draft failed the guard and was withheld
    "harsh_request",  # the user asked for a harsher exit than Walkaway writes
    "invention_request",  # the user asked to invent facts
    "note",  # a note saved before notices had codes
]


class Notice(BaseModel):
    """Something the user should know about a result: a code for programs, a sentence for people."""

    code: NoticeCode
    text: str

    @model_validator(mode="before")
    @classmethod
    def _from_plain_text(cls, value: object) -> object:
        # Deals saved before notices had codes hold plain sentences.
        return {"code": "note", "text": value} if isinstance(value, str) else value

    def __str__(self) -> str:
        return self.text


class Money(BaseModel):
    amount: float
    currency: str | None = None
    text: str = Field(description="The words the amount was read from.")


class DealFacts(BaseModel):
    """Numbers and facts about the deal, parsed in code or given by the user."""

    minimum: float | None = Field(None, description="The least the user will accept.")
    maximum: float | None = Field(None, description="The most the user will pay.")
    target: float | None = None
    offer: float | None = Field(None, description="What the other side offers or asks.")
    earlier_offers: list[float] = Field(
        default_factory=list, description="Their offers before this one, oldest first."
    )
    currency: str | None = None
    alternatives: list[str] = Field(default_factory=list)
    deadline: str | None = None
    notes: list[Notice] = Field(default_factory=list, description="Problems met while parsing.")

    def has_note(self, code: NoticeCode) -> bool:
        return any(note.code == code for note in self.notes)

    @property
    def limit(self) -> float | None:
        return self.minimum if self.minimum is not None else self.maximum

    @property
    def pays(self) -> bool:
        """Whether the user's limit is a ceiling (they pay) rather than a floor: a minimum,
        when both are given, is the one `limit` holds them to."""
        return self.minimum is None and self.maximum is not None


class Finding(BaseModel):
    signal: SignalId
    evidence: str = Field(description="A verbatim quote of the user's text.")
    rule_id: str
    explanation: str
    score: float = Field(1.0, ge=0, le=1)


class Satisfaction(BaseModel):
    """The user's own words saying the deal suits them."""

    evidence: str = Field(description="A verbatim quote of the user's text.")
    score: float = Field(ge=0, le=1)


class Screening(BaseModel):
    """A long text's reading: how many of its sentences the tagger read closely
    (assistant/screening.py)."""

    sentences: int
    read_closely: int


class Reading(BaseModel):
    """What an engine read in a deal: the findings the verdict may rest on; apart from them
    the possible signs, too weak to decide on and shown with a question; and the user's own
    words saying the deal suits them (the positive evidence `accept` needs)."""

    found: list[Finding] = Field(default_factory=list)
    possible: list[Finding] = Field(default_factory=list)
    satisfied: Satisfaction | None = None
    screening: Screening | None = None

    @property
    def findings(self) -> list[Finding]:
        return self.found

    def with_floor(self, floor: Reading) -> Reading:
        """A model's reading on top of the code's: it can add signals, never remove one; a
        possible sign stays possible unless either reading found it."""
        if self is floor:
            return self
        found = [*self.found, *floor.found]
        signals = {finding.signal for finding in found}
        possible = {
            f.signal: f for f in [*floor.possible, *self.possible] if f.signal not in signals
        }
        return Reading(
            found=found,
            possible=list(possible.values()),
            satisfied=self.satisfied or floor.satisfied,
            screening=self.screening or floor.screening,
        )


class Citation(BaseModel):
    rule_id: str
    title: str
    section: str
    quote: str


class Leverage(BaseModel):
    alternatives: list[str] = Field(default_factory=list)
    counterparty_hesitation: list[str] = Field(default_factory=list)


class Critique(BaseModel):
    verdict: Verdict
    confidence: float = Field(ge=0, le=1)
    basis: str = Field(
        "",
        description="The branch of the verdict policy that decided; the confidence is how "
        "often it was right on cases by other hands.",
    )
    summary: str
    findings: list[Finding]
    facts: DealFacts
    leverage: Leverage
    next_steps: list[str]
    citations: list[Citation]
    engine: EngineName
    possible: list[Finding] = Field(
        default_factory=list,
        description="Possible signs: too weak to decide on, worth a question to the user.",
    )
    notices: list[Notice] = Field(default_factory=list, description="What the user should know.")

    @property
    def signals(self) -> list[str]:
        return sorted({finding.signal for finding in self.findings})


class ExitRequest(BaseModel):
    situation: str = Field(min_length=1, max_length=5000)
    counterparty: str | None = Field(None, max_length=120)
    channel: Channel = "email"
    tone: Tone = "warm"
    variants: int = Field(1, ge=1, le=5)
    sender: str | None = Field(None, max_length=120)
    # None drafts in the language the situation is written in.
    language: Language | None = None


class CheckResult(BaseModel):
    id: str
    passed: bool
    detail: str = ""


class ExitDraft(BaseModel):
    channel: Channel
    tone: Tone
    subject: str | None = None
    body: str
    checks: list[CheckResult]
    rule_ids: list[str]
    engine: EngineName

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


class ExitResult(BaseModel):
    drafts: list[ExitDraft]
    notices: list[Notice] = Field(default_factory=list)


class Coaching(BaseModel):
    good: bool
    failed: list[RehearsalRubricId]
    feedback: list[str]
    rule_ids: list[str]
    better_reply: str
    engine: EngineName
    notices: list[Notice] = Field(default_factory=list)
