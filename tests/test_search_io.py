"""Reading Pagefind's answers (actionplans/publish/search.py): every answer whole, however the
pipe cuts it, and in time linear in its size (the index's files come back as one long answer)."""

from __future__ import annotations

import base64
import io
import json
import tempfile
import time

import pytest

from actionplans.publish.search import SearchError, _messages


class Pipe:
    """A stdout whose read1 hands back the bytes in the chunk sizes given, then EOF."""

    def __init__(self, data: bytes, sizes):
        self.data, self.sizes, self.at = data, sizes, 0

    def read1(self, n: int) -> bytes:
        size = min(n, next(self.sizes, n))
        chunk = self.data[self.at:self.at + size]
        self.at += len(chunk)
        return chunk


def encode(*payloads: dict) -> bytes:
    return b"".join(base64.b64encode(json.dumps(p).encode()) + b"," for p in payloads)


@pytest.mark.parametrize("sizes", [[1] * 10_000, [3, 7, 1, 50, 2] * 2_000, [1 << 20]])
def test_every_answer_comes_whole_however_the_pipe_cuts_it(sizes):
    payloads = [{"message_id": i, "payload": {"text": "x" * (i * 37)}} for i in range(1, 12)]
    # zip asks for the payload first: no read past the last answer, which would meet the EOF
    got = [json.loads(base64.b64decode(m)) for _, m in zip(payloads, _messages(Pipe(encode(*payloads), iter(sizes)),
                                                                               None))]
    assert got == payloads


def test_a_service_that_stops_early_is_an_error():
    with tempfile.TemporaryFile() as errors:
        errors.write(b"thread panicked")
        messages = _messages(Pipe(encode({"message_id": 1}) + b"eyJtZXNz", iter([])), errors)
        assert json.loads(base64.b64decode(next(messages))) == {"message_id": 1}
        with pytest.raises(SearchError, match="stopped early: thread panicked"):
            next(messages)


def test_a_long_answer_is_read_in_linear_time():
    """64 MB in 64 KB chunks: the old loop copied the unfinished answer at every chunk (about
    32 GB of copying here); read linearly it takes well under a second."""
    data = encode({"message_id": 1, "payload": {"files": "A" * (48 << 20)}})
    started = time.process_time()
    (message,) = list(_messages_until_eof(Pipe(data, _every(64 << 10))))
    assert len(message) == len(data) - 1
    assert time.process_time() - started < 5


def _every(size: int):
    while True:
        yield size


def _messages_until_eof(pipe):
    out = []
    try:
        for m in _messages(pipe, io.BytesIO(b"")):
            out.append(m)
    except SearchError:
        pass
    return out


def test_pagefind_is_sent_the_head_and_main_only():
    from actionplans.publish.search import searchable
    page = (b'<!DOCTYPE html>\n<html lang="en-GB"><head><title>T</title></head>\n<body class="x">'
            b'<a href="#m">Skip</a><nav>Exit this page</nav><main id="m"><h1>Review</h1><p>Text</p></main>'
            b'<footer>Helpline 0808 2000 247</footer><script src="/s.js"></script></body></html>')
    sent = searchable(page)
    assert sent == (b'<!DOCTYPE html>\n<html lang="en-GB"><head><title>T</title></head>\n<body>'
                    b'<main id="m"><h1>Review</h1><p>Text</p></main></body></html>')
    # no <main>, or two: the page goes whole and Pagefind decides
    assert searchable(page.replace(b"main", b"div")) == page.replace(b"main", b"div")
    two = page.replace(b"<footer>", b"<main>x</main><footer>")
    assert searchable(two) == two


def test_an_ignored_element_is_sent_empty():
    from actionplans.publish.search import without_ignored
    page = (b'<main><h1>Police</h1><div data-pagefind-ignore><div><p>Row one</p></div><div>Row two</div></div>'
            b'<p>After</p><section class="x" data-pagefind-ignore="all"><p>gone</p></section></main>')
    assert without_ignored(page) == (b'<main><h1>Police</h1><div data-pagefind-ignore></div><p>After</p>'
                                     b'<section class="x" data-pagefind-ignore="all"></section></main>')
    # kept whole: a filter or meta inside still counts for Pagefind; an end that cannot be found
    kept = b'<div data-pagefind-ignore><span data-pagefind-filter="x">y</span></div>'
    assert without_ignored(kept) == kept
    unclosed = b'<div data-pagefind-ignore><div>no end</div>'
    assert without_ignored(unclosed) == unclosed
    # an attribute merely named like it is not the marker
    other = b'<div data-pagefind-ignored-not><p>text</p></div>'
    assert without_ignored(other) == other


def test_sending_ignored_elements_empty_gives_the_same_index(monkeypatch):
    """The index Pagefind writes is byte for byte the one it writes from the whole pages: the
    ignored lists (words, headings with ids, links) never reached it."""
    import actionplans.publish.search as search
    rows = "".join(f'<h3 id="a{i}">Action {i} for Ashbury Police</h3><p>Promised review {i} of '
                   f'<a href="/reviews/r{i}/">training</a> and <abbr title="x">MARAC</abbr></p>' for i in range(60))
    pages = {f"agencies/a{n}/index.html": (
        f'<!DOCTYPE html><html lang="en-GB"><head><title>Agency {n}</title></head><body><main>'
        f'<h1 id="top">Agency {n} safeguarding</h1><p>Leads actions.</p><div data-pagefind-ignore>{rows}'
        f'</div><h2 id="end">Embed this</h2><p>Copy the code.</p></main></body></html>').encode()
        for n in range(4)}
    pages["reviews/r1/index.html"] = (
        b'<!DOCTYPE html><html lang="en-GB"><head><title>R1</title></head><body><main><h1>Review</h1>'
        b'<span data-pagefind-filter="partnership">North</span><p>Training for Police</p></main></body></html>')
    stripped = search.search_files(pages, "")
    assert sum(len(search.searchable(p)) for p in pages.values()) < sum(len(p) for p in pages.values()) / 2
    monkeypatch.setattr(search, "without_ignored", lambda data: data)
    assert search.search_files(pages, "") == stripped


def test_a_request_that_cannot_be_made_is_raised_not_waited_out(monkeypatch):
    """Pages are encoded as the service reads them (in the writer thread): a failure there is
    the build's bug, raised at once, not a service that seems to hang until the time limit."""
    import actionplans.publish.search as search

    def broken(data: bytes) -> bytes:
        raise RuntimeError("cannot encode this page")
    monkeypatch.setattr(search, "searchable", broken)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="cannot encode"):
        search.search_files({"a/index.html": b"<html><body><main>x</main></body></html>"}, "")
    assert time.monotonic() - started < 30
