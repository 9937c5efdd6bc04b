"""Read the course's `.env` file in any common encoding (a BOM, UTF-16 from Notepad), or explain the fix."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

from dotenv import dotenv_values

# Longest first: the UTF-32 little-endian BOM begins with the UTF-16 one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
FIX = ("Save {path} as UTF-8 text (in Notepad: File > Save as > Encoding: UTF-8), "
       "then restart the kernel.")


class EnvFileError(ValueError):
    """The .env file cannot be read; the message names the file and the fix."""


def encoding_of(data: bytes) -> str:
    """The encoding a .env file's bytes are in: from its BOM, from the pattern of zero bytes, else UTF-8."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    if len(data) >= 2 and b"\0" in data:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        return "utf-16-le" if odd > even else "utf-16-be"
    return "utf-8"


def decode(data: bytes, path: Path) -> str:
    """The file's text, or EnvFileError naming the file and how to fix it."""
    try:
        return data.decode(encoding_of(data))
    except UnicodeDecodeError as exc:
        raise EnvFileError(f"The settings file {path} is not text the course can read "
                           f"({exc.encoding}, byte {exc.start}). " + FIX.format(path=path)) from None


def read(path: Path) -> dict[str, str | None]:
    """The variables set in a .env file, whatever common encoding it was saved in."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EnvFileError(f"The settings file {path} cannot be read ({exc.strerror or type(exc).__name__}). "
                           "Check that it is a file you may read, or remove it.") from None
    text = decode(data, path)
    if "\0" in text:
        raise EnvFileError(f"The settings file {path} contains zero bytes. " + FIX.format(path=path))
    return dotenv_values(stream=io.StringIO(text))
