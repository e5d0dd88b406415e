"""`actionplans national SOURCES --output DIR`: the national view built from many partnerships'
published open data (actionplans/national/). Exit codes: 0 built (sources that were skipped or
refused are warnings, and the pages say so), 1 nothing written (a broken SOURCES file, or under
--strict any skipped source), 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..cache.store import PACKAGE_THEMES
from ..core.diagnostics import format_text

EXIT_OK, EXIT_FAILED = 0, 1


def add_parser(sub) -> None:
    n = sub.add_parser("national", help="build a national site from many partnerships' published open data")
    n.add_argument("sources", type=Path, metavar="SOURCES",
                   help="a text file: one partnership site's https address, or a folder holding a built site, a line")
    n.add_argument("--output", required=True, type=Path, metavar="DIR", help="the folder the national site is written to")
    n.add_argument("--as-of", default=None, metavar="DATE", help="the date of the build (default: today)")
    n.add_argument("--title", default=None, help="the site's title")
    n.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="per request (default 20)")
    n.add_argument("--max-bytes", type=int, default=None, metavar="N", help="largest file fetched (default 200 MB)")
    n.add_argument("--retries", type=int, default=None, metavar="N", help="retries after a failed request (default 2)")
    n.add_argument("--noindex", action="store_true", help="ask search engines not to list the pages")
    n.add_argument("--strict", action="store_true", help="write nothing if any source is skipped or refused")
    n.set_defaults(func=cmd_national)


def cmd_national(args: argparse.Namespace) -> int:
    from ..national.build import NationalOptions, build_national
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    except ValueError:
        print(f"actionplans: error: --as-of {args.as_of}: write a date as YYYY-MM-DD", file=sys.stderr)
        return 2
    # the package's own theme: a partnership's themes/ override has no national templates
    options = NationalOptions(args.sources, args.output, PACKAGE_THEMES, as_of,
                              timeout=args.timeout, max_bytes=args.max_bytes, retries=args.retries,
                              noindex=args.noindex, strict=args.strict)
    if args.title:
        options.title = args.title
    result = build_national(options)
    diags = result.diagnostics
    sys.stderr.write(format_text(diags.sorted()))
    if args.strict and diags.warnings and not diags.errors:
        print("actionplans: nothing written (--strict): a source was skipped or refused", file=sys.stderr)
        return EXIT_FAILED
    if not result.written:
        print(f"actionplans: the national site was not written ({len(diags.errors)} errors)", file=sys.stderr)
        return EXIT_FAILED
    ok = sum(1 for s in result.sources if s["ok"])
    pages = sum(1 for n in result.files or () if n.endswith(".html"))
    print(f"built the national view into {args.output}/: {pages} pages, {ok} of {len(result.sources)} sources, "
          f"{len(result.nation.reviews)} reviews, {len(result.nation.lessons)} repeated lessons")
    return EXIT_OK
