"""Command line: `python -m tutor doctor | ask "prompt" | cache clear | offline --room | online --room`."""

from __future__ import annotations

import argparse
import sys

from tutor.errors import TutorError


def _parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(prog="python -m tutor", description="The course's model access.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("doctor", help="show the settings in effect, reach the endpoint and say what to fix")
    ask = sub.add_parser("ask", help="send one prompt to the configured backend")
    ask.add_argument("prompt")
    ask.add_argument("--stream", action="store_true", help="print the text as it arrives")
    ask.add_argument("--max-tokens", type=int, default=None)
    cache = sub.add_parser("cache", help="manage the reply cache")
    cache.add_argument("action", choices=["clear"])
    for name, what in (("offline", "switch the whole room to the offline model (writes the workshop file)"),
                       ("online", "switch the room back to its endpoint (removes that line again)")):
        switch = sub.add_parser(name, help=what)
        switch.add_argument("--room", action="store_true", required=True,
                            help="every kernel reading the workshop file switches on its next call")
        switch.add_argument("--file", default=None, help="the workshop file (default: as the course finds it)")
    return parser


def _switch(offline: bool, file: str | None) -> int:
    """Write or remove the workshop file's `backend = "offline"` line, and say what happens next."""
    from pathlib import Path

    from tutor import workshop

    path = Path(file) if file else workshop.path()
    try:
        workshop.set_backend(path, "offline" if offline else None)
    except workshop.WorkshopError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if offline:
        print(f'Wrote backend = "offline" to {path}. Every kernel that reads this workshop file now uses the '
              "offline teaching model from its next call on; nobody needs to restart. "
              "Undo with `python -m tutor online --room`.")
    else:
        print(f"Removed the backend line from {path}: kernels use the room's endpoint again from their next call.")
    return 0


def _ask(prompt: str, stream: bool, max_tokens: int | None) -> int:
    """Print a reply and its badge."""
    from tutor import api

    reply = api.ask(prompt, stream=stream, max_tokens=max_tokens)
    if not stream:
        print(reply.text)
    print(f"[{reply.badge}]")
    return 0


def _clear() -> int:
    """Empty the reply cache."""
    from tutor import api, cache

    removed = api.clear_cache()
    print(f"Removed {removed} cached repl{'y' if removed == 1 else 'ies'} from {cache.cache_dir(api.settings().cache_dir)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a command; errors print as cause and fix, with exit status 1."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "doctor":
            from tutor import doctor

            return doctor.run()
        if args.command in ("offline", "online"):
            return _switch(args.command == "offline", args.file)
        if args.command == "ask":
            return _ask(args.prompt, args.stream, args.max_tokens)
        return _clear()
    except TutorError as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
