/* actionplans: progressive enhancements. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");

  /* Exit this page: a button that leaves at once with location.replace (the page does not stay
     in history), also triggered by pressing Shift three times within 5 seconds. */
  var exitBox = document.querySelector(".ap-exit");
  if (exitBox) {
    var exitUrl = exitBox.getAttribute("data-exit-url");
    var announce = exitBox.querySelector(".ap-exit__announce");
    /* The messages come from the page (data-msg-…, from the interface catalogue), so they are
       in the page's language; English when a theme's page does not give them. */
    var say = function (key, english) { return exitBox.getAttribute("data-msg-" + key) || english; };
    var leave = function () {
      document.documentElement.classList.add("ap-exiting");
      var overlay = document.createElement("div");
      overlay.className = "ap-exit-overlay";
      overlay.setAttribute("role", "alert");
      overlay.textContent = say("loading", "Loading.");
      document.body.appendChild(overlay);
      if (window.top !== window) {
        /* In a partnership's page: leave the whole page the person has open, not the frame.
           The frame may do so because this runs on their click or key press. */
        try { window.top.location.replace(exitUrl); return; } catch (e) { /* fall through */ }
        if (window.open(exitUrl, "_top")) { return; }
      }
      window.location.replace(exitUrl);
    };
    var button = exitBox.querySelector(".ap-exit__button");
    if (button) {
      button.addEventListener("click", function (event) { event.preventDefault(); leave(); });
      button.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Spacebar") { event.preventDefault(); leave(); }
      });
    }
    var presses = 0, timer = null;
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = 0; return; }
      presses += 1;
      clearTimeout(timer);
      if (presses >= 3) { presses = 0; if (announce) { announce.textContent = say("activated", "Exit this page activated."); } leave(); return; }
      if (announce) { announce.textContent = say("press-" + (3 - presses), "Shift, press " + (3 - presses) + " more time" + (presses === 2 ? "" : "s") + " to exit."); }
      timer = setTimeout(function () { presses = 0; if (announce) { announce.textContent = say("expired", "Exit this page expired."); } }, 5000);
    });
  }

  /* Copy buttons for embed snippets. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), function (btn) {
    btn.hidden = false;
    btn.addEventListener("click", function () {
      var target = document.getElementById(btn.getAttribute("data-copy-target"));
      if (!target) { return; }
      target.select();
      try { navigator.clipboard.writeText(target.value); } catch (e) { document.execCommand("copy"); }
      btn.textContent = btn.getAttribute("data-copied") || "Copied";
    });
  });

  /* Share links on actions: without JavaScript a plain link to the action's address; with it,
     the full address is also copied, and the link's own live region says so. */
  var shareLinks = document.querySelectorAll("a[data-share]");
  if (shareLinks.length && navigator.clipboard && navigator.clipboard.writeText) {   /* else plain links */
    var live = document.createElement("p");
    live.className = "ap-visually-hidden";
    live.setAttribute("aria-live", "polite");
    document.body.appendChild(live);
    Array.prototype.forEach.call(shareLinks, function (link) {
      link.textContent = link.getAttribute("data-share");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var note = link.parentNode.querySelector(".ap-share__status");
        if (!note) {
          note = document.createElement("span");
          note.className = "ap-share__status ap-secondary";
          link.parentNode.appendChild(note);
        }
        navigator.clipboard.writeText(link.href).then(function () {
          note.textContent = " Copied: " + link.href;
        }, function () {
          location.hash = link.hash;
          note.textContent = " Copy the address from the address bar to share this action.";
        }).then(function () { live.textContent = note.textContent; });
      });
    });
  }

  /* Tell a parent page how tall an embedded page is, so its iframe fits without scrolling. */
  if (document.documentElement.hasAttribute("data-embed") && window.parent !== window) {
    var allowed = (document.documentElement.getAttribute("data-embed-origins") || "").split(" ").filter(Boolean);
    var send = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      allowed.forEach(function (origin) {
        window.parent.postMessage({ type: "actionplans:height", height: height, path: location.pathname }, origin);
      });
    };
    window.addEventListener("load", send);
    window.addEventListener("resize", send);
    if (window.ResizeObserver) { new ResizeObserver(send).observe(document.documentElement); }
  }
})();
