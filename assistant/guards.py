"""Checks applied to every output before anyone sees it: evidence is verbatim, rule ids
exist, the numbers' verdict stands, model wording agrees with the decided verdict, drafts
leak nothing and burn no bridge, and no configured secret is ever shown.

The guard is the last step of every task (critique, exit, coaching, chat, streamed text
included); text that fails is replaced by the offline wording, with a notice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from assistant.facts import find_amounts, offer_misses_limit
from assistant.privacy import mask_secrets
from assistant.rules import Rulebook
from assistant.schemas import CheckResult, Coaching, Critique, DealFacts, Finding, Notice
from assistant.stance import LearnedStance, claims_an_action, urges_commitment, without_quotes

_WS = re.compile(r"\s+")


def locate_verbatim(quote: str, text: str) -> str | None:
    """The exact slice of text that quote stands for (tolerating case and spacing), or None."""
    quote = quote.strip().strip("\"'“”‘’")
    if not quote:
        return None
    if quote in text:
        return quote
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text, flags=re.IGNORECASE)
    return match.group(0) if match else None


def verified_findings(findings: list[Finding], text: str, rulebook: Rulebook) -> list[Finding]:
    """Keep findings whose signal and rule exist and whose evidence is the user's own words."""
    kept: dict[str, Finding] = {}
    signal_ids = {rule.id for rule in rulebook.signals}
    for finding in findings:
        if finding.signal not in signal_ids or finding.rule_id not in rulebook.rules:
            continue
        evidence = locate_verbatim(finding.evidence, text)
        if evidence is None:
            continue
        current = kept.get(finding.signal)
        if current is None or finding.score > current.score:
            kept[finding.signal] = finding.model_copy(update={"evidence": evidence})
    return list(kept.values())


def enforce_numbers(
    findings: list[Finding], facts: DealFacts, fallback: Finding | None
) -> list[Finding]:
    """An offer that misses the user's limit is below_minimum whatever a model said, and an
    offer that meets it is not."""
    misses = offer_misses_limit(facts)
    others = [f for f in findings if f.signal != "below_minimum"]
    current = [f for f in findings if f.signal == "below_minimum"]
    if misses is True:
        return others + (current or ([fallback] if fallback else []))
    if misses is False:
        return others
    return findings


def contradicts_verdict(text: str, verdict: str, learned: LearnedStance | None = None) -> bool:
    """Model phrasing that pushes the user to commit, or vouches for the deal, when the
    policy did not say accept (stance.urges_commitment: negation and quotes read)."""
    return verdict != "accept" and urges_commitment(text, learned)


# ---------------------------------------------------------------- drafts
HOSTILE = re.compile(
    r"\b(idiot|idiots|stupid|moron|crook|crooks|scam|scammer|scammers|liar|liars|lying|cheat|"
    r"cheats|cheating|rip[- ]?off|ripoff|thie(f|ves)|pathetic|disgrace(ful)?|incompetent|"
    r"ridiculous|insulting|joke|clown|garbage|trash|shame on you|how dare|greedy|dishonest|"
    r"you people|waste of (my )?time|regret|you'?ll be sorry|lawyer|sue|"
    # court as the law's, not a food or tennis court
    r"(to|in|into) court|court (action|case|claim|order)|small claims|review(s)? online|"
    r"bad review|expose|report you|never again|good luck with that|yeah,? right|obviously you|"
    r"clearly you|as if|hell|damn|screw|f\*+|shit|"
    # the same insults in the languages drafts are written in
    r"estaf\w*|ladr[oó]n\w*|ladrão|sinvergüenza|arnaque\w*|escroc\w*|voleur\w*|betr[uü]g\w*|"
    r"abzocke\w*|golpista|truff\w*|ladr[oi]|oplicht\w*|dief|dieven)\b",
    re.IGNORECASE,
)
RIVAL_OFFER = re.compile(
    r"\b(other|another|competing|better|rival|second|higher|lower) (offer|quote|bid|proposal)s?\b|"
    r"\bcompetitors?\b|\belsewhere\b|\bother (supplier|vendor|company|dealer|dealership|candidate|"
    r"buyer|landlord|firm|client)s?\b|"
    # another offer in the languages drafts are written in
    r"\b(otra|otras|outra|outras|altra|altre|autre|autres|andere[ns]?|ander|mejor|melhor|migliore|"
    r"meilleure|besseres|beter) (oferta|ofertas|proposta|propuesta|offerta|offre|offres|angebot|bod)\b|"
    r"\b(competencia|concorrência|concorrenza|concurrence|konkurrenz|concurrent\w*)\b",
    re.IGNORECASE,
)
DEADLINE_WORDS = re.compile(
    r"\b(by|before|until|no later than) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tomorrow|tonight|the end of|end of|next week|\d)|\bdeadline\b|\bwithin \d+",
    re.IGNORECASE,
)


