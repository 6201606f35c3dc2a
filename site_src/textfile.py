"""Reading input text: UTF-8 with or without BOM (or UTF-16 with one), any line endings; bad bytes named by line."""
from __future__ import annotations

from pathlib import Path

from site_src.errors import SourceError


class NotText(SourceError):
    """The file holds binary data (an image, an archive): not an input at all."""


def read_text(path: Path, shown: str | None = None) -> str:
    """The file's text with ``\\n`` line endings, or a :class:`SourceError` naming the line."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(shown, 0, f"cannot read the file ({exc.strerror or exc})") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its BOM (Windows' "Unicode"): text, not binary
        try:
            return data.decode("utf-16").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            raise SourceError(shown, 0, "invalid UTF-16; save the file as UTF-8") from None
    if b"\x00" in data[:8192]:
        raise NotText(shown, 0, "not a text file (binary data); skipped (remove it or fix its format)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(shown, line, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def shown_path(path: Path, root: Path) -> str:
    """How a file is named in messages: relative to the project when it is inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
