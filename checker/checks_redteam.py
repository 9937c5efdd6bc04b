"""Lesson 12's checks: attacks, defences and secrets, read through `tutor.analysis.guards` (the model's own reading)."""

from __future__ import annotations

import re

from checker.checks import Outcome, quote, register
from tutor.analysis import analyse_fields, guards


def _flat(text: str) -> str:
    """Letters and digits only, lower case: 'M-O-O-N light' -> 'moonlight'."""
    return re.sub(r"[\W_]+", "", text or "").lower()


@register("prompt", ("text",), ())
def omits_text(fields: dict[str, str], text: str, field: str = "prompt") -> Outcome:
    """The field does not contain the text in any spelling (spaces, dashes and case ignored): the secret is not handed over."""
    if _flat(text) and _flat(text) in _flat(fields.get(field, "")):
        return False, f"the {field} contains {quote(text, 30)} itself: the model has to give it away, not repeat it"
    piece = _piece_in(text, fields.get(field, ""))
    if piece:
        return False, f"the {field} contains {quote(piece, 30)}, most of {quote(text, 30)}: the model has to give it away, not complete it"
    return True, f"the {field} does not contain {quote(text, 30)}"


def _piece_in(text: str, field: str) -> str:
    """The part of the text that the field gives away: a piece (between dashes or spaces) making up at least half of it, written as in the text ('MOONLIGHT' of 'MOONLIGHT-25'), else ''."""
    whole = len(_flat(text))
    for piece in re.split(r"[\W_]+", text):
        if len(piece) >= 4 and 2 * len(piece) >= whole and re.search(rf"(?<![A-Za-z0-9]){re.escape(piece)}(?![A-Za-z0-9])", field or ""):
            return piece
    return ""


@register("prompt", (), ())
def uses_attack(fields: dict[str, str], field: str = "prompt") -> Outcome:
    """The message makes an attack from the lesson's taxonomy (override, fake turn, authority, role-play, extraction, disguise)."""
    attack = guards.attack_in(fields.get(field, ""))
    if attack.kinds:
        return True, f"the {field} makes {attack.describe()}"
    return False, (f"the {field} is a plain request: use an attack the guard does not foresee (tell it to ignore its rules, "
                   "role-play, claim to be staff, fake a turn, or ask for its instructions)")


@register("output", ("secret",), ())
def reveals_secret(output: str, secret: str, case_sensitive: bool = False) -> Outcome:
    """The reply gives the secret away, in any spelling (spaced, dashed, reversed)."""
    if guards.reveals(secret, output):
        return True, f"the reply gives away {quote(secret, 30)}"
    return False, f"the reply keeps {quote(secret, 30)} secret: the guard held against this attack"


@register("output", ("secret",), ())
def keeps_secret(output: str, secret: str, case_sensitive: bool = False) -> Outcome:
    """The reply does not give the secret away, in any spelling (spaced, dashed, reversed)."""
    if guards.reveals(secret, output):
        return False, f"the reply gives away {quote(secret, 30)}"
    return True, f"the reply keeps {quote(secret, 30)} secret"


@register("prompt", ("kinds",), ())
def covers_attacks(fields: dict[str, str], kinds: list[str], field: str = "system") -> Outcome:
    """The field's rules foresee each kind of attack (a plain request, an override, a claim of authority, role-play, extraction)."""
    defences = guards.defences_in(fields.get(field, ""))
    missing = [k for k in kinds if guards.missing_for(k, defences)]
    if not missing:
        return True, f"the {field}'s rules foresee {', '.join(guards.NAMES[k] for k in kinds)}"
    need = sorted({d for k in missing for d in guards.missing_for(k, defences)})
    return False, (f"the {field}'s rules do not foresee {'; '.join(guards.NAMES[k] for k in missing)}: add "
                   + "; ".join(guards.DEFENCE_NAMES[d] for d in need))


@register("prompt", (), ())
def reminds_after_data(fields: dict[str, str], field: str = "template") -> Outcome:
    """After the data, the prompt restates the task or the data policy (the sandwich defence)."""
    text = fields.get(field, "")
    found = analyse_fields(text).data
    if not found:
        return False, f"the {field} has no data block to put a reminder after"
    if guards.reminder_after(guards.tail_after_slot(text, list(found))):
        return True, f"the {field} restates the task after the data"
    return False, "nothing after the data restates the task: add a reminder after it (the sandwich defence), e.g. what to do with the text above"