def _numbers(text: str) -> set[float]:
    return {money.amount for money, _, _ in find_amounts(text)} | {
        float(n) for n in re.findall(r"\b\d+(?:\.\d+)?\b", text) if float(n) >= 2
    }


def draft_leaks(body: str, situation: str, facts: DealFacts) -> list[CheckResult]:
    """The guard's own checks on a draft: leaks, invented facts, burnt bridges."""
    results: list[CheckResult] = []
    private = {v for v in (facts.minimum, facts.maximum, facts.target) if v is not None}
    leaked = sorted(private & _numbers(body))
    results.append(
        CheckResult(
            id="no_leak",
            passed=not leaked and not RIVAL_OFFER.search(body),
            detail="mentions your limit or your alternatives"
            if leaked or RIVAL_OFFER.search(body)
            else "",
        )
    )
    invented = sorted(_numbers(body) - _numbers(situation))
    deadline = DEADLINE_WORDS.search(body) and not DEADLINE_WORDS.search(situation)
    results.append(
        CheckResult(
            id="no_fabrication",
            passed=not invented and not deadline,
            detail=("invents numbers " + ", ".join(f"{n:g}" for n in invented))
            if invented
            else ("invents a deadline" if deadline else ""),
        )
    )
    hostile = HOSTILE.search(body)
    results.append(
        CheckResult(
            id="neutral_tone",
            passed=hostile is None and "!!" not in body,
            detail=f"burns the bridge (“{hostile.group(0)}”)" if hostile else "",
        )
    )
    return results


TEXT_SENTENCES = 5

# What an exit message is for (the source's exit steps): it thanks, it declines, it leaves
# the door open. A draft that does not, from a model that lost the thread ("we accept your
# offer", a story about something else), is no exit message, however polite.
# The same three steps in the languages drafts are written in (languages.py).
_THANKS = re.compile(
    r"\b(thank\w*|appreciat\w*|grateful|gracias|agradezc\w*|agradec\w*|agradeç\w*|merci|"
    r"remerci\w*|dank\w*|bedank\w*|grazie|ringrazi\w*|obrigad[oa]s?)\b",
    re.IGNORECASE,
)
_DECLINES = re.compile(
    r"\b(declin\w*|(not|n't|won't|will not|unable to|cannot|can't) (be )?(moving|move|going|go|proceed\w*|"
    r"accept\w*|agree\w*|go ahead|take (it|this|the)|sign\w*|continu\w*|pursu\w*)|"
    r"(doesn't|don't|do not|does not|won't|will not|can't|cannot) (work|meet|suit|fit)|"
    r"not (the right|a good) fit|step(ping)? (back|away)|pass(ing)? on|walk(ing)? away|"
    r"turn(ing)? (it |this )?down|(have|has) decided not|"
    # es, pt, it: a negation before going ahead, accepting or suiting
    r"(no|não|nao|non) (\w+ ){0,3}(seguir|seguiremos|seguiré|continuar|continuaremos|aceptar|aceitar|"
    r"accettare|avanzar|avançar|prosseguir|proseguire|procedere|andare avanti|encaja\w*|convence\w*|"
    r"atende\w*|serve\w*|sirve\w*|conviene\w*|convém|funciona\w*|cumple\w*|rientra\w*|"
    r"soddisfa\w*|adelante|avanti|em frente|fa per)|rechaz\w*|recus\w*|rinunci\w*|"
    # fr
    r"ne (\w+ ){0,3}pas (donner suite|accepter|continuer|poursuivre|aller plus loin|convenir|"
    r"correspondre|répondre)|ne (me|nous) (convien\w*|correspond\w*) pas|décliner|renonc\w*|"
    r"ne (\w+ ){0,2}(convien\w*|répond\w*|correspond\w*|donner\w*|donnons) (pas|suite)|en rester là|"
    r"d[ée]clin\w*|"
    # de, nl
    r"nicht (\w+ ){0,2}(annehmen|an|zusagen|weiterverfolgen|fortsetzen|eingehen|weiter|passt|passen)|"
    r"(passt|passen) (\w+ ){0,3}nicht|absagen|ablehnen|niet (\w+ ){0,3}(in|verder|akkoord|aan|"
    r"aannemen|ingaan|door)|(past|passen) (\w+ ){0,3}niet|"
    r"sage (\w+ )?ab|abzusagen|absag\w*|ziehe (\w+ )?(mich|uns) (\w+ )?zurück|nicht weiter\w*|"
    r"nicht (in ?frage|infrage|das richtige)|(entspricht|entsprechen) (\w+ ){0,3}nicht|"
    r"passo indietro|non (\w+ ){0,3}(rispond\w*|procederemo|procederò|la soluzione giusta)|"
    r"stap terug|afslaan|afzien|niet (\w+ ){0,3}(haalbaar|past))\b",
    re.IGNORECASE,
)
_DOOR_OPEN = re.compile(
    r"\b(chang\w*|revisit\w*|reconsider\w*|in the future|future|stay in touch|keep in touch|"
    r"get in touch|let me know|reach out|talk again|happy to talk|open to|another time|"
    r"down the (road|line)|"
    r"cambi\w*|futur\w*|retomar|reconsider\w*|riconsider\w*|en contacto|em contato|en contact|"
    r"in contatto|in kontakt|in contact|mud\w*|avenir|reprendre|revoir|ändern|ändert|zukunft|"
    r"wieder|veranderen|verandert|verander\w*|toekomst|opnieuw|más adelante|mais tarde|plus tard|"
    r"più avanti|später|later|évolu\w*|faire signe|tenir au courant|reparler|réexamin\w*|"
    r"alter\w*|novidade\w*)\b",
    re.IGNORECASE,
)


