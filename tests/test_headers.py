"""_headers (actionplans/publish/headers.py) gives every response Netlify can send the security headers —
404s at any address and /index.html included — and gives each the right framing policy whether
the host joins the headers of all matching rules or lets the later rule replace the earlier."""

from __future__ import annotations

import re

import pytest

from actionplans.publish.headers import SECURITY, headers_for, headers_replacing, parse_rules


@pytest.fixture(scope="module")
def rules(example_output):
    return parse_rules((example_output / "_headers").read_text(encoding="utf-8"))


def policies(headers) -> list[str]:
    return [v for k, v in headers if k == "Content-Security-Policy"]


def frame_ancestors(policy: str) -> set[str]:
    return set(re.search(r"frame-ancestors ([^;]+)", policy).group(1).split())


# path → who may frame it: nobody, or the partnerships listed in site.yaml
PATHS = {"/": "none", "/index.html": "none", "/reviews/somerset-dhr-022/": "none", "/reviews/": "none",
         "/agencies/": "none", "/search/": "none", "/404.html": "none", "/updates.xml": "none",
         "/embed/reviews/somerset-dhr-022/": "partners", "/embed/partnerships/x/": "partners",
         # addresses that do not exist: Netlify answers 404.html, with the headers of the asked path
         "/no-such-page": "any", "/no/such/page/": "any", "/reviews/no-such/": "none", "/embed/no-such/": "partners",
         "/.env": "any", "/index.htm": "any"}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_response_has_the_security_headers_and_a_policy(rules, path):
    joined = headers_for(rules, path)
    for name, value in SECURITY.items():
        assert (name, value) in joined, (path, name)
    assert policies(joined), path
    replaced = headers_replacing(rules, path)
    assert "Content-Security-Policy" in replaced
    for policy in policies(joined) + [replaced["Content-Security-Policy"]]:
        assert "script-src 'self'" in policy and "object-src 'none'" in policy, policy


@pytest.mark.parametrize("path", sorted(PATHS))
def test_framing_is_right_whether_headers_join_or_replace(rules, path):
    partners = {"https://www.example.gov.uk"}
    joined = headers_for(rules, path)
    # joined: a browser enforces every policy, so a frame is allowed only if all allow it
    allowed = set.intersection(*[frame_ancestors(p) for p in policies(joined)])
    replaced = frame_ancestors(headers_replacing(rules, path)["Content-Security-Policy"])
    want = PATHS[path]
    for result in (allowed, replaced):
        if want == "none":
            assert result <= {"'none'"} or not result, (path, result)
        elif want == "partners":
            assert result == partners, (path, result)
        else:   # an unknown address: no wider than the partners
            assert result <= partners | {"'none'"}, (path, result)
    deny = [v for k, v in joined if k == "X-Frame-Options"]
    assert deny == (["DENY"] if want == "none" else []), (path, deny)
