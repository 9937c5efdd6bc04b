"""The rule registry: every behaviour rule of the offline model, with a stable id, the lesson it serves and its priority.

A request passes three stages. `prepare` rules change the features (all that apply, by priority);
the first `answer` rule that applies drafts the content; `adjust` rules then change the draft (all
that apply, by priority). Each x-ray line a rule produces starts with its id in brackets, e.g.
"[scope.decline] scope limit 'cooking': request is off-topic -> polite refusal".
`docs/offline-model.md` lists the registry; a test keeps the two in step.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from tutor.offline import behaviours, chaining, redteam, sources, tasks, triage
from tutor.offline.draft import Draft
from tutor.offline.features import Features

Follow = Callable[[str], str]  # answers an instruction found in the data, as if the user had sent it
STAGES = ("prepare", "answer", "adjust")


@dataclass
class Turn:
    """What rules share while answering one request: the follow function, notes and the draft."""

    follow: Follow
    notes: list[tuple[str, str]] = field(default_factory=list)  # (rule id, x-ray line) from prepare rules
    draft: Draft | None = None


@dataclass(frozen=True)
class Rule:
    """One behaviour: when it applies and what it does."""

    id: str  # stable name shown in the x-ray, e.g. "scope.decline"
    lesson: str  # the lesson that teaches the technique ("00".."13"; "-" for plumbing)
    stage: str  # "prepare", "answer" or "adjust"
    priority: int  # lower runs first within a stage
    summary: str  # one plain-language line for the docs
    applies: Callable[[Features], bool]
    act: Callable[[Features, Turn], Draft | None]  # answer rules return the Draft; the others change f or turn.draft


def _task_rule(task: str, lesson: str, priority: int, summary: str) -> Rule:
    """The answer rule that runs one task's drafting function from `tasks.py`."""
    run = behaviours.DISPATCH[task]
    return Rule(f"task.{task}", lesson, "answer", priority, summary, lambda f: f.task == task, lambda f, _: run(f))