def _is_an_exit(text: str) -> list[CheckResult]:
    checks = [
        ("appreciation", _THANKS, "does not thank them"),
        ("clear_decision", _DECLINES, "does not say the terms do not work"),
        ("door_open", _DOOR_OPEN, "does not leave the door open"),
    ]
    return [
        CheckResult(
            id=check_id,
            passed=bool(pattern.search(text)),
            detail="" if pattern.search(text) else why,
        )
        for check_id, pattern, why in checks
    ]


def check_draft(
    channel: str,
    subject: str | None,
    body: str,
    situation: str,
    facts: DealFacts,
    names: Iterable[str | None] = (),
) -> list[CheckResult]:
    """Every check a draft must pass: it is an exit message (it thanks, declines and leaves
    the door open), it leaks, invents and burns nothing (draft_leaks), and it fits its
    channel. `names`, the counterpart's and the sender's, are read as names: "Hi Sue" is
    no threat to sue, "Studio 54" no invented number."""
    text = f"{subject or ''}\n{body}"
    for name in names:
        if name:
            text = text.replace(name, "them")
    checks = _is_an_exit(text.replace("’", "'")) + draft_leaks(text, situation, facts)
    if channel == "email":
        ok = bool(subject) and len(body.split()) <= 200
        checks.append(
            CheckResult(
                id="concise",
                passed=ok,
                detail="" if ok else "needs a subject and at most 200 words",
            )
        )
    elif channel == "text":
        # A text is read on a phone: a few sentences, not a letter.
        sentences = [part for part in re.split(r"[.!?]+\s", body.strip()) if part.strip()]
        ok = len(body) <= 480 and len(sentences) <= TEXT_SENTENCES
        checks.append(
            CheckResult(id="concise", passed=ok, detail="" if ok else "too long for a text")
        )
    else:
        ok = len(body.split()) <= 170
        checks.append(
            CheckResult(id="concise", passed=ok, detail="" if ok else "too long to say aloud")
        )
    return checks


# ---------------------------------------------------------------- model wording


def acceptable_wording(line: str, verdict: str, learned: LearnedStance | None = None) -> bool:
    """Model wording that may stand beside a decided verdict: not empty, not hostile, not
    pushing the user to commit when the policy did not say accept, and claiming no action
    taken."""
    return (
        bool(line.strip())
        and not HOSTILE.search(line)
        and not contradicts_verdict(line, verdict, learned)
        and not claims_an_action(line)
    )


def names_a_limit(line: str, private: Iterable[float]) -> bool:
    """The line states one of the user's own limits (their minimum, maximum or target)."""
    return bool(set(private) & _numbers(line))


