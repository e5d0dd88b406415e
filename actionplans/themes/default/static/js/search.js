/* actionplans search: Pagefind's JavaScript API behind a plain form, so the page stays an
   ordinary labelled form with a results list and a status line that screen readers announce.
   Without JavaScript the <noscript> message links to the lists instead. */
(function () {
  "use strict";
  var box = document.querySelector(".ap-search");
  if (!box) { return; }
  var form = box.querySelector("form");
  var input = box.querySelector("#search-input");
  var status = box.querySelector("#search-status");
  var list = box.querySelector(".ap-search__results");
  var filtersBox = box.querySelector(".ap-search__filters");
  var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-filter]"));
  var moreBox = box.querySelector(".ap-search__more");
  var moreButton = moreBox.querySelector("button");
  var PAGE = 10;
  var decoder = document.createElement("textarea");
  var pagefind = null, results = [], shown = 0, latest = 0;

  /* Each partnership's reviews are indexed in their own part (so an edit re-indexes one part):
     the main index at data-search-root, the others merged into it. Filters and results then
     cover them all. */
  var merge = (box.getAttribute("data-search-merge") || "").split(" ").filter(Boolean);

  function load() {
    if (!pagefind) {
      pagefind = import(box.getAttribute("data-search-root") + "pagefind.js").then(function (pf) {
        return Promise.resolve(pf.options({ excerptLength: 30 })).then(function () {
          return Promise.all(merge.map(function (url) { return pf.mergeIndex(url, { excerptLength: 30 }); }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  /* Pagefind returns excerpts as text with <mark> around the matched words. Only those marks
     are kept: every other part becomes a text node, so page content can never become markup. */
  function excerptNodes(excerpt) {
    var frag = document.createDocumentFragment();
    var parts = String(excerpt || "").split(/(<mark>|<\/mark>)/);
    var marked = false;
    parts.forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) { return; }
      decoder.innerHTML = part;          /* a <textarea> parses as text: entities decoded, no tags */
      var node = document.createTextNode(decoder.value);
      if (marked) { var m = document.createElement("mark"); m.appendChild(node); node = m; }
      frag.appendChild(node);
    });
    return frag;
  }

  function chosenFilters() {
    var chosen = {};
    selects.forEach(function (s) { if (s.value) { chosen[s.getAttribute("data-filter")] = s.value; } });
    return chosen;
  }

  /* The messages come from the page (data-msg-…), in its language; {q} and {n} are filled in. */
  function say(key, english, values) {
    var text = box.getAttribute("data-msg-" + key) || english;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  function describe(query, chosen) {
    var bits = Object.keys(chosen).map(function (k) { return chosen[k]; });
    return (query ? "“" + query + "”" : say("every-page", "every page")) + (bits.length ? " (" + bits.join(", ") + ")" : "");
  }

  function showMore(moveFocus, id) {
    var batch = results.slice(shown, shown + PAGE);
    var first = null;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (id !== latest) { return; }     /* a newer search has replaced these results */
      pages.forEach(function (p) {
        /* Land where the words matched: an action is its own result (its address ends in
           #action-…); on a page, the section (a recommendation's heading) holding the first match. */
        var best = null;
        (p.sub_results || []).some(function (sub) {
          if (sub.url !== p.url && /<mark>/.test(sub.excerpt || "")) { best = sub; return true; }
          return false;
        });
        var li = document.createElement("li");
        li.className = "ap-search__result";
        var h = document.createElement("h2");
        h.className = "ap-search__title";
        var a = document.createElement("a");
        a.href = best ? best.url : p.url;
        a.textContent = ((p.meta && p.meta.title) || p.url) + (best && best.title && p.meta && best.title !== p.meta.title ? " – " + best.title : "");
        h.appendChild(a);
        li.appendChild(h);
        var from = p.filters && p.filters.partnership;
        var context = [];
        if (p.meta && p.meta.recommendation) { context.push(p.meta.recommendation); }
        if (p.filters && p.filters.status && p.filters.status.length) { context.push(p.filters.status.join(", ")); }
        if (context.length) {
          var about = document.createElement("p");
          about.className = "ap-secondary ap-search__about";
          about.textContent = context.join(" · ");
          li.appendChild(about);
        } else if (from && from.length) {       /* reviews share titles across partnerships: say whose */
          var caption = document.createElement("p");
          caption.className = "ap-secondary ap-search__from";
          caption.textContent = from.join(", ");
          li.appendChild(caption);
        }
        var excerpt = document.createElement("p");
        excerpt.appendChild(excerptNodes(best ? best.excerpt : p.excerpt));
        li.appendChild(excerpt);
        list.appendChild(li);
        if (!first) { first = a; }
      });
      shown += batch.length;
      moreBox.hidden = shown >= results.length;
      if (moveFocus && first) { first.focus(); }
    });
  }

  function run(updateAddress) {
    var query = input.value.trim();
    var chosen = chosenFilters();
    var id = ++latest;
    if (!query && !Object.keys(chosen).length) {
      list.textContent = "";
      moreBox.hidden = true;
      status.textContent = say("prompt", "Type a word or phrase to search for.");
      return Promise.resolve();
    }
    if (updateAddress && window.history && history.replaceState) {
      var params = new URLSearchParams();
      if (query) { params.set("q", query); }
      Object.keys(chosen).forEach(function (k) { params.set(k, chosen[k]); });
      history.replaceState(null, "", "?" + params.toString());
    }
    status.textContent = say("searching", "Searching…");
    return load().then(function (pf) {
      return pf.search(query || null, { filters: chosen });
    }).then(function (search) {
      if (id !== latest) { return; }        /* a newer search has started: drop this one */
      results = (search && search.results) || [];
      shown = 0;
      list.textContent = "";
      return showMore(false, id).then(function () {
        if (id !== latest) { return; }
        var n = results.length;
        status.textContent = n === 0
          ? say("none", "No results for {q}. Try other words, or browse the reviews.", { q: describe(query, chosen) })
          : say(n === 1 ? "one" : "many", "{n} result" + (n === 1 ? "" : "s") + " for {q}.", { n: n, q: describe(query, chosen) });
      });
    }).catch(function () {
      if (id !== latest) { return; }
      status.textContent = say("broken", "Search is not working at the moment. You can browse the reviews instead.");
    });
  }

  function fillFilters() {
    return load().then(function (pf) { return pf.filters(); }).then(function (available) {
      var params = new URLSearchParams(location.search);
      var any = false;
      selects.forEach(function (s) {
        var key = s.getAttribute("data-filter");
        var values = Object.keys((available && available[key]) || {}).sort();
        values.forEach(function (v) {
          var o = document.createElement("option");
          o.value = v;
          o.textContent = v + " (" + available[key][v] + ")";
          s.appendChild(o);
        });
        if (values.length) { any = true; }
        if (params.get(key) && values.indexOf(params.get(key)) >= 0) { s.value = params.get(key); }
      });
      filtersBox.hidden = !any;
    }).catch(function () { filtersBox.hidden = true; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(true);
  });
  selects.forEach(function (s) { s.addEventListener("change", function () { run(true); }); });
  moreButton.addEventListener("click", function () {
    if (moreButton.getAttribute("aria-disabled")) { return; }   /* one batch at a time */
    moreButton.setAttribute("aria-disabled", "true");
    showMore(true, latest).then(function () { moreButton.removeAttribute("aria-disabled"); });
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; }
  /* A search in the address runs once the filters are known, unless the reader has already
     searched by then. */
  fillFilters().then(function () {
    if (latest === 0 && (initial || Object.keys(chosenFilters()).length)) { run(false); }
  });
})();