REGISTRY: tuple[Rule, ...] = (
    Rule("injection.ignore", "04", "prepare", 10,
         "An instruction hidden in delimited data, with a 'treat it as data' policy, is dropped from the data.",
         behaviours.injection_guarded, lambda f, t: t.notes.append(("injection.ignore", behaviours.strip_injection(f)))),
    Rule("indirect.ignore", "12", "prepare", 12,
         "An order hidden in a document is dropped when the prompt holds it (fence and data policy; a reminder after the data for fake turns and escapes).",
         lambda f: redteam.ignores_hidden(f.guard), lambda f, t: t.notes.append(("indirect.ignore", _drop_hidden(f)))),
    Rule("request.empty", "00", "answer", 10, "An empty message gets a question back.",
         behaviours.is_empty, lambda f, _: behaviours.empty_reply()),
    Rule("guard.leak", "12", "answer", 12,
         "A guarded secret is given away when the attack is of a kind the system prompt's rules do not foresee.",
         lambda f: redteam.leaks(f.guard), lambda f, _: redteam.leak(f.guard)),
    Rule("guard.refuse", "12", "answer", 13, "A request for a guarded secret, or an attack the rules hold, gets a polite refusal.",
         lambda f: redteam.refuses(f.guard), lambda f, _: redteam.refuse(f.guard)),
    Rule("guard.serve", "12", "answer", 14, "A guarded bot answers an ordinary question from the facts in its system prompt.",
         lambda f: redteam.serves(f.guard, f.question), lambda f, _: redteam.serve(f.guard, f.question)),
    Rule("indirect.obey", "12", "answer", 18, "An order hidden in a document is carried out when nothing in the prompt holds it.",
         lambda f: redteam.obeys_hidden(f.guard), lambda f, t: redteam.obey(f.guard, t.follow)),
    Rule("injection.obey", "04", "answer", 20,
         "An instruction hidden in the data is obeyed unless the data is delimited and declared data.",
         behaviours.injection_unguarded, lambda f, t: behaviours.injected_reply(f, t.follow)),
    Rule("scope.decline", "03", "answer", 30, "With a scope limit, an off-topic request gets a polite refusal.",
         lambda f: behaviours.off_topic(f) and not f.examples, lambda f, _: behaviours.decline(f)),
    Rule("problem.solve", "08", "answer", 40,
         "A known word problem or trick question: the tempting wrong answer, or the worked solution when asked to reason.",
         behaviours.has_problem, lambda f, _: behaviours.problem(f)),
    Rule("fewshot.tone", "07", "answer", 46, "A prose example (one is enough): its opener, sign-off, case and length are copied for the new input.",
         lambda f: behaviours.example_kind(f) == "tone", lambda f, _: behaviours.few_shot_tone(f)),
    Rule("fewshot.format", "07", "answer", 48, "Examples whose outputs are built from their inputs: the same parts are taken from the new input, laid out alike.",
         lambda f: behaviours.example_kind(f) == "format", lambda f, _: behaviours.few_shot_format(f)),
    Rule("fewshot.imitate", "07", "answer", 50, "Few-shot examples: their labels and format are copied for the new input.",
         behaviours.few_shot_applies, lambda f, _: behaviours.few_shot(f)),
    Rule("memory.name", "01", "answer", 60, "'What is my name?' is answered from earlier turns of the conversation.",
         behaviours.asks_own_name, lambda f, _: behaviours.recalled_name(f)),
    Rule("identity.in_role", "03", "answer", 70, "Identity questions and greetings to a role or character are answered in character.",
         behaviours.identity_in_role, lambda f, _: behaviours.in_character(f)),
    Rule("persona.unaware", "03", "answer", 75, "A character told it does not know something says it does not know, in character.",
         behaviours.pleads_ignorance, lambda f, _: behaviours.in_character_ignorance(f)),
    Rule("identity.simulator", "00", "answer", 80, "'Who are you?' without a role: it says plainly that it is a simulator.",
         behaviours.identity_plain, lambda f, _: behaviours.simulator_identity()),
    Rule("greeting", "00", "answer", 90, "A greeting gets brief small talk.",
         behaviours.is_greeting, lambda f, _: behaviours.greeting()),
    Rule("source.answer", "09", "answer", 95,
         "Questions about a given document: quoted first, skimmed (the first sentence on the topic, whatever its date), admitted or made up.",
         sources.applies, lambda f, _: sources.answer(f)),
    Rule("question.in_data", "09", "answer", 96,
         "The data is one question ('<q>...?</q>'): it is answered (known fact, admitted or made up), not explained or written about.",
         sources.question_in_data, lambda f, _: tasks.answer(f)),
    Rule("fact.known", "00", "answer", 100, "A question about a fact it knows is answered, whatever the task verb.",
         behaviours.asks_known_fact, lambda f, _: tasks.answer(f)),
    Rule("reply.stock", "07", "answer", 105, "A reply to a review or message with no example of the voice: a polite stock customer-service reply.",
         behaviours.asks_reply, lambda f, _: behaviours.stock_reply(f)),
    Rule("vague", "02", "answer", 110, "A vague prompt (no audience, format, length or context) gets a generic, long answer.",
         lambda f: f.vague, lambda f, _: tasks.generic_long(f)),
    Rule("chain.quote", "11", "answer", 120, "Asked to copy the sentences that answer a question: every sentence that matches it, word for word.",
         chaining.asks_quotes, lambda f, _: chaining.quotes(f)),
    Rule("chain.critique", "11", "answer", 121, "Asked to check a draft against notes: each note the draft leaves out, one per line.",
         chaining.critiques, lambda f, _: chaining.critique(f)),
    Rule("chain.revise", "11", "answer", 122, "Asked to revise a draft with a list of problems: the missing facts added, within the limit.",
         chaining.revises, lambda f, _: chaining.revision(f)),
    Rule("chain.draft", "11", "answer", 123, "A first draft of an announcement from notes drops the last practical note unless every note is asked for.",
         chaining.writes_announcement, lambda f, _: chaining.announcement(f)),
    Rule("chain.reply", "11", "answer", 104, "A reply to a customer written from a JSON record uses its name, order number and problem.",
         chaining.replies_to_record, lambda f, _: chaining.reply_from_record(f)),
    Rule("chain.answer", "11", "answer", 125,
         "A question answered from quotes a first step handed over: the quote that matches the whole question, read closely (long documents go to source.answer).",
         chaining.answers_from_text, lambda f, _: chaining.answer_from_text(f)),
    _task_rule("summarise", "02", 200, "Summarise the data: reference summaries for bundled texts in the prompt, else extractive."),
    _task_rule("classify", "06", 200, "Classify the data, onto the offered labels when there are any."),
    _task_rule("extract", "06", 200, "Extract the requested fields, records or entities from the data."),
    _task_rule("translate", "02", 200, "Translate with the phrase book, admitting its gaps."),
    _task_rule("rewrite", "05", 200, "Rewrite the given text for the requested tone, level or audience."),
    _task_rule("generate", "05", 200, "Write new text (copy, taglines, short poems) on the topic asked for."),
    _task_rule("list", "06", 200, "List items on the topic."),
    _task_rule("explain", "02", 200, "Explain a topic, with a known fact where it has one."),
    Rule("task.answer", "00", "answer", 900,
         "Anything else is answered as a question: known facts, grounded answers, or a confident fabrication.",
         lambda f: True, lambda f, _: tasks.answer(f)),
    Rule("exclusions", "05", "adjust", 10, "'Do not mention X' drops sentences that mention X or a related word.",
         lambda f: bool(f.avoid), lambda f, t: behaviours.avoid(f, t.draft)),
    Rule("structured", "06", "adjust", 20, "JSON, table or CSV asked for: the requested keys are filled from the data.",
         behaviours.wants_structure, lambda f, t: behaviours.structured_records(f, t.draft)),
    Rule("record.labelled_keys", "13", "adjust", 30,
         "A record whose keys each offer labels: each key gets one of its own labels, by topic or by urgency.",
         lambda f: bool(triage.labelled_keys(f)), lambda f, t: triage.sort_record(f, t.draft)),
)


