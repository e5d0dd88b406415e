/* "What changed": ?since=YYYY-MM-DD in the address keeps only the changes on or after that
   date, so a bookmarked link shows what is new since it was made. Without JavaScript the whole
   dated list shows, with links to where each month starts. */
(function () {
  "use strict";
  var root = document.querySelector("[data-since-root]");
  if (!root) { return; }
  var input = root.querySelector("#since-date");
  var status = root.querySelector("[data-since-status]");
  /* The messages come from the page (data-msg-…), in its language; {…} are filled in. */
  function say(key, english, values) {
    var text = root.getAttribute("data-msg-" + key) || english;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }
  var since = new URLSearchParams(location.search).get("since") || "";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(since)) {
    if (since) { status.textContent = say("bad-date", "“{date}” is not a date written as YYYY-MM-DD: showing every change.", { date: since }); }
    return;
  }
  input.value = since;
  var shown = 0;
  Array.prototype.forEach.call(document.querySelectorAll("[data-month]"), function (month) {
    var kept = 0;
    Array.prototype.forEach.call(month.querySelectorAll("li[data-date]"), function (item) {
      if (item.getAttribute("data-date") < since) { item.parentNode.removeChild(item); } else { kept += 1; }
    });
    if (!kept) { month.parentNode.removeChild(month); }
    shown += kept;
  });
  var nav = document.querySelector("nav[data-months]");
  if (nav) {
    Array.prototype.forEach.call(nav.querySelectorAll("a"), function (a) {
      if (!document.getElementById(a.getAttribute("href").slice(1))) { a.parentNode.parentNode.removeChild(a.parentNode); }
    });
  }
  status.textContent = say(shown === 1 ? "one" : "many", "{n} change" + (shown === 1 ? "" : "s") + " on or after {date}. ", { n: shown, date: since });
  var all = document.createElement("a");
  all.href = location.pathname;
  all.textContent = say("all", "Show every change");
  status.appendChild(all);
}());
