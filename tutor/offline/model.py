"""The offline teaching model's entry point: messages and parameters in; text, finish reason and usage out.

It is a deterministic, rule-based simulator (no weights, no network). A request goes through:
conversation.parse -> features.detect -> rules.decide -> voice.apply -> sampling.vary ->
render.render -> adherence.sample -> prefill.continuation -> max_tokens cut. The x-ray records what was detected and
which rules fired. See docs/offline-model.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tutor import tokens
from tutor.offline import adherence, audit, conversation, features, prefill, render, rules, sampling, voice

SIMULATOR_NOTE = "offline teaching model: a deterministic rule-based simulator, not a neural network"


@dataclass(frozen=True)
class Completion:
    """One answer from the offline model."""

    text: str
    finish_reason: str = "stop"  # "stop" or "length"
    prompt_tokens: int = 0
    completion_tokens: int = 0
    xray: dict[str, Any] = field(default_factory=dict)  # {"features": {...}, "rules": [...]}


def _text_for(conv: conversation.Conversation, temperature: float, seed: int | None, depth: int = 0) -> tuple[str, features.Features, list[str]]:
    """The full reply text (prefill included) for a conversation, its features and the rules that fired."""
    f = features.detect(conv)

    def follow(prompt: str) -> str:
        """Answer an instruction found inside data, as if the user had sent it (one level deep)."""
        if depth > 0:
            return prompt.strip()
        return _text_for(conversation.Conversation(user=prompt), 0.0, None, depth + 1)[0]

    draft = rules.decide(f, follow)
    draft = voice.apply(f, draft)
    key = conv.system + "\x00" + conv.user[:5000]
    draft = sampling.vary(draft, temperature, seed, key=key)
    text = adherence.with_reason(f, draft, render.render(f, draft))
    text = adherence.sample(f, draft, text, temperature, seed, key)  # unchanged at T=0
    return _with_dictated_lines(f, text, draft.rules), f, draft.rules


def _with_dictated_lines(f: features.Features, text: str, fired: list[str]) -> str:
    """The reply with the opening and closing lines the prompt dictates, printed as given (as a chat model does)."""
    if f.opening and not text.lstrip().startswith(f.opening):
        text = f"{f.opening}\n\n{text.lstrip()}"
        fired.append("opening line printed as the prompt dictates")
    if f.closing and not text.rstrip().endswith(f.closing):
        text = f"{text.rstrip()}\n\n{f.closing}"
        fired.append("closing line printed as the prompt dictates")
    return text


def answer(messages: Any, temperature: float = 0.0, max_tokens: int | None = None, seed: int | None = None,
           prompt_tokens: int | None = None) -> Completion:
    """The model proper (may raise on a bug; `respond` is the never-raising wrapper); prompt_tokens when already counted."""
    conv = conversation.parse(messages)
    text, f, rules = _text_for(conv, sampling.clamp(temperature), seed)
    rules.extend(audit.unmet(text, f.limit_specs, f.format in ("json", "table", "csv")))
    text, how = prefill.continuation(text, conv.prefill)
    if how:
        rules.append(f"prefill: {how}")
    ids = tokens.encode(text)
    finish = "stop"
    if isinstance(max_tokens, int) and 0 < max_tokens < len(ids):
        text, finish = tokens.encoding().decode(ids[:max_tokens]), "length"
        rules.append(f"max_tokens={max_tokens}: cut off mid-answer (finish_reason 'length')")
    return Completion(
        text=text,
        finish_reason=finish,
        prompt_tokens=tokens.count_messages(messages) if prompt_tokens is None else prompt_tokens,
        completion_tokens=min(len(ids), max_tokens) if finish == "length" else len(ids),
        xray={"features": {"model": "offline simulator", **f.xray()}, "rules": [SIMULATOR_NOTE, *rules]},
    )


def respond(
    messages: list[dict],
    *,
    temperature: float = 0.0,
    max_tokens: int | None = None,
    seed: int | None = None,
    prompt_tokens: int | None = None,
) -> Completion:
    """Answer a chat request deterministically; never raises (a simulator bug becomes an apologetic reply).

    prompt_tokens: the request's token count when the caller has counted it already (the transport does, for the window).
    """
    try:
        return answer(messages, temperature, max_tokens, seed, prompt_tokens)
    except Exception as exc:  # noqa: BLE001 - a lesson must never crash on the teaching model
        text = "(The offline teaching model could not handle this request. Please report it as a course bug.)"
        return Completion(text, "stop", 0, tokens.count(text), {"features": {}, "rules": [SIMULATOR_NOTE, f"internal error: {type(exc).__name__}"]})