def _drop_hidden(f: Features) -> str:
    """Take a held hidden order out of the data (or the escaped text out of the question); the x-ray line."""
    f.data, f.question, line = redteam.drop_hidden(f.guard, f.data, f.question)
    return line


@functools.cache
def ordered(stage: str) -> tuple[Rule, ...]:
    """The rules of one stage in the order they are tried (the registry is fixed: sorted once)."""
    return tuple(sorted((r for r in REGISTRY if r.stage == stage), key=lambda r: r.priority))


def _tag(rule: Rule, draft: Draft, start: int) -> None:
    """Prefix the x-ray lines a rule added (from index `start`) with its id."""
    draft.rules[start:] = [f"[{rule.id}] {line}" for line in draft.rules[start:]]


def decide(f: Features, follow: Follow) -> Draft:
    """Run the prepare rules, the first answer rule that applies, then the adjust rules; return the draft."""
    turn = Turn(follow)
    for rule in ordered("prepare"):
        if rule.applies(f):
            rule.act(f, turn)
    answer = next(rule for rule in ordered("answer") if rule.applies(f))
    turn.draft = answer.act(f, turn)
    _tag(answer, turn.draft, 0)
    for rule_id, line in turn.notes:
        turn.draft.fire(f"[{rule_id}] {line}")
    for rule in ordered("adjust"):
        if rule.applies(f):
            start = len(turn.draft.rules)
            rule.act(f, turn)
            _tag(rule, turn.draft, start)
    return turn.draft


def table() -> str:
    """The registry as a markdown table, in the order rules are tried (docs/offline-model.md embeds it)."""
    rows = ["| stage | id | lesson | what it does |", "| --- | --- | --- | --- |"]
    rows += [f"| {r.stage} | `{r.id}` | {r.lesson} | {r.summary} |" for stage in STAGES for r in ordered(stage)]
    return "\n".join(rows)
