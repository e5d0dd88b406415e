/* actionplans embed: <div data-actionplans="reviews/<id>"><a href="…">fallback link</a></div>
   ("cy/reviews/<id>": the Welsh embed, on a site that publishes that review in Welsh) */
(function () {
  "use strict";
  var ORIGIN = "https://actionplans.example.org";
  var BASE = "https://actionplans.example.org";
  var EXIT = "https://www.bbc.co.uk/weather";
  var EMBEDS = "/embed/";
  var PATH = /^(?:([a-z]{2})\/)?((?:reviews|agencies|partnerships)\/[a-z0-9]+(?:-[a-z0-9]+)*)$/;
  /* The frame's name when the fallback link has no text, in each language the site publishes in. */
  var TITLES = {"cy": "Cynnydd cynllun gweithredu", "en": "Progress of an action plan"};
  function mount(div) {
    if (div.getAttribute("data-actionplans-mounted")) { return; }
    var path = (div.getAttribute("data-actionplans") || "").replace(/^\/+|\/+$/g, "");
    var parts = PATH.exec(path);
    if (!parts || (parts[1] && !TITLES[parts[1]])) { return; }
    var lang = parts[1] || "en";
    var link = div.querySelector("a");
    var iframe = document.createElement("iframe");
    iframe.src = BASE + (parts[1] ? "/" + lang : "") + EMBEDS + parts[2] + "/";
    iframe.title = (link && link.textContent.replace(/\s+/g, " ").trim()) || TITLES[lang];
    iframe.setAttribute("scrolling", "no");
    /* Scripts run and links open in this (top) window, but only when the person clicked or
       pressed a key: "Exit this page" replaces this whole page, never just the frame. */
    iframe.setAttribute("sandbox", "allow-scripts allow-same-origin allow-top-navigation-by-user-activation");
    iframe.style.width = "100%";
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
