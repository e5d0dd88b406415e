"""Commands: init, build, check, serve, new, schema, redaction-report, import, inbox, diff, national. Prints diagnostics; exit
codes are 0 (clean), 1 (content errors, or warnings under --strict), 2 (usage errors)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from .. import __version__
from ..content import schema
from ..core.dates import DateError, parse_date
from ..core.diagnostics import format_github, format_json, format_text
from .national import add_parser as add_national_parser
from .translations import add_parser as add_translations_parser

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value).last_day()
    except DateError as exc:
        raise UsageError(f"--as-of {value}: {exc}") from None


def _report(diags, fmt: str, stream=None) -> None:
    stream = stream or sys.stderr
    items = diags.sorted()
    if fmt == "github":
        sys.stdout.write(format_github(items))
    elif fmt == "json":
        sys.stdout.write(format_json(items))
    else:
        stream.write(format_text(items))


def _summary(diags, strict: bool) -> str:
    e, w = len(diags.errors), len(diags.warnings)
    if not e and not w:
        return "no problems found"
    parts = [f"{e} error{'s' * (e != 1)}", f"{w} warning{'s' * (w != 1)}"]
    tail = " (warnings count as errors with --strict)" if strict and w else ""
    return ", ".join(parts) + tail


def _options(args: argparse.Namespace, write: bool = True):
    """The one BuildOptions value of build, check and serve, from the command line."""
    from ..core.options import BuildOptions
    return BuildOptions(content=Path(args.content), output=Path(args.output) if write else None,
                        themes=Path(args.themes) if args.themes else None, as_of=_as_of(args.as_of),
                        redaction=args.redaction, strict=getattr(args, "strict", False), write=write,
                        cache=not args.no_cache, cache_dir=args.cache_dir)


def cmd_check(args: argparse.Namespace) -> int:
    from ..build import check
    result = check(_options(args, write=False))
    if args.since and result.content is not None:
        from .gitdiff import DiffError, status_changes_since
        try:
            found = status_changes_since(result.content, result.sources, Path(args.content), args.since,
                                         redaction_file=args.redaction)
        except DiffError as exc:
            raise UsageError(f"--since {args.since}: {exc}") from None
        for path, line, col, message, hint in found:
            result.diagnostics.warning(path, line, col, message, hint)
    _report(result.diagnostics, args.format)
    failed = result.failed(args.strict)
    if args.summary:
        from .summary import format_markdown
        with open(args.summary, "a", encoding="utf-8") as fh:    # GitHub's step summary is appended to
            fh.write(format_markdown(result.diagnostics.sorted(), strict=args.strict))
    if args.format == "text":
        print(f"check: {_summary(result.diagnostics, args.strict)}", file=sys.stderr)
    return EXIT_CONTENT if failed else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from ..cache import store as cache
    from ..publish.write import clean_stale
    themes = Path(args.themes) if args.themes else cache.default_themes_dir(Path(args.content))
    if not args.no_cache and cache.check_unchanged(Path(args.content), Path(args.output), themes,
                                                   as_of=_as_of(args.as_of), redaction_file=args.redaction,
                                                   strict=args.strict)[1]:
        from ..core.lock import output_lock
        with output_lock(Path(args.output)):
            clean_stale(Path(args.output).absolute())      # a killed build's leftovers go even so
        print(f"{args.output}/ is up to date: nothing in the content, themes or generator changed "
              "(--no-cache builds anyway)", file=sys.stderr)
        return EXIT_OK
    from ..build import build        # only now: importing the whole generator takes about half a second
    result = build(_options(args))
    if result.up_to_date:
        print(f"{args.output}/ is up to date: nothing in the content, themes or generator changed "
              "(--no-cache builds anyway)", file=sys.stderr)
        return EXIT_OK
    _report(result.diagnostics, "text")
    if result.failed(args.strict) or not result.written:
        print(f"build failed: {_summary(result.diagnostics, args.strict)}; {args.output}/ was left as it was",
              file=sys.stderr)
        return EXIT_CONTENT
    pages = sum(1 for name in (result.files or {}) if name.endswith(".html"))
    cached = f"; {len(result.rendered)} rendered, {max(0, pages - len(result.rendered))} from the cache" \
        if not args.no_cache else ""
    print(f"built {pages} pages into {args.output}/ ({_summary(result.diagnostics, args.strict)}{cached})",
          file=sys.stderr)
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve
    return serve(_options(args), host=args.host, port=args.port)


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(schema.json_schema(args.file), indent=2, sort_keys=True))
    return EXIT_OK


SLUG = re.compile(schema.SLUG_RE)


def cmd_new(args: argparse.Namespace) -> int:
    from ..content.newreview import new_review
    if not SLUG.fullmatch(args.id):
        raise UsageError(f"'{args.id}' is not a valid id: use lower-case letters, digits and hyphens, "
                         "e.g. somerset-dhr-031")
    reviews = Path(args.content) / "reviews"
    if reviews.exists() and not reviews.is_dir():
        raise UsageError(f"{reviews} is a file, not a folder: the review files belong in a folder of that name")
    try:
        path = new_review(Path(args.content), args.id)
    except FileExistsError:
        raise
    except OSError as exc:
        raise UsageError(f"the new review could not be written into {Path(args.content) / 'reviews'}: "
                         f"{exc.strerror or exc}; nothing was written") from None
    print(f"wrote {path}: fill in the parts marked TODO, then run: actionplans check", file=sys.stderr)
    return EXIT_OK


def cmd_redaction_report(args: argparse.Namespace) -> int:
    from ..build import prepare
    from .report import redaction_report
    out = Path(args.out) if args.out else None
    if out is not None:
        resolved = out.resolve()
        output_dir = Path(args.output).resolve()
        if resolved == output_dir or output_dir in resolved.parents:
            raise UsageError("the redaction report must never be written into the published output folder")
    result = prepare(Path(args.content), as_of=_as_of(args.as_of), redaction_file=args.redaction)
    text = redaction_report(result)
    if out is None:
        sys.stdout.write(text)
    else:
        _write_out(out, text)
    _report(result.diagnostics, "text")
    return EXIT_CONTENT if result.failed(args.strict) else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from ..importer.convert import ReadError, import_plan
    if args.id is not None and not SLUG.fullmatch(args.id):
        raise UsageError(f"'{args.id}' is not a valid id: use lower-case letters, digits and hyphens, "
                         "e.g. somerset-dhr-031")
    try:
        report = import_plan(Path(args.file), Path(args.content), review_id=args.id, force=args.force,
                             redaction_file=args.redaction, today=_as_of(args.as_of))
    except ReadError as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:   # a file name that makes no id
        raise UsageError(f"{exc}") from None
    except FileExistsError:
        raise
    except Exception as exc:  # noqa: BLE001 - an officer gets a sentence, never a traceback
        raise UsageError(f"{args.file} could not be imported ({type(exc).__name__}: {exc}); nothing was written. "
                         "Please report this with the file if you can share it") from None
    sys.stderr.write(report.summary())
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from .init import DEFAULT_NAME, InitError, init_site
    name = args.name
    if name is None and sys.stdin.isatty():
        name = input("The partnership's name (e.g. Safer Northshire Partnership): ").strip() or None
    if name is None:
        name = DEFAULT_NAME
        print(f"no --name given: the site is called '{name}' (change it in content/site.yaml)", file=sys.stderr)
    target = Path(args.dir)
    try:
        written = init_site(target, name, base_url=args.base_url)
    except InitError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote a new site for {name} in {target}/ ({len(written)} files). Next:\n"
          f"  cd {target}\n  actionplans check --strict\n  actionplans serve\n"
          "then read README.md there, and delete content/reviews/example-dhr-001.yaml before going live",
          file=sys.stderr)
    return EXIT_OK


def cmd_inbox(args: argparse.Namespace) -> int:
    from ..importer.inbox import import_inbox
    result = import_inbox(Path(args.inbox), Path(args.content), redaction_file=args.redaction,
                          today=_as_of(args.as_of))
    text = result.markdown()
    if args.summary:
        Path(args.summary).write_text(text, encoding="utf-8")
    sys.stderr.write(text)
    return EXIT_OK if result.ok else EXIT_CONTENT


def cmd_diff(args: argparse.Namespace) -> int:
    from .gitdiff import DiffError, diff_markdown
    try:
        text = diff_markdown(Path(args.content), args.rev, as_of=_as_of(args.as_of), redaction_file=args.redaction)
    except DiffError as exc:
        raise UsageError(str(exc)) from None
    if args.out:
        _write_out(Path(args.out), text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_install_editor(args: argparse.Namespace) -> int:
    from .editor import EditorInstallError, install_editor
    try:
        print(install_editor(Path(args.content)), file=sys.stderr)
    except EditorInstallError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def _write_out(out: Path, text: str) -> None:
    """--out FILE: a folder, a missing folder or a read-only place is a sentence, not a traceback."""
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder: give a file name, e.g. --out {out / 'summary.md'}")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist (create it first, or choose another place)")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--out {out} could not be written: {exc.strerror or exc}") from None
    print(f"wrote {out}", file=sys.stderr)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", default="content", metavar="DIR", help="the content folder (default: content)")
    common.add_argument("--output", default="output", metavar="DIR", help="the output folder (default: output)")
    common.add_argument("--themes", default=None, metavar="DIR", help="the themes folder (default: themes beside content)")
    common.add_argument("--as-of", default=None, metavar="DATE",
                        help="decide 'overdue' as of this date instead of site.yaml's as_of")
    common.add_argument("--redaction", default=None, metavar="FILE", type=Path,
                        help="a redaction.yaml kept outside the repository")

    cached = argparse.ArgumentParser(add_help=False)
    cached.add_argument("--cache-dir", default=None, metavar="DIR", type=Path,
                        help="the build cache (default: $ACTIONPLANS_CACHE_DIR, else .actionplans-cache beside "
                             "the content folder; delete it to start afresh)")
    cached.add_argument("--no-cache", action="store_true",
                        help="use no cache: read, check and render everything, even when nothing changed")

    p = argparse.ArgumentParser(prog="actionplans", description=__doc__)
    p.add_argument("--version", action="version", version=f"actionplans {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    i = sub.add_parser("init", help="write a complete new site for one partnership into DIR")
    i.add_argument("dir", nargs="?", default=".", metavar="DIR", help="the new site's folder (default: here)")
    i.add_argument("--name", default=None, help="the partnership's name, e.g. \"Safer Northshire Partnership\"")
    i.add_argument("--base-url", default="https://actionplans.example.org", metavar="URL",
                   help="the site's https address, if known (change it later in content/site.yaml)")
    i.set_defaults(func=cmd_init)

    b = sub.add_parser("build", parents=[common, cached], help="build the site from content/ into output/")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.set_defaults(func=cmd_build)

    c = sub.add_parser("check", parents=[common, cached], help="check the content and report every problem; writes nothing")
    c.add_argument("--strict", action="store_true", help="fail on warnings too (used on pull requests)")
    c.add_argument("--format", choices=("text", "github", "json"), default="text")
    c.add_argument("--since", default=None, metavar="REV",
                   help="also warn about actions whose status changed since this git revision without a "
                        "dated update (the pull-request check passes the base branch)")
    c.add_argument("--summary", default=None, metavar="FILE",
                   help="also append every problem as Markdown to FILE (e.g. \"$GITHUB_STEP_SUMMARY\")")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("serve", parents=[common, cached], help="preview the site, rebuilding when content or themes change")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)

    n = sub.add_parser("new", parents=[common], help="start a new file from a commented skeleton")
    nsub = n.add_subparsers(dest="what", metavar="WHAT")
    nsub.required = True
    nr = nsub.add_parser("review", parents=[common], help="a new review: content/reviews/<id>.yaml")
    nr.add_argument("id")
    nr.set_defaults(func=cmd_new)

    sc = sub.add_parser("schema", help="print the JSON Schema of a content file")
    sc.add_argument("file", nargs="?", default="review", choices=sorted(schema.FILES))
    sc.set_defaults(func=cmd_schema)

    r = sub.add_parser("redaction-report", parents=[common],
                       help="list every replacement and finding, for sign-off (never written into output/)")
    r.add_argument("--out", default=None, metavar="FILE", help="write the report to FILE instead of the screen")
    r.add_argument("--strict", action="store_true")
    r.set_defaults(func=cmd_redaction_report)

    im = sub.add_parser("import", parents=[common],
                        help="turn an action plan in Word (.docx), Excel (.xlsx) or CSV into content/reviews/<id>.yaml")
    im.add_argument("file", help="the action plan: .docx, .xlsx or .csv")
    im.add_argument("--id", default=None, help="the review id (default: from the file name), e.g. somerset-dhr-031")
    im.add_argument("--force", action="store_true", help="replace content/reviews/<id>.yaml if it exists")
    im.set_defaults(func=cmd_import)

    ib = sub.add_parser("inbox", parents=[common],
                        help="import every .docx, .xlsx or .csv plan in inbox/ (the upload-to-import workflow)")
    ib.add_argument("--inbox", default="inbox", metavar="DIR", help="the folder plans are uploaded into")
    ib.add_argument("--summary", default=None, metavar="FILE", help="write the summary (Markdown) to FILE too")
    ib.set_defaults(func=cmd_inbox)

    d = sub.add_parser("diff", parents=[common],
                       help="summarise what changed in content/ since a git revision, as Markdown for a pull request")
    d.add_argument("rev", help="a git revision: a branch (main), a tag or a commit")
    d.add_argument("--out", default=None, metavar="FILE", help="write the summary to FILE instead of the screen")
    d.set_defaults(func=cmd_diff)

    ie = sub.add_parser("install-editor", parents=[common],
                        help="install the web editor /admin/ serves (Decap CMS, pinned, from npm into .tools/cms) "
                             "when site.yaml has admin:; otherwise do nothing")
    ie.set_defaults(func=cmd_install_editor)
    add_national_parser(sub)
    add_translations_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"actionplans: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileExistsError as exc:
        print(f"actionplans: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
