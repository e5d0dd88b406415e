"""The security headers: one list, written into Netlify's `_headers` by the build and sent by
`actionplans serve` (which reads that file back), so a preview is as protected as the live site.

Netlify applies every rule whose path matches; whether it then joins or replaces a header
named by two rules is not something to rely on, so the rules are made right either way:
the catch-all `/*` carries every header every response needs — 404 pages at any address
included — with the most lenient Content-Security-Policy any page needs (the embeds' framing,
search's WebAssembly); each path the site publishes adds a stricter one, which wins when
headers are replaced and narrows the first when both are enforced (browsers enforce every
policy they are given). X-Frame-Options is only ever in the stricter rules, never for /embed/.
"""

from __future__ import annotations

import hashlib
import base64

from ..core.model import Content
from ..core.urls import Links, path_for, split_language

SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Cross-Origin-Opener-Policy": "same-origin",
}
NONE = "'none'"

Rules = list[tuple[str, list[tuple[str, str]]]]


def csp(frame_ancestors: str, wasm: bool = False, extra_script: str = "") -> str:
    script = "'self' 'wasm-unsafe-eval'" if wasm else "'self'"
    if extra_script:
        script += " " + extra_script
    return ("default-src 'self'; script-src " + script + "; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            f"frame-ancestors {frame_ancestors}")


# What Decap CMS needs, on /admin/* alone: its styles are written by script at run time
# (style-src 'unsafe-inline'), it compiles its configuration's schema with ajv (script-src
# 'unsafe-eval'), it talks to the repository host's API and shows avatars from it,
# and it opens the OAuth server's login window. Nothing is loaded from anywhere else.
ADMIN_HOSTS = {"github": ("https://api.github.com", "https://avatars.githubusercontent.com"),
               "gitlab": ("https://gitlab.com", "https://secure.gravatar.com")}
ADMIN_LOCAL_PROXY = "http://127.0.0.1:8081"     # decap-server, for `actionplans serve` only


def admin_csp(backend: str, auth_url: str) -> str:
    api, images = ADMIN_HOSTS[backend]
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data: blob: {images}; font-src 'self' data:; connect-src 'self' {api} {auth_url}; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def csp_union(first: str, second: str) -> str:
    """A policy allowing what either allows (directive by directive, in the first's order)."""
    a, b = _directives(first), _directives(second)
    for name, sources in b.items():
        kept = a.setdefault(name, [])
        if kept and sources == [NONE]:
            continue
        if kept == [NONE]:
            kept.clear()
        kept += [s for s in sources if s not in kept]
    return "; ".join(" ".join([name, *sources]) for name, sources in a.items())


def _top(name: str) -> str:
    """The rule a file falls under: its top folder ('reviews/*'), or itself at the top, within
    its language's folder ('cy/reviews/*')."""
    prefix, rest = split_language(name)
    return prefix + rest.split("/", 1)[0] + ("/*" if "/" in rest else "")


def header_rules(content: Content, files: dict[str, bytes] | list[str], links: Links) -> Rules:
    base = links.base_path
    origins = " ".join(content.site.embed_allowed_origins) or NONE
    lenient = csp(origins, wasm=True)
    admin = content.site.admin
    if admin is not None:
        from .admin import DEFAULT_AUTH
        editor = admin_csp(admin.backend, admin.auth_url or DEFAULT_AUTH)
        # A host that joins the catch-all's policy with /admin/'s enforces both: the catch-all
        # must allow what the editor needs. Every page the site publishes has its own strict
        # rule below, unchanged, so its effective policy is not loosened.
        lenient = csp_union(lenient, editor)
    rules: Rules = [(f"{base}/*", [*SECURITY.items(), ("Content-Security-Policy", lenient)])]
    # a language's pages (cy/…) by their own folders, so its embeds are framed as the English ones
    tops = sorted({_top(name) for name in files} | {"index.html"})
    for top in tops:
        if split_language(top)[1].startswith(("embed/", "_headers", "_redirects", "admin/")) or top == "embed.js":
            continue
        prefix, rest = split_language(top)
        paths = [f"{base}/{prefix}", f"{base}/{top}"] if rest == "index.html" else [f"{base}/{top}"]
        wasm = rest.startswith(("search/", "pagefind/"))
        for path in paths:
            rules.append((path, [("Content-Security-Policy", csp(NONE, wasm)), ("X-Frame-Options", "DENY")]))
    if admin is not None:
        # The repository host's login (OAuth) is a popup that reports back to its opener:
        # same-origin-allow-popups keeps that link, for /admin/ alone.
        rules.append((f"{base}/admin/*", [("Content-Security-Policy", editor), ("X-Frame-Options", "DENY"),
                                          ("Cross-Origin-Opener-Policy", "same-origin-allow-popups"),
                                          ("X-Robots-Tag", "noindex, nofollow"), ("Cache-Control", "no-cache")]))
    for prefix in sorted({split_language("/" + name)[0] for name in files}):
        rules.append((f"{base}{prefix}{path_for('embeds')}*", [("Content-Security-Policy", csp(origins))]))
    rules.append((f"{base}{path_for('embed_js')}", [("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
                                       ("Access-Control-Allow-Origin", "*"), ("Cache-Control", "public, max-age=300")]))
    rules.append((f"{base}/static/*", [("Cache-Control", "public, max-age=31536000, immutable")]))
    rules.append((f"{base}{path_for('data')}*", [("Access-Control-Allow-Origin", "*")]))
    return rules


def format_rules(rules: Rules) -> bytes:
    lines = []
    for path, headers in rules:
        lines += [path] + [f"  {k}: {v}" for k, v in headers] + [""]
    return "\n".join(lines).encode("utf-8")


def headers_file(content: Content, files: dict[str, bytes], links: Links) -> bytes:
    """Netlify `_headers` for the site about to be written."""
    return format_rules(header_rules(content, files, links))


def parse_rules(text: str) -> Rules:
    """`_headers` read back: a path pattern, then indented `Name: value` lines."""
    rules: Rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def matches(pattern: str, path: str) -> bool:
    return path.startswith(pattern[:-1]) if pattern.endswith("*") else pattern == path


def headers_for(rules: Rules, path: str) -> list[tuple[str, str]]:
    """Every header of every rule matching `path`, in file order (the joining reading)."""
    return [h for pattern, headers in rules if matches(pattern, path) for h in headers]


def headers_replacing(rules: Rules, path: str) -> dict[str, str]:
    """The same, where a later rule's header replaces an earlier one of the same name."""
    out: dict[str, str] = {}
    for name, value in headers_for(rules, path):
        out[name] = value
    return out


def allow_local_backend(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """/admin/'s headers for a preview on this machine: the editor may also reach decap-server,
    Decap's proxy to a local git repository. Only `actionplans serve` (and its tests) send this."""
    return [(name, value.replace("connect-src ", f"connect-src {ADMIN_LOCAL_PROXY} ", 1)
             if name == "Content-Security-Policy" else value) for name, value in headers]


def allow_inline_script(headers: list[tuple[str, str]], script: str) -> list[tuple[str, str]]:
    """The headers with one exact inline script allowed by its hash (serve's live-reload snippet):
    nothing else is loosened."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    out = []
    for name, value in headers:
        if name == "Content-Security-Policy" and "script-src " in value:
            value = value.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
        out.append((name, value))
    return out
