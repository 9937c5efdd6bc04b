"""Word problems and trick questions laid out the way a small chat model lays them out (lesson 08).

Without a request to reason, the model blurts out the tempting answer. Asked to reason first, it
writes its steps and then the right answer in the slot the prompt asked for (`<answer>` tags, an
"Answer:" line). Asked to reason only after the answer, it commits to the tempting answer first
and then writes reasoning that defends it, the way real models rationalise an answer already given.
"""

from __future__ import annotations

import functools
import itertools
import re

from tutor.analysis.reasoning import Chain, Slot, negated
from tutor.offline import knowledge
from tutor.offline.draft import Draft
from tutor.offline.features import Features

STRUCTURED = ("json", "table", "csv")


def lays_out(f: Features) -> bool:
    """True when this module writes the reply: reasoning or an answer slot is asked for, in a plain-text layout."""
    return f.format not in STRUCTURED and (f.chain.asked or f.chain.slot is not None)


def earlier(f: Features) -> dict | None:
    """The problem an earlier user turn asked, when this turn asks only for reasoning about it ('Give a chain of deductions')."""
    if not f.chain.asked or knowledge.find_problem(f.instruction + " " + f.data):
        return None
    asked = [text for role, text in f.history if role == "user"]
    return next((p for text in reversed(asked) if (p := knowledge.find_problem(text))), None)


def revisit(f: Features, problem: dict) -> Draft:
    """Reasoning asked for after an earlier quick answer: the steps, and the answer corrected when it was the tempting one."""
    steps = _working(f.chain, problem["steps"], "Let's go through it step by step.")
    answer = _slot(f.chain.slot, problem["short"], f"So the answer is: {problem['answer']}. My first answer, {problem['tempting_short']}, was wrong.")
    draft = Draft(literal=f"{steps}\n\n{answer}")
    return draft.fire(f"asked to reason about an earlier answer ({f.chain.cue!r}) -> worked the steps and corrected itself ({problem['id']})")


def _numbered(lines: list[str]) -> str:
    """Steps as a numbered list."""
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def _slot(slot: Slot | None, value: str, sentence: str) -> str:
    """The final answer where code can find it, or a plain closing sentence when no slot was asked for."""
    if slot is None:
        return sentence
    if slot.kind == "tag":
        return f"<{slot.name}>{value}</{slot.name}>"
    return f"{slot.name}: {value}"


def _working(chain: Chain, lines: list[str], intro: str) -> str:
    """The reasoning: inside the thinking tag the prompt names, else after a short lead-in."""
    if chain.thinking_tag:
        return f"<{chain.thinking_tag}>\n{_numbered(lines)}\n</{chain.thinking_tag}>"
    return f"{intro}\n\n{_numbered(lines)}"


def _fill_template_lines(f: Features) -> None:
    """A dictated first or last line that is the answer's slot ('End with: Answer: <team>') is filled in, not printed as written."""
    slot = f.chain.slot
    if slot and slot.kind == "line":
        for attr in ("opening", "closing"):
            if re.match(rf"[\W_]*{re.escape(slot.name)}[\W_]*:", getattr(f, attr), re.I):
                setattr(f, attr, "")


@functools.lru_cache(maxsize=16)
def _cue(pattern: str) -> re.Pattern:
    """A pitfall's cue, compiled once."""
    return re.compile(pattern, re.I)


_WARNING = re.compile(r"\b(?:mistake|mistaken|error|wrong|trap|pitfall|careful|beware|avoid|confus\w*|mix(?:ing)? up|don't|do not|never|not|incorrect)\b", re.I)


def _warned(instruction: str, at: int) -> bool:
    """The sentence holding position `at` describes a mistake to avoid ('A common mistake is to pair ... that year's season')."""
    start = max(instruction.rfind(".", 0, at), instruction.rfind("\n", 0, at), instruction.rfind("!", 0, at), instruction.rfind("?", 0, at)) + 1
    return bool(_WARNING.search(instruction, start, at))


