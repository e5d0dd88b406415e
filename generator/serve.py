"""`actionplans serve`: build, serve output/ on this machine, rebuild when content/ or themes/
change and reload the browser. A failed rebuild prints its problems and keeps the last good site."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .build import build, default_themes_dir
from .diagnostics import format_text


def rebuild(content: Path, output: Path, themes: Path, as_of: dt.date | None, redaction: Path | None) -> bool:
    result = build(content, output, themes_dir=themes, as_of=as_of, redaction_file=redaction)
    sys.stderr.write(format_text(result.diagnostics.sorted()))
    if result.written:
        print(f"rebuilt {output}/", file=sys.stderr)
    else:
        print("rebuild failed: the previous site is still being served", file=sys.stderr)
    return result.written


def serve(content: Path, output: Path, *, themes_dir: str | None, host: str, port: int,
          as_of: dt.date | None = None, redaction_file: Path | None = None) -> int:
    from livereload import Server

    themes = Path(themes_dir) if themes_dir else default_themes_dir(content)
    rebuild(content, output, themes, as_of, redaction_file)
    if not output.is_dir():
        print("nothing to serve yet: fix the problems above and save a file", file=sys.stderr)
        output.mkdir(parents=True, exist_ok=True)
    server = Server()
    again = lambda: rebuild(content, output, themes, as_of, redaction_file)  # noqa: E731
    server.watch(str(content / "**" / "*.yaml"), again, delay=0.2)
    server.watch(str(content / "*.yaml"), again, delay=0.2)
    server.watch(str(themes / "**" / "*"), again, delay=0.2)
    print(f"serving {output}/ at http://{host}:{port}/ — edit content/ and the page reloads (Ctrl+C stops)",
          file=sys.stderr)
    server.serve(root=str(output), host=host, port=port, open_url_delay=None, restart_delay=0)
    return 0
