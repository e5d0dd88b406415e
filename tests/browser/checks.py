"""What the browser tests measure, as JavaScript run in the page and small helpers: shared by
the per-page checks (test_axe.py) and the keyboard tests (test_keyboard.py)."""

from __future__ import annotations

# One page of each type (every template a reader can land on).
PAGES = {
    "home": "/",
    "reviews list": "/reviews/",
    "reviews filtered": "/reviews/status/overdue/",
    "review": "/reviews/somerset-dhr-022/",
    "agencies list": "/agencies/",
    "agency": "/agencies/avon-and-somerset-police/",
    "topics list": "/topics/",
    "topic": "/topics/information-sharing/",
    "partnerships": "/partnerships/",
    "partnership": "/partnerships/safer-somerset/",
    "updates": "/updates/",
    "escalation": "/escalation/",
    "glossary": "/glossary/",
    "accessibility statement": "/accessibility/",
    "about": "/about/",
    "open data": "/data/",
    "search": "/search/?q=training",
    "404": "/no-such-page/",
    "embed review": "/embed/reviews/somerset-dhr-022/",
    "review open actions": "/reviews/somerset-dhr-022/open/",
    "review overdue actions": "/reviews/southampton-dhr-2022/overdue/",
    "review changes": "/reviews/west-oxfordshire-dhr-2019/changes/",
    "review changes since a date": "/reviews/southampton-dhr-2022/changes/?since=2023-06-01",
    "changes": "/changes/",
    # the Welsh twins (a bilingual partnership's pages, under /cy/)
    "Welsh home": "/cy/",
    "Welsh review": "/cy/reviews/example-valleys-dhr-2021/",
    "Welsh partnership": "/cy/partnerships/example-valleys-csp/",
    "Welsh 404": "/cy/404.html",
    "Welsh reviews list": "/cy/reviews/",
    "Welsh reviews filtered": "/cy/reviews/partnership/example-valleys-csp/",
    "Welsh agencies list": "/cy/agencies/",
    "Welsh agency": "/cy/agencies/example-valleys-health-board/",
    "Welsh topics list": "/cy/topics/",
    "Welsh topic": "/cy/topics/information-sharing/",
    "Welsh partnerships": "/cy/partnerships/",
    "Welsh updates": "/cy/updates/",
    "Welsh escalation": "/cy/escalation/",
    "Welsh glossary": "/cy/glossary/",
    "Welsh accessibility statement": "/cy/accessibility/",
    "Welsh about": "/cy/about/",
    "Welsh open data": "/cy/data/",
    "Welsh search": "/cy/search/?q=hyfforddi",
    "Welsh embed review": "/cy/embed/reviews/example-valleys-dhr-2021/",
    "Welsh review open actions": "/cy/reviews/example-valleys-dhr-2021/open/",
    "Welsh review overdue actions": "/cy/reviews/example-valleys-dhr-2021/overdue/",
    "Welsh changes since a date": "/cy/reviews/example-valleys-dhr-2021/changes/?since=2022-01-01",
    "Welsh changes": "/cy/changes/",
}
WIDTHS = {"1280px": (1280, 900), "320px": (320, 640)}

FOCUSABLE = ("a[href], button, input:not([type=hidden]), select, textarea, summary, "
             "[tabindex]:not([tabindex='-1'])")

# Everything about how an element looks when focused, read from computed styles.
SNAPSHOT = """el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
  return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\\(.*, 0\\)$/.test(s.outlineColor)
            ? s.outlineWidth + ' ' + s.outlineColor : '',
          shadow: s.boxShadow, bg: s.backgroundColor, color: s.color,
          rect: [r.left, r.top, r.width, r.height], vw: innerWidth, vh: innerHeight}; }"""

