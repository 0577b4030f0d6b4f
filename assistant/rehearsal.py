"""Rehearsal: a pushy counterparty using a named tactic, and a coach kept apart from it.

The counterparty sees only its scenario and tactic; the coach sees only the tactic,
the counterparty's line and the user's reply, and scores it on the rehearsal rubric.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.coach import BETTER_REPLIES, FEEDBACK, GENERIC_BETTER_REPLY, read_reply
from assistant.engines import select_engine
from assistant.engines.protocol import Engine
from assistant.errors import InputError
from assistant.guards import guard_coaching
from assistant.privacy import mask_secrets
from assistant.runtime import Runtime
from assistant.scenarios import COACHED_TACTICS, SCENARIOS, next_scripted_line, require_tactic
from assistant.schemas import Coaching
from assistant.textinput import read_user_text


def coach_reply(
    runtime: Runtime,
    tactic: str,
    counterparty: str,
    reply: str | bytes,
    engine: str | Engine | None = None,
) -> Coaching:
    """Score the user's reply to the counterparty's line on the rehearsal rubric."""
    require_tactic(tactic, among=COACHED_TACTICS)
    reply_text = read_user_text(reply).strip()
    if not reply_text:
        raise InputError("Type your reply to the counterparty first.")
    counterparty = read_user_text(counterparty).strip()
    rulebook = runtime.rulebook
    # The floor is the rules' reading: what they hear as a yes or as hostility is certain
    # enough to overrule any coach; the learned reading is a coach's judgement like a model's.
    floor = read_reply(rulebook, tactic, reply_text)
    answered = select_engine(runtime, engine).coach(tactic, counterparty, reply_text)
    coaching = answered.value
    if answered.notice:
        coaching = coaching.model_copy(update={"notices": [*coaching.notices, answered.notice]})
    # decide: caving and hostility are caught by code; a model (or a reply that addresses
    # it) cannot talk them away.
    floor_failed = [item for item in floor.failed if item in ("held_position", "stayed_calm")]
    failed = list(dict.fromkeys([*coaching.failed, *floor_failed]))
    if failed != coaching.failed:
        rule_ids = sorted({r for item in failed for r in rulebook.rubric_rules("rehearsal", item)})
        feedback = coaching.feedback + [
            FEEDBACK[item] for item in floor_failed if item not in coaching.failed
        ]
        coaching = coaching.model_copy(update={"failed": failed, "good": False, "rule_ids": rule_ids,
                                               "feedback": feedback})  # fmt: skip
    # guard: the reply we suggest must itself hold the position, calmly, and show it
    # (resist the tactic or name a need): a reply the coach cannot read as holding, in any
    # language, gives way to the playbook's.
    suggested = read_reply(rulebook, tactic, coaching.better_reply)
    holds = suggested.good  # the playbook's own replies are strong (tests/test_coach.py)
    return guard_coaching(
        coaching,
        BETTER_REPLIES.get(tactic, GENERIC_BETTER_REPLY),
        holds,
        secrets=[runtime.settings.key_value()],
    )


class RehearsalSession(BaseModel):
    """A rehearsal in progress: turns so far and each reply's coaching."""

    scenario: str
    tactic: str
    custom_brief: str | None = None
    turns: list[dict] = Field(default_factory=list)

    pending: str | None = None

    def next_line(self, runtime: Runtime | None = None, engine: str | Engine | None = None) -> str:
        """The counterparty's next line: the script's, or the engine's in character."""
        if self.pending is None:
            scripted = next_scripted_line(self.scenario, self.tactic, self.turns)
            if runtime is None:
                self.pending = scripted
                return self.pending
            brief = self.custom_brief or (
                SCENARIOS[self.scenario].brief if self.scenario in SCENARIOS else "A negotiation."
            )
            history = "\n".join(
                f"Them: {t['counterparty']}\nUser: {t['reply']}" for t in self.turns
            )
            line = select_engine(runtime, engine).play_counterparty(
                brief, self.tactic, history or "(start)", scripted
            )
            spoken = mask_secrets(line.value, runtime.settings.key_value()).strip()
            said = {turn["counterparty"].strip().lower() for turn in self.turns}
            # A model that loops ("Ten more minutes, then it's gone.") gives way to the
            # script, which never says a line twice.
            self.pending = spoken if spoken and spoken.lower() not in said else scripted
        return self.pending

    def answer(self, runtime: Runtime, reply: str, engine: str | Engine | None = None) -> Coaching:
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