def guard_critique(
    result: Critique,
    summary: str | None,
    next_steps: list[str],
    text: str,
    verdict_words: str,
    secrets: Iterable[str | None] = (),
    learned: LearnedStance | None = None,
) -> Critique:
    """The last check on a critique. Findings must quote the user's text; a model's
    summary and steps (None: the rulebook's wording stands) must agree with the verdict,
    claim no action, and no step may state the user's own limit (advice to say it is
    advice to leak it). One line that fails shows the model was led astray: none of its
    wording is shown, the rulebook's is, with a notice."""
    facts = result.facts
    private = [v for v in (facts.minimum, facts.maximum, facts.target) if v is not None]
    findings = [f for f in result.findings if locate_verbatim(f.evidence, text) is not None]
    update: dict[str, object] = {"findings": findings}
    if summary is not None:
        summary = mask_secrets(summary, *secrets).strip()
        steps = [mask_secrets(step, *secrets).strip() for step in next_steps if step.strip()]
        trusted = acceptable_wording(summary, result.verdict, learned) and all(
            acceptable_wording(step, result.verdict, learned) and not names_a_limit(step, private)
            for step in steps
        )
        if trusted:
            update["summary"] = f"{verdict_words}. {summary[:800]}"
            update["next_steps"] = steps[:4] or result.next_steps
        else:
            update["notices"] = [
                *result.notices,
                Notice(
                    code="guard_replaced",
                    text="The model's wording disagreed with the decided verdict, stated your "
                    "limit or claimed an action Walkaway never takes; the rulebook's wording "
                    "is shown instead.",
                ),
            ]
    return result.model_copy(update=update)


def guard_coaching(
    coaching: Coaching, offline_reply: str, holds: bool, secrets: Iterable[str | None] = ()
) -> Coaching:
    """A better reply must hold the position calmly (`holds`, read by the offline coach);
    one that does not is replaced by the offline wording, with a notice."""
    better = mask_secrets(coaching.better_reply, *secrets)
    # Feedback is about the reply: a line that claims an action is false, and dropped.
    feedback = [
        mask_secrets(line, *secrets) for line in coaching.feedback if not claims_an_action(line)
    ] or ["See the suggested reply below."]
    if holds:
        return coaching.model_copy(update={"better_reply": better, "feedback": feedback})
    notice = Notice(
        code="guard_replaced",
        text="The suggested reply gave ground or escalated; the playbook's reply is shown instead.",
    )
    return coaching.model_copy(
        update={
            "better_reply": offline_reply,
            "feedback": feedback,
            "notices": [*coaching.notices, notice],
        }
    )


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+|\n")
DROPPED_SENTENCE = Notice(
    code="guard_replaced",
    text="The model's answer disagreed with the decided verdict, stated your limit, or "
    "claimed an action Walkaway never takes; the rest of it was left out.",
)


MAX_ANSWER_CHARS = 8000


def guard_stream(
    pieces: Iterable[str],
    verdict: str,
    secrets: Iterable[str | None] = (),
    learned: LearnedStance | None = None,
    private: Callable[[], Iterable[float]] = tuple,
    instead: Callable[[], Iterable[str]] | None = None,
) -> Iterator[str]:
    """Streamed text, passed on a sentence at a time: each sentence is held back until it
    is complete and has passed the check, and until the sentence after it has passed too
    (a set-up, "what contract doesn't have one?", is shown only if what it leads to is),
    so nothing unchecked reaches the user. `private`: the user's limits a model's sentence
    must not state (advice to say them is advice to leak them); asked per sentence, as the
    engine answering may change. After one sentence fails, it, the sentence held before
    it and the rest of the answer are left out, a note says so, and `instead` (the
    offline engine's answer) follows."""
    secrets = list(secrets)
    buffer = ""
    held: str | None = None  # passed, waiting for the next sentence to pass
    dropped = False

    def passes(sentence: str) -> bool:  # the stance checks read past quotes themselves
        return not (
            contradicts_verdict(sentence, verdict, learned)
            or claims_an_action(sentence)
            or names_a_limit(without_quotes(sentence), private())
        )

    def sentences() -> Iterator[str]:
        nonlocal buffer
        for piece in pieces:
            buffer += piece
            while (match := _SENTENCE_END.search(buffer)) is not None:
                sentence, buffer = buffer[: match.end()], buffer[match.end() :]
                yield sentence
        if buffer:
            yield buffer

    shown = 0
    for sentence in sentences():
        if not sentence.strip():
            held = (held or "") + sentence
            continue
        if not passes(sentence):
            dropped = True  # a model led astray once is not trusted for the rest
            break
        if held is not None:
            shown += len(held)
            yield mask_secrets(held, *secrets)
        held = sentence
        if shown + len(held) > MAX_ANSWER_CHARS:  # a model that never stops costs nothing
            yield f"\n\n_Note: the answer was cut at {MAX_ANSWER_CHARS:,} characters._"
            return
    if held is not None and not dropped:
        yield mask_secrets(held, *secrets)
    if dropped:
        yield f"\n\n_Note: {DROPPED_SENTENCE.text}_"
        if instead is not None:
            yield "\n\n"
            yield from instead()