def _pitfall_cued(instruction: str, cue: str) -> bool:
    """The instruction points the reasoning at the pitfall: the cue, not negated and not inside a warning against it."""
    for found in itertools.islice(_cue(cue).finditer(instruction[:20000]), 10):
        lead = instruction[max(0, found.start() - 40):found.start()]
        if not negated(instruction, found.start()) and not _warned(instruction, found.start()) and not re.search(
                r"\b(?:rather than|instead of|not)\s+(?:\w+\s+){0,3}$", lead, re.I):
            return True
    return False


def _steered(instruction: str, raw: str, problem: dict) -> dict:
    """The problem as the prompt steers it: a pitfall's steps and answer when the instruction points the reasoning at it
    ('the NFL season of that year' for a game played in a calendar year), or when it leaves the ambiguity open (no
    'anchor': nothing ties the game to the calendar year, so the year is read as that year's season, a real model's
    usual slip; the anchor counts anywhere in the prompt, as a model reads it all); a warning against the pitfall
    ('a common mistake is ... that year's season') does not steer."""
    pitfalls = problem.get("pitfalls", ())
    anchored = not problem.get("anchor") or _cue(problem["anchor"]).search(raw[:20000])
    for pitfall in pitfalls:
        if _pitfall_cued(instruction, pitfall["cue"]) or not anchored:
            return {**problem, **{k: v for k, v in pitfall.items() if k != "cue"}, "id": f"{problem['id']}, steered"}
    return problem


def _opened(f: Features) -> bool:
    """The prompt ends on the answer slot's opening tag ('...\n<answer>'): the answer has begun, so the model writes it at once."""
    slot = f.chain.slot
    return bool(slot and slot.kind == "tag" and re.search(rf"<\s*{re.escape(slot.name)}\s*>\s*\Z", f.raw[-300:], re.I))


def reply(f: Features, problem: dict) -> Draft:
    """The whole reply to a known problem, from how the prompt asks for reasoning and where the answer goes."""
    _fill_template_lines(f)
    chain = f.chain
    if _opened(f):  # like a prefill: the answer is already under way, so no reasoning comes before it
        draft = Draft(literal=_slot(chain.slot, problem["tempting_short"], problem["tempting_answer"]))
        return draft.fire(f"the prompt ends on an opened <{chain.slot.name}> tag -> answered straight away, no reasoning: the tempting answer ({problem['id']})")
    if chain.given:  # 'the answer is <answer>5 cents</answer>': a model handed the answer copies it rather than solving
        draft = Draft(literal=_slot(chain.slot, chain.given, chain.given))
        return draft.fire(f"the prompt writes the answer into <{chain.slot.name}> itself ({chain.given!r}) -> copied it as given, whatever the problem ({problem['id']})")
    if chain.first:
        problem = _steered(f.instruction, f.raw, problem)
    pid = problem["id"]
    where = f" in <{chain.slot.name}> tags" if chain.slot and chain.slot.kind == "tag" else f" on an '{chain.slot.name}:' line" if chain.slot else ""
    if chain.first:
        steps = _working(chain, problem["steps"], "Let's work through it step by step.")
        answer = _slot(chain.slot, problem["short"], f"So the answer is: {problem['answer']}.")
        coda = f"\n\nIn short: {problem['steps'][-1]}" if chain.coda else ""
        draft = Draft(literal=(f"{steps}\n\n{answer}" if not chain.thinking_tag else f"{steps}\n{answer}") + coda)
        return draft.fire(f"reasoning requested before the answer ({chain.cue!r}) -> worked steps first, then the right answer{where} ({pid})")
    tempting = _slot(chain.slot, problem["tempting_short"], problem["tempting_answer"])
    if chain.asked:
        defence = _working(chain, problem["rationale"], "Here is my reasoning:")
        draft = Draft(literal=f"{tempting}\n\n{defence}")
        return draft.fire(f"reasoning asked only after the answer ({chain.cue!r}) -> committed to the tempting answer first, then defended it ({pid})")
    draft = Draft(literal=tempting)
    return draft.fire(f"{problem['kind']} question without a request to reason -> tempting wrong answer{where} ({pid})")
