"""Personal-data patterns that must never be published.

Their definitions: what each pattern is, its message, and the checks a match must pass (a
valid NHS check digit, a phone number's length); scan.py finds them in a text. Pure functions
over a string: no I/O, no configuration files. The caller decides which
patterns are enabled (``redaction.yaml`` ``patterns``) and which phone numbers are public
support lines (``site.yaml`` ``support``), and turns each :class:`Finding` into a diagnostic
with ``file:line:col``.

Rules (``Finding.rule``):

``email``           an e-mail address
``phone``           a UK phone number (+44 or 0 followed by 9 or 10 digits), unless allowed
``postcode``        a full UK postcode ("SO14 7LP")
``nhs-number``      ten digits whose mod-11 check digit is valid
``ni-number``       a National Insurance number ("AB 12 34 56 C")
``file-name``       an internal file name (*.docx, *.msg, *.xlsx, *.pdf, ...), but not a link
                    target in Markdown or HTML, nor part of a URL
``case-reference``  an internal case or incident reference ("SI 2020/2680", "Ref: 12345/19");
                    a bare "2020/2680" is a warning

Dates such as ``30.06.2020`` or ``06/01/22`` are never phone numbers: dots and slashes are
not accepted as separators inside a phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Finding",
    "ALL_PATTERNS",
    "normalise_phone",
    "nhs_number_is_valid",
]


@dataclass(frozen=True)
class Finding:
    start: int  # offset into the text passed in
    end: int
    rule: str  # 'email', 'phone', ..., or 'name:<rule>' for names
    text: str  # the text found (text[start:end])
    severity: str  # 'error' | 'warning'
    message: str  # plain English
    hint: str  # the fix


ALL_PATTERNS: tuple[str, ...] = (
    "email",
    "phone",
    "postcode",
    "nhs-number",
    "ni-number",
    "file-name",
    "case-reference",
)

_HINT_REMOVE = "remove it or reword the sentence; personal details must never be published"

_MESSAGES = {
    "email": ("an email address", _HINT_REMOVE),
    "phone": (
        "a phone number",
        "remove it; if it is a public support line, add it to support in site.yaml",
    ),
    "postcode": ("a postcode", "remove it, or give only the town or area"),
    "nhs-number": ("an NHS number", _HINT_REMOVE),
    "ni-number": ("a National Insurance number", _HINT_REMOVE),
    "file-name": (
        "an internal file name",
        "describe the evidence in words, or link to a public copy of it",
    ),
    "case-reference": (
        "an internal case reference",
        "remove it, or describe the case without its internal reference",
    ),
}

# --------------------------------------------------------------------------- email

_EMAIL_RE = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# --------------------------------------------------------------------------- phone

# A phone number starts with +44 / 0044 or with 0, and its digits are grouped by single
# spaces or hyphens only (never dots or slashes: those are dates). The digit count is
# checked afterwards.
#
# Each pattern here starts with a character class, and checks what comes before it with a
# look-behind placed after that first character: Python's regex engine can then skip quickly
# to the places where a match can start.
_PHONE_RE = re.compile(
    r"""
    [+(0](?<![\w+/.:-][+(0])
    (?:
        (?<=\+)[ ]?44[ ]?(?:\(0\)[ ]?)?\d{2,5}(?:[ -]?\d{2,4}){1,3}
      | (?<=0)0[ ]?44[ ]?(?:\(0\)[ ]?)?\d{2,5}(?:[ -]?\d{2,4}){1,3}
      | (?<=\()0\d{2,5}\)[ ]?\d{3,4}(?:[ -]?\d{3,4})?
      | (?<=0)\d{2,5}(?:[ -]\d{3,6}){1,2}
      | (?<=0)\d{9,10}
    )
    (?![\w/-]|[.:]\d)
    """,
    re.VERBOSE,
)
_PHONE_INTL_PREFIX_RE = re.compile(r"(?:\+|00)[ ]?44[ ]?(?:\(0\)[ ]?)?")


def normalise_phone(number: str) -> str:
    """The national form of a UK number, digits only: '+44 (0)808 2000 247' -> '08082000247'."""
    digits = re.sub(r"\D", "", number)
    if number.strip().lstrip("(").startswith("+") and digits.startswith("44"):
        national = digits[2:]
    elif digits.startswith("0044"):
        national = digits[4:]
    else:
        return digits
    if national.startswith("0"):
        national = national[1:]
    return "0" + national


def _phone_digits_ok(match: re.Match[str]) -> bool:
    text = match.group(0)
    intl = _PHONE_INTL_PREFIX_RE.match(text)
    if intl:
        national = re.sub(r"\D", "", text[intl.end() :])
        if national.startswith("0"):
            return False
        return 9 <= len(national) <= 10 and national[0] in "123578"
    digits = re.sub(r"\D", "", text)
    return 10 <= len(digits) <= 11 and digits[0] == "0" and digits[1] in "123578"


# --------------------------------------------------------------------------- postcode

_POSTCODE_RE = re.compile(
    r"[A-PR-UWYZa-pr-uwyz](?<!\w\w)"
    r"(?:(?<=[Gg])[Ii][Rr] ?0[Aa][Aa]|"
    r"(?:[0-9][0-9]?|[A-HK-Ya-hk-y][0-9][0-9]?|[0-9][A-HJKPSTUWa-hjkpstuw]|[A-HK-Ya-hk-y][0-9][ABEHMNPRVWXYabehmnprvwxy])"
    r"[ \u00a0]?[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})"
    r"(?![\w])"
)

# --------------------------------------------------------------------------- NHS number

_NHS_RE = re.compile(r"\d(?<![\w/.+-]\d)\d{2}([ -]?)\d{3}\1\d{4}(?![\w/-]|[.:]\d)")


def nhs_number_is_valid(number: str) -> bool:
    """True when ``number`` has ten digits and a valid modulus-11 check digit."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 10:
        return False
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == digits[9]


# --------------------------------------------------------------------------- NI number

_NI_RE = re.compile(
    r"[A-CEGHJ-PR-TW-Z](?<!\w\w)[A-CEGHJ-NPR-TW-Z](?<!BG|GB|NK|KN|TN|NT|ZZ)"
    r"[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?\d{2}[ \u00a0]?[A-D]"
    r"(?![\w])"
)

# --------------------------------------------------------------------------- file names

_FILE_EXTENSIONS = (
    "docx", "docm", "doc", "dotx", "msg", "eml", "oft", "xlsx", "xlsm", "xlsb", "xls",
    "pdf", "pptx", "ppt", "odt", "ods", "odp", "rtf", "pages", "numbers", "zip",
)
# Find the extension first (a literal "." is quick to look for), then the name before it.
_FILE_EXT_RE = re.compile(r"\.(?:" + "|".join(_FILE_EXTENSIONS) + r")(?![\w@-]|\.\w)", re.IGNORECASE)
_FILE_STEM_STOP = frozenset(" \t\n\r\f\v\u00a0[](){}<>\"'`|,;:")
_FILE_STOP_WORDS = frozenset(
    """a an and at by for from in into is of on or see the to use used using via with within
    was were are be been attached embedded evidence: attached: in:""".split()
)

# Text in which a file name is a link target, not something a reader sees as text.
_PROTECTED_RES = (
    re.compile(r"(?:https?|ftp)://[^\s<>\"'`)\]]+(?:\([^\s)]*\)[^\s<>\"'`)\]]*)*", re.IGNORECASE),
    re.compile(r"(?<![\w@/])www\.[^\s<>\"'`)\]]+", re.IGNORECASE),
    re.compile(r"\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"),  # [text](target)
    re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:[ \t]|$)", re.MULTILINE),  # [ref]: target
    re.compile(r"""\b(?:href|src|action|poster|data)\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE),
    re.compile(r"<(?:https?|mailto):[^>\s]+>", re.IGNORECASE),  # <https://...> autolinks
)

# --------------------------------------------------------------------------- case references

# "SI 2020/2680", "StEIS 2019/12345", "DHR 2021/03"? (a review's own reference is published,
# so a year/number needs at least three digits after the slash to count).
_CASE_PREFIXED_RE = re.compile(
    r"(?P<prefix>[A-Z](?<![\w/][A-Z])(?:[A-Za-z]{0,5}|[A-Z]{0,5}))[ \u00a0]?(?:No\.?[ \u00a0]?|#[ \u00a0]?)?"
    r"(?P<year>(?:19|20)\d{2})[ \u00a0]?/[ \u00a0]?(?P<num>\d{3,7})(?![\w/]|[.]\d)"
)
_CASE_BARE_RE = re.compile(r"(?P<year>(?:1(?<![\w/.-]1)9|2(?<![\w/.-]2)0)\d{2})/(?P<num>\d{4,7})(?![\w/]|[.]\d)")
_CASE_LABEL_WORDS = ("crime", "incident", "case", "log", "ref", "urn", "crn", "nhs")
_CASE_LABEL_START_RE = re.compile("|".join(_CASE_LABEL_WORDS))  # on lower-cased text
_CASE_LABELLED_RE = re.compile(
    r"(?:crime[ \u00a0]+ref(?:erence)?|incident[ \u00a0]+(?:no|number|ref)|case[ \u00a0]+(?:no|number|ref)"
    r"|log[ \u00a0]+(?:no|number)|ref(?:erence)?[ \u00a0]*(?:no|number)?|URN|CRN|NHS[ \u00a0]+ref)\.?"
    r"[ \u00a0]*[:#]?[ \u00a0]*(?P<ref>(?=[A-Z0-9/-]*\d{4})[A-Z0-9][A-Z0-9/-]{4,}[A-Z0-9])(?![\w/])",
    re.IGNORECASE,
)
_YEARISH_RE = re.compile(r"(?:19|20)\d{2}(?:[/-](?:\d{2}|(?:19|20)\d{2}))?")
# letters then a long number: "FW 20192680", "CR 5219123456"
_CASE_LONG_RE = re.compile(r"[A-Z](?<![\w/][A-Z])[A-Z]{0,4}[ \u00a0]?(?P<num>\d{7,12})(?![\w/]|[.]\d)")
_CASE_YEAR_NUMBER_RE = re.compile(r"(?:19|20)\d{2}[ \u00a0]?/[ \u00a0]?\d{3}")
_SEVEN_DIGITS_RE = re.compile(r"\d{7}")

# Prefixes that are not internal references when followed by a year/number.
_CASE_PREFIX_IGNORE = frozenset({"Act", "Acts", "Regulations", "Order", "Rules", "Bill"})


def _is_year_range(year: str, num: str) -> bool:
    """'2019/2020' and '2019/20' are financial years, not references."""
    y = int(year)
    if len(num) == 4:
        return int(num) in (y + 1, y)
    if len(num) == 2:
        return int(num) == (y + 1) % 100
    return False


# --------------------------------------------------------------------------- long texts

# A published page is tens of thousands of characters, and the guard scans every page: there,
# each pattern is first looked for in a cheap form, by a C-level search of the text's UTF-8
# bytes (a translated copy in which every digit is "0", say), and the regular expression runs
# only where that form occurs (or, for a rare form, only in texts that have it). The results
# are exactly those of running every expression over the whole text; short texts (each field
# the redaction stage checks) take the plain way, which is quicker for them.
FAST_MIN_CHARS = 4096

_ASCII_BYTES = bytes(range(128))
# The only characters that re.IGNORECASE matches to an ASCII letter besides its two cases
# (İ ı ſ K). Where none of them occurs, a case-blind match of an ASCII word is a match in the
# text's bytes lowered by bytes.lower(). (tests/test_guard_speed.py checks this list.)
CASE_ODD = frozenset("\u0130\u0131\u017f\u212a")
