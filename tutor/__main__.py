"""Command line: `python -m tutor doctor | ask "prompt" | cache clear`."""

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
    return parser


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
        if args.command == "ask":
            return _ask(args.prompt, args.stream, args.max_tokens)
        return _clear()
    except TutorError as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
