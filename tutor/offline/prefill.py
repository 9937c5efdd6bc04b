"""Continue a prefilled assistant turn: return only what comes after the prefill, and make it fit."""

from __future__ import annotations

import json
import re
from typing import Any

from tutor.analysis.shape import open_containers


def _compact_json(text: str) -> str | None:
    """The same JSON written on one line (None if the text is not JSON)."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return None


_FENCE = re.compile(r"^\s*```[\w-]{0,12}[ \t]*\n")


def continuation(text: str, prefill: str) -> tuple[str, str]:
    """(the continuation of `prefill` that yields our text, how it was fitted)."""
    if not prefill:
        return text, ""
    if text.startswith(prefill):
        return text[len(prefill):], "continued the prefill"
    if (fence := _FENCE.match(prefill)) and text.lstrip()[:1] in ("{", "["):
        rest, how = continuation(text, prefill[fence.end():])
        return rest + "\n```", how + ", then closed the code fence"
    if prefill.strip()[:1] in ("{", "[") and _compact_json(prefill.strip()) is not None:
        return "", "the prefill is already a whole JSON value: nothing left to write"
    if nested := _nested(text, prefill):
        return nested
    keyed = json_continuation(text, prefill) if prefill.lstrip().startswith("{") and '"' in prefill else None
    if keyed is not None:
        return keyed, "continued the prefilled JSON keys"
    stripped = prefill.strip()
    if stripped in ("{", "[") and text.lstrip().startswith(stripped):
        return text.lstrip()[1:], "continued the prefilled JSON"
    compact = _compact_json(text) if stripped[:1] in ("{", "[") else None
    if compact and compact.startswith(stripped):
        return compact[len(stripped):], "continued the prefilled JSON"
    if compact and (at := _past(compact, prefill)) is not None:
        return compact[at:], "continued the prefilled JSON (same content, its own spacing)"
    joiner = "" if prefill[-1:].isspace() or text[:1] in ".,;:!?" else " "
    return joiner + text, "continued after the prefill"


def _nested(text: str, prefill: str) -> tuple[str, str] | None:
    """An object continued inside the containers a prefill opened around it ('{"result": {"sentiment": "'), which are closed after it."""
    stack = open_containers(prefill)
    compact = _compact_json(text)
    if len(stack) < 2 or prefill[stack[-1]] != "{" or compact is None or not compact.startswith("{") or _past(compact, prefill) is not None:
        return None
    inner, how = continuation(text, prefill[stack[-1]:])
    closers = "".join("}" if prefill[i] == "{" else "]" for i in reversed(stack[:-1]))
    return inner + closers, how + ", then closed the objects the prefill opened around it"


def _past(json_text: str, prefill: str) -> int | None:
    """Where `json_text` has gone past everything the prefill wrote, spacing between tokens aside (None if they differ)."""
    want = re.sub(r'("(?:[^"\\]|\\.)*"?)|\s+', lambda m: m.group(1) or "", prefill)
    i = j = 0
    in_string = False
    while j < len(want):
        if i >= len(json_text):
            return None
        c = json_text[i]
        if c.isspace() and not in_string:
            i += 1
            continue
        if c != want[j]:
            return None
        in_string = in_string != (c == '"' and json_text[i - 1:i] != "\\")
        i, j = i + 1, j + 1
    return i


_OPEN_STRING = re.compile(r'"([^"\\]{1,60})"\s*:\s*"([^"\\]*)$')
_OPEN_VALUE = re.compile(r'"([^"\\]{1,60})"\s*:\s*$')
_BARE_KEY = re.compile(r'[{,]\s*"([^"\\]{1,60})"\s*$')  # '{\n"sentiment"': a whole key, its colon still to come
_OPEN_KEY = re.compile(r'[{,]\s*"([^"\\:]{0,60})$')  # '{"senti': a key cut off mid-name
_AFTER_VALUE = re.compile(r'"\s*:\s*(?:"[^"\\\n]*"|-?\d[\d.eE+-]{0,30}|true|false|null)\s*$')  # '{"sentiment": "negative"': a value written, the object still open


def _value_for(key: str, obj: Any) -> Any:
    """Our answer's value for a key the prefill opened ('sentiment' -> 'negative'; 'is_positive' -> False)."""
    if isinstance(obj, dict):
        norm = key.lower().replace(" ", "_")
        for k, v in obj.items():
            if k.lower() == norm:
                return v
        values = list(obj.values())
        if len(values) == 1 or values:
            first = values[0]
            flag = re.match(r"(?:is|has)_(\w+)$", norm)
            if flag and isinstance(first, str):
                return first.lower() == flag.group(1)
            return first
    return obj


def json_continuation(text: str, prefill: str) -> str | None:
    """The rest of a JSON object whose start (keys, an open value) the prefill already wrote; None if not JSON."""
    try:
        obj = json.loads(text)
    except ValueError:
        return None
    if not isinstance(obj, dict) or not prefill.lstrip().startswith("{"):
        return None
    indent = "\n" if "\n" in prefill else ""
    written = set(re.findall(r'"([^"\\]{1,60})"\s*:', prefill))
    if m := _OPEN_STRING.search(prefill):
        value = str(_value_for(m.group(1), obj))
        rest = value[len(m.group(2)):] if value.startswith(m.group(2)) else value
        return rest.replace('"', '\\"') + '"' + _more(obj, written, indent) + indent + "}"
    if m := _OPEN_VALUE.search(prefill):
        value = _value_for(m.group(1), obj)
        return json.dumps(value, ensure_ascii=False) + _more(obj, written, indent) + indent + "}"
    tail = prefill[-200:]
    if m := _BARE_KEY.search(tail):
        written.add(m.group(1))
        return ": " + json.dumps(_value_for(m.group(1), obj), ensure_ascii=False) + _more(obj, written, indent) + indent + "}"
    if m := _OPEN_KEY.search(tail):
        key = next((k for k in obj if k.lower().startswith(m.group(1).lower())), m.group(1))  # a key it cannot complete is closed as written
        if not key:
            return None
        written.add(key)
        return key[len(m.group(1)):] + '": ' + json.dumps(_value_for(key, obj), ensure_ascii=False) + _more(obj, written, indent) + indent + "}"
    if _AFTER_VALUE.search(tail):
        norm = {k.lower().replace(" ", "_") for k in written}
        return _more(obj, norm, indent, all_left=True) + indent + "}"
    if prefill.rstrip().endswith(("{", ",")):
        rest = {k: v for k, v in obj.items() if k not in written}
        if not rest:
            return None
        body = json.dumps(rest, indent=2 if indent else None, ensure_ascii=False)[1:]
        return body.lstrip(" ") if not indent else body
    return None


def _more(obj: dict, written: set[str], indent: str, all_left: bool = False) -> str:
    """The object's other keys after the prefilled one, as ', "k": v' pairs (the open key's value came from the first key when no key matched it, unless `all_left`)."""
    norm = {k.lower().replace(" ", "_") for k in written}
    rest = [(k, v) for k, v in obj.items() if k.lower() not in norm]
    rest = rest if len(rest) < len(obj) or all_left else rest[1:]
    sep = "," + (indent + "  " if indent else " ")
    return "".join(f'{sep}{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}' for k, v in rest)
