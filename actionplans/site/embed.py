"""Embedding in partnership websites: /embed/… pages (no site chrome, links open in the top
window), /embed.js for web editors, and the security headers that allow only the listed
origins to frame them."""

from __future__ import annotations

import json

from ..core.model import Content
from ..content.progress import Progress
from ..core.urls import output_path, path_for
from .listing import agency_rows
from .pages import Page, paged
from ..core.urls import Links

EMBED_JS = """/* actionplans embed: <div data-actionplans="reviews/<id>"><a href="…">fallback link</a></div> */
(function () {
  "use strict";
  var ORIGIN = %(origin)s;
  var BASE = %(base)s;
  var EXIT = %(exit)s;
  var EMBEDS = %(embeds)s;
  var PATH = /^(reviews|agencies|partnerships)\\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
  function mount(div) {
    if (div.getAttribute("data-actionplans-mounted")) { return; }
    var path = (div.getAttribute("data-actionplans") || "").replace(/^\\/+|\\/+$/g, "");
    if (!PATH.test(path)) { return; }
    var link = div.querySelector("a");
    var iframe = document.createElement("iframe");
    iframe.src = BASE + EMBEDS + path + "/";
    iframe.title = (link && link.textContent.replace(/\\s+/g, " ").trim()) || "Progress of an action plan";
    iframe.setAttribute("scrolling", "no");
    /* Scripts run and links open in this (top) window, but only when the person clicked or
       pressed a key: "Exit this page" replaces this whole page, never just the frame. */
    iframe.setAttribute("sandbox", "allow-scripts allow-same-origin allow-top-navigation-by-user-activation");
    iframe.style.width = "100%%";
    iframe.style.minHeight = "200px";
    iframe.style.height = "600px";
    iframe.style.border = "0";
    iframe.style.display = "block";
    div.setAttribute("data-actionplans-mounted", "true");
    while (div.firstChild) { div.removeChild(div.firstChild); }
    div.appendChild(iframe);
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) { return; }           /* only our pages may resize our frames */
    var data = event.data;
    if (!data || data.type !== "actionplans:height" || typeof data.height !== "number") { return; }
    var frames = document.querySelectorAll("div[data-actionplans] > iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.max(100, Math.min(Math.ceil(data.height), 100000)) + "px";
      }
    }
  });
  /* Shift pressed three times within 5 seconds leaves this page too, wherever the focus is
     (inside the frame, the embedded page's own script does it). */
  var presses = 0, timer = null;
  document.addEventListener("keyup", function (event) {
    if (!document.querySelector("div[data-actionplans] > iframe")) { return; }
    if (event.key !== "Shift") { presses = 0; return; }
    presses += 1;
    clearTimeout(timer);
    if (presses >= 3) { presses = 0; window.location.replace(EXIT); return; }
    timer = setTimeout(function () { presses = 0; }, 5000);
  });
  function mountAll() {
    var divs = document.querySelectorAll("div[data-actionplans]");
    for (var i = 0; i < divs.length; i++) { mount(divs[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mountAll); } else { mountAll(); }
})();
"""


def embed_pages(content: Content, progress: Progress) -> list[Page]:
    site = content.site
    themes = {p.id: (p.theme or site.theme) for p in site.partnerships}
    multi = len(site.partnerships) > 1
    pages = []
    for r in content.reviews:
        url = path_for("embed_review", r.id)
        pages.append(Page(url, output_path(url), "embed_review.html", r.title, "embed", subject=r,
                          theme=themes.get(r.partnership, site.theme), extra={"full_url": path_for("review", r.id)}))
    for a in content.agencies:
        # The open actions, a page at a time as on the agency's own page; every page of the
        # embed stands for the agency's page.
        for page in paged(("embed_agency", a.id), agency_rows(progress, a.id, open_only=True), a.name,
                          template="embed_agency.html", kind="embed", subject=a):
            page.extra["full_url"] = path_for("agency", a.id)
            pages.append(page)
    for p in site.partnerships:
        url = path_for("embed_partnership", p.id)
        pages.append(Page(url, output_path(url), "embed_partnership.html", p.name, "embed", subject=p, theme=themes[p.id],
                          extra={"full_url": path_for("partnership", p.id) if multi else path_for("home")}))
    return pages


def embed_js(links: Links, exit_url: str) -> bytes:
    origin = links.base_url.split("/", 3)
    origin_only = "/".join(origin[:3])
    return (EMBED_JS % {"origin": json.dumps(origin_only), "base": json.dumps(links.base_url),
                        "exit": json.dumps(exit_url), "embeds": json.dumps(path_for("embeds"))}).encode("utf-8")