REACHABLE = """sel => Array.from(document.querySelectorAll(sel)).filter(el => {
  if (el.disabled || el.closest('[hidden], [inert]')) return false;
  const closed = el.closest('details:not([open])');
  if (closed && !(el.tagName === 'SUMMARY' && el.parentElement === closed)) return false;
  const s = getComputedStyle(el);
  return el.getClientRects().length > 0 && s.visibility !== 'hidden';
}).map(el => Array.prototype.indexOf.call(document.getElementsByTagName('*'), el))"""


def tab_through(page, limit: int = 800) -> list[dict]:
    """Press Tab from the top of the page until focus leaves it; describe each stop."""
    page.evaluate("() => { window.__stops = []; if (document.activeElement) document.activeElement.blur(); }")
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(f"""() => {{ const el = document.activeElement;
            if (!el || el === document.body) return null;
            window.__stops.push(el);
            return {{index: Array.prototype.indexOf.call(document.getElementsByTagName('*'), el),
                    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + (el.textContent || '').trim().slice(0, 40),
                    focused: ({SNAPSHOT})(el)}}; }}""")
        if stop is None or (stops and stop["index"] == stops[0]["index"]):
            break
        stops.append(stop)
    unfocused = page.evaluate(f"() => {{ document.activeElement && document.activeElement.blur(); "
                              f"return window.__stops.map({SNAPSHOT}); }}")
    for stop, plain in zip(stops, unfocused):
        stop["plain"] = plain
    return stops


def focus_visible(stop: dict) -> bool:
    f, p = stop["focused"], stop["plain"]
    return bool(f["outline"]) or f["bg"] != p["bg"] or f["shadow"] != p["shadow"]


def in_view(stop: dict) -> bool:
    left, top, width, height = stop["focused"]["rect"]
    return width > 0 and height > 0 and top + height > 0 and top < stop["focused"]["vh"] \
        and left + width > 0 and left < stop["focused"]["vw"]


def overflow_problems(page) -> dict:
    """Sideways scrolling of the page, and boxes that clip their own text."""
    return page.evaluate("""() => {
      const doc = document.documentElement;
      const clipped = [];
      for (const el of document.body.querySelectorAll('*')) {
        if (el.closest('.ap-visually-hidden, [hidden]')) continue;
        const s = getComputedStyle(el);
        const hides = v => v === 'hidden' || v === 'clip';
        if ((hides(s.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
            (hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
          clipped.push(el.tagName.toLowerCase() + '.' + el.className);
        }
      }
      return {sideways: doc.scrollWidth - doc.clientWidth, clipped};
    }""")


# WCAG 2.5.8 as written: a target is at least 24 × 24 CSS px, unless it sits in a sentence
# (inline exception) or a 24 px circle centred on it touches no other target and no other
# undersized target's circle (spacing exception).
SMALL_TARGETS = """sel => {
  const all = Array.from(document.querySelectorAll(sel)).filter(el => el.getClientRects().length &&
      getComputedStyle(el).visibility !== 'hidden').map(el => {
    const r = el.getBoundingClientRect();
    const inline = getComputedStyle(el).display === 'inline' && el.tagName === 'A' &&
      el.parentElement.textContent.trim().length > el.textContent.trim().length + 3;
    return {el, r, inline, cx: r.left + r.width / 2, cy: r.top + r.height / 2,
            what: el.tagName.toLowerCase() + ' ' + el.textContent.trim().slice(0, 30) + ` (${r.width.toFixed(0)}×${r.height.toFixed(0)})`};
  });
  const small = all.filter(t => !t.inline && (t.r.width < 24 || t.r.height < 24));
  const touches = (t, o) => {
    const dx = Math.max(o.r.left - t.cx, 0, t.cx - o.r.right), dy = Math.max(o.r.top - t.cy, 0, t.cy - o.r.bottom);
    return dx * dx + dy * dy < 144;
  };
  return small.filter(t => all.some(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      (touches(t, o) || (small.includes(o) && Math.hypot(o.cx - t.cx, o.cy - t.cy) < 24)))).map(t => t.what);
}"""
