"""Problems found in content, each pointing at a file, line and column, with a fix."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: str
    message: str
    hint: str = ""

    def format(self) -> str:
        """One line an editor can jump to; the fix follows the problem after a dash."""
        fix = f" — {self.hint}" if self.hint else ""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}{fix}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Diagnostics:
    """Collects every problem so an officer can fix them all in one round."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, severity: str, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(_printable(path), max(line, 1), max(col, 1), severity, _printable(message),
                                     _printable(hint)))

    def error(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.add(path, line, col, ERROR, message, hint)

    def warning(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.add(path, line, col, WARNING, message, hint)

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items))

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


def _printable(text: str) -> str:
    """A file name that is not UTF-8 (copied from an old share) reaches messages as lone
    surrogates, which no terminal or annotation can print: show those bytes as \\xNN."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or '' — the suffix used in every unknown-name message."""
    options = sorted(set(candidates))
    text = str(value)
    # "lead_agency" most likely meant "lead": a word typed with extra words after it.
    first = re.split(r"[_\s]", text, maxsplit=1)[0]
    if first != text and first in options:
        return f" (did you mean '{first}'?)"
    close = difflib.get_close_matches(text, options, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(text.lower(), options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def format_text(diags: Iterable[Diagnostic]) -> str:
    return "".join(d.format() + "\n" for d in diags)


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diags: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    out = []
    for d in diags:
        level = "error" if d.severity == ERROR else "warning"
        message = d.message + (f" — {d.hint}" if d.hint else "")
        out.append(
            f"::{level} file={_github_escape(d.path, prop=True)},line={d.line},col={d.col}"
            f"::{_github_escape(message)}\n"
        )
    return "".join(out)


def format_json(diags: Iterable[Diagnostic]) -> str:
    items = [d.as_dict() for d in diags]
    return json.dumps({"diagnostics": items, "errors": sum(d["severity"] == ERROR for d in items),
                       "warnings": sum(d["severity"] == WARNING for d in items)}, indent=2) + "\n"
