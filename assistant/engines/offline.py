"""The offline engine: no model, no key, no network. It reads with the local detector,
words with the rulebook, drafts from the phrasebook, coaches in code and plays the
rehearsal's scripted lines."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assistant.carry import CarryReader, load_carry_reader
from assistant.coach import BETTER_REPLIES, SAY_NOW, read_reply
from assistant.engines.protocol import DraftText, Phrasing
from assistant.errors import WalkawayError
from assistant.intents import read_intent
from assistant.item import ItemReader, load_item_reader
from assistant.narration import VERDICT_WORDS
from assistant.phrasebook import compose_exit
from assistant.reply_reader import LearnedReplyReader, load_reply_reader
from assistant.schemas import Coaching, Critique, DealFacts, EngineName, ExitRequest, Reading

if TYPE_CHECKING:
    from assistant.runtime import Runtime

# Extra candidates beyond the variants asked for, in case the guard withholds some.
SPARE_DRAFTS = 6
# The reading is the floor under a model's too, so a task may ask for it twice.
_READINGS_KEPT = 16


class OfflineEngine:
    name: EngineName = "offline"
    label = "offline engine"

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._readings: OrderedDict[tuple[str, str], Reading] = OrderedDict()
        self._lock = threading.Lock()

    def extract(self, text: str, facts: DealFacts) -> Reading:
        key = (text, facts.model_dump_json())
        with self._lock:
            if key in self._readings:
                self._readings.move_to_end(key)
                return self._readings[key]
        reading = self.runtime.get_detector().read(text, facts)
        with self._lock:
            self._readings[key] = reading
            while len(self._readings) > _READINGS_KEPT:
                self._readings.popitem(last=False)
        return reading

    def phrase(self, text: str, critique: Critique) -> Phrasing | None:
        return None  # the rulebook's narration stands as it is

    def draft(
        self, request: ExitRequest, counterparty: str | None, sender: str | None
    ) -> list[DraftText]:
        carry, item = self._exit_readers()
        return [
            compose_exit(request, variant, counterparty, sender, carry, item)
            for variant in range(request.variants + SPARE_DRAFTS)
        ]

    def _exit_readers(self) -> tuple[CarryReader | None, ItemReader | None]:
        """The learned carry and item readers when the tagger they were trained on is here;
        else the instruction and subject grammars alone."""
        try:
            tagger = self.runtime.get_heads_tagger()
        except WalkawayError:
            return None, None
        return load_carry_reader(tagger), load_item_reader(tagger)

    def coach(self, tactic: str, counterparty: str, reply: str) -> Coaching:
        return read_reply(self.runtime.rulebook, tactic, reply, self._reply_reader())

    def _reply_reader(self) -> LearnedReplyReader | None:
        """The learned coach when the tagger it was trained on is here; else the rules."""
        try:
            tagger = self.runtime.get_heads_tagger()
        except WalkawayError:
            return None
        return load_reply_reader(tagger)

    def play_counterparty(self, brief: str, tactic: str, history: str, scripted: str) -> str:
        return scripted

    def answer(self, question: str, critique: Critique, facts: DealFacts) -> Iterator[str]:
        intent = read_intent(question)
        if intent.kind == "what_if" and intent.amount is not None:
            yield self._what_if(intent.amount, critique, facts)
        elif intent.kind == "what_to_say":
            yield self._what_to_say(critique)
        elif intent.kind == "is_normal":
            yield self._is_normal(critique)
        else:
            yield self._answer(question, critique)

    def _what_if(self, amount: float, result: Critique, facts: DealFacts) -> str:
        word = VERDICT_WORDS[result.verdict]
        reason = result.summary.removeprefix(f"{word}.").strip()
        lines = [f"If their offer were {amount:,.0f}: **{word}**. {reason}"]
        if result.next_steps:
            lines.append(f"Then: {result.next_steps[0]}")
        if facts.offer is not None:
            lines.append(
                f"_This is a what-if: the deal still has their offer at {facts.offer:,.0f}._"
            )
        return "\n\n".join(lines)

    def _what_to_say(self, result: Critique) -> str:
        rulebook = self.runtime.rulebook
        tactic = next((f for f in result.findings if f.signal in BETTER_REPLIES), None)
        if tactic is not None:
            line, rule_ids = BETTER_REPLIES[tactic.signal], [tactic.rule_id]
        else:
            line, rule_ids = SAY_NOW[result.verdict]
        why = "; ".join(f"{rulebook.get(r).title} [{r}]" for r in rule_ids)
        return f"You could say:\n\n> {line}\n\nWhy: {why}. It holds your position calmly and leaves the door open."

    def _is_normal(self, result: Critique) -> str:
        rulebook = self.runtime.rulebook
        if not result.findings:
            return (
                f"Nothing you have told me is one of the playbook's warning signs. {result.summary}"
            )
        finding = result.findings[0]
        rule = rulebook.get(finding.rule_id)
        advice = f" {rule.advice.text}" if rule.advice else ""
        return (
            f"Common, but not a good sign: “{finding.evidence}” is {rule.title.lower()}, one of the "
            f"playbook's warning signs [{rule.id}]: “{rule.quotes[0]}”{advice}"
        )

    def _answer(self, question: str, result: Critique) -> str:
        rulebook = self.runtime.rulebook
        word = VERDICT_WORDS[result.verdict]
        summary = result.summary.removeprefix(f"{word}.").strip()
        lines = [f"**{word}** (confidence {result.confidence:.0%}). {summary}"]
        if result.findings:
            lines.append("")
            lines += [
                f"- {rulebook.get(f.rule_id).title} [{f.rule_id}]: “{f.evidence}”"
                for f in result.findings
            ]
        lines.append("")
        lines += [f"{i}. {step}" for i, step in enumerate(result.next_steps[:3], 1)]
        try:
            hit = next(iter(self.runtime.get_retriever().search(question, k=1)), None)
        except Exception:  # the store is optional for an answer
            hit = None
        if hit and hit.rule_ids and hit.score > 0.3:
            lines.append(
                f"\nFrom the playbook [{hit.rule_ids[0]}]: {hit.text.splitlines()[0][:300]}"
            )
        for notice in result.notices:
            lines.append(f"\n_Note: {notice}_")
        return "\n".join(lines)
