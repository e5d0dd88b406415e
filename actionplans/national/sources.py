"""Stage 1 of the national view: the SOURCES file, and each source's open data fetched and
validated. A source is a partnership site's address (https; plain http only on this machine,
for tests) or a local folder holding a built site. Fetching has a timeout, a size limit and
retries; whatever goes wrong with one source is a SourceError for that source alone."""

from __future__ import annotations

import functools
import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..core.diagnostics import Diagnostics
from ..core.urls import path_for
from ..publish.data_schema import data_schemas

LOOPBACK = ("127.0.0.1", "localhost", "::1")
USER_AGENT = "actionplans-national/1 (+https://github.com/)"


class SourceError(Exception):
    """Why a source was skipped, in plain English."""


@dataclass(frozen=True)
class Source:
    line: int           # in the SOURCES file
    spec: str           # as written there: the key its history is kept by
    location: str       # the site's address without a trailing slash, or an absolute folder
    problem: str = ""   # why the line is no source this can fetch: it is reported and skipped

    @property
    def is_folder(self) -> bool:
        return "://" not in self.location


@dataclass(frozen=True)
class Limits:
    timeout: float
    max_bytes: int
    retries: int
    backoff: float = 1.0      # the pause before the first retry; it doubles


def read_sources(path: Path, shown: str, diags: Diagnostics) -> list[Source]:
    """Every source in the file, one a line; blank lines and lines starting with # are skipped.
    A line that is no source this can fetch is kept with its problem, so it is reported (at its
    line) and shown as missing like any other source that fails; the others are still read."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        diags.error(shown, 1, 1, f"the sources file cannot be read: {exc}",
                    "give a text file with one site address or folder a line")
        return []
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        spec = raw.strip()
        if not spec or spec.startswith("#"):
            continue
        col = raw.index(spec[0]) + 1
        if "://" in spec:
            parts = urlsplit(spec)
            location = spec.split("?", 1)[0].split("#", 1)[0].rstrip("/")
            try:
                host = parts.hostname
            except ValueError:
                host = None
            if parts.scheme not in ("https", "http") or not host:
                sources.append(Source(number, spec, location, "it is not a web address this can fetch: write the "
                                      "site's https:// address, or a folder holding a built site"))
                continue
            if parts.scheme == "http" and host not in LOOPBACK:
                sources.append(Source(number, spec, location, f"it is not https: write https://"
                                      f"{spec.split('://', 1)[1]} (open data is fetched only over https)"))
                continue
        else:
            location = str((Path(path).parent / spec).absolute())
        if location in seen:
            diags.warning(shown, number, col, f"'{spec}' is listed twice (first on line {seen[location]})",
                          "remove this line")
            continue
        seen[location] = number
        sources.append(Source(number, spec, location))
    if not sources:
        diags.error(shown, 1, 1, "the sources file lists no source",
                    "add one partnership site's https:// address or built folder a line")
    return sources


def fetch_bytes(url: str, limits: Limits) -> bytes:
    """The body at `url`: at most `limits.max_bytes`, every wait bounded by the timeout (and the
    whole read by twice the size's worth of waits); server errors and timeouts are retried."""
    last: Exception | None = None
    for attempt in range(limits.retries + 1):
        if attempt:
            time.sleep(limits.backoff * 2 ** (attempt - 1))
        try:
            return _get(url, limits)
        except urllib.error.HTTPError as exc:
            last = exc
            if exc.code < 500 and exc.code != 429:
                break               # the address is wrong: asking again gives the same answer
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
            last = exc
        except SourceError:
            raise
    raise SourceError(_why(url, last, limits))


def _why(url: str, exc: Exception | None, limits: Limits) -> str:
    tries = f"{limits.retries + 1} tries"
    if isinstance(exc, urllib.error.HTTPError):
        return f"{url} answered {exc.code} {exc.reason}"
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
        return f"{url} did not answer within {limits.timeout:g} s ({tries})"
    return f"{url} could not be reached: {reason} ({tries})"


def _get(url: str, limits: Limits) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    deadline = time.monotonic() + limits.timeout * 4
    with urllib.request.urlopen(request, timeout=limits.timeout) as response:
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limits.max_bytes:
            raise SourceError(f"{url} is {int(length):,} bytes, over the limit of {limits.max_bytes:,}")
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError("timed out")
            chunk = response.read(65536)
            if not chunk:
                break
            size += len(chunk)
            if size > limits.max_bytes:
                raise SourceError(f"{url} is over the limit of {limits.max_bytes:,} bytes")
            chunks.append(chunk)
    return b"".join(chunks)


def _read_local(path: Path, limits: Limits) -> bytes:
    try:
        if path.stat().st_size > limits.max_bytes:
            raise SourceError(f"{path} is {path.stat().st_size:,} bytes, over the limit of {limits.max_bytes:,}")
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path} is missing: is this the folder of a built site?") from None
    except OSError as exc:
        raise SourceError(f"{path} cannot be read: {exc}") from None


DATA_FILE = path_for("data_reviews")        # /data/reviews.json


def fetch_raw(source: Source, limits: Limits) -> tuple[str, bytes]:
    """Where the source's /data/reviews.json is, and its bytes (I/O only: threads do this)."""
    if source.problem:
        raise SourceError(source.problem)
    if source.is_folder:
        where = str(Path(source.location) / DATA_FILE.lstrip("/"))
        return where, _read_local(Path(where), limits)
    where = source.location + DATA_FILE
    return where, fetch_bytes(where, limits)


def fetch_source(source: Source, limits: Limits) -> dict:
    """The source's /data/reviews.json, parsed and valid against the published schema."""
    return parse(*fetch_raw(source, limits))


def parse(where: str, raw: bytes) -> dict:
    """reviews.json's bytes, parsed and valid against the published schema (CPU: worker
    processes do this)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise SourceError(f"{where} is not JSON: {exc}") from None
    problems = schema_problems(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise SourceError(f"{where} does not match the open-data schema: {problems[0]}{more}")
    return data


@functools.cache
def _validator():
    import jsonschema
    schema = data_schemas()["reviews-data"]
    return jsonschema.Draft202012Validator(schema)


def schema_problems(data: object) -> list[str]:
    """What is wrong with a reviews.json against reviews-data.schema.json, each at its place."""
    found = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        found.append(f"at {where}: {error.message[:200]}")
        if len(found) >= 20:
            break
    return found
