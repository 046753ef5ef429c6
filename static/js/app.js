// Claim Tracker's only script: bulk selection in the claims table and the keyboard review flow.
// Loaded from a static file (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  function typing(event) {
    var el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // --- Claims table: select all, count the selection (delegated: htmx may swap the table) ----
  function claimBoxes() {
    return document.querySelectorAll('td input[type="checkbox"][name="claims"]');
  }

  function updateSelection() {
    var form = document.querySelector("[data-bulk-review]");
    if (!form) return;
    var n = 0;
    claimBoxes().forEach(function (box) { if (box.checked) n += 1; });
    var count = form.querySelector("[data-selected-count]");
    if (count) count.textContent = String(n);
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = n === 0;
    var all = document.querySelector("[data-select-all]");
    if (all) all.checked = n > 0 && n === claimBoxes().length;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-select-all]")) {
      claimBoxes().forEach(function (box) { box.checked = event.target.checked; });
      updateSelection();
    } else if (event.target.name === "claims") {
      updateSelection();
    }
  });

  // --- Review queue: j/k to move, Enter or o to open -------------------------------------------
  function setUpQueue() {
    var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
    if (!items.length) return;
    var current = 0;
    function show(index) {
      items[current].classList.remove("current");
      current = Math.max(0, Math.min(items.length - 1, index));
      items[current].classList.add("current");
      var link = items[current].querySelector("a.statement");
      if (link) link.focus({ preventScroll: true });
      items[current].scrollIntoView({ block: "nearest" });
    }
    show(0);
    document.addEventListener("keydown", function (event) {
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j" || event.key === "ArrowDown") { show(current + 1); event.preventDefault(); }
      else if (event.key === "k" || event.key === "ArrowUp") { show(current - 1); event.preventDefault(); }
      else if (event.key === "o") { items[current].querySelector("a.statement").click(); }
    });
  }

  // --- Claim page: v/d/u decide, Ctrl+Enter save, n next, q back to the queue ------------------
  function setUpClaim() {
    var form = document.querySelector("[data-review-form]");
    if (!form) return;
    var note = form.querySelector("textarea[name=note]");
    var choices = { v: "verified", d: "disputed", u: "unverified" };
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && form.contains(event.target)) {
        event.preventDefault();
        form.requestSubmit();
        return;
      }
      if (event.key === "Escape" && typing(event)) { event.target.blur(); return; }
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (choices[event.key]) {
        var radio = form.querySelector('input[name=status][value="' + choices[event.key] + '"]');
        if (radio) { radio.checked = true; }
        // Focus the note so the reviewer can type at once (and must, to dispute).
        if (note) { note.focus(); }
        event.preventDefault();
      } else if (event.key === "n") {
        var next = document.querySelector("[data-key-next]");
        if (next) next.click();
      } else if (event.key === "q") {
        var back = document.querySelector('.crumbs a[href*="queue"]');
        if (back) back.click();
      }
    });
  }

  // On a phone the filters start folded unless some are set, so the results come first.
  function foldFilters() {
    if (!window.matchMedia("(max-width: 960px)").matches) return;
    var active = Array.from(new URLSearchParams(window.location.search).entries()).some(
      function (pair) { return pair[0] !== "page" && pair[0] !== "sort" && pair[1] !== ""; }
    );
    if (!active) {
      document.querySelectorAll("details.filter-panel[open]").forEach(function (panel) {
        panel.removeAttribute("open");
      });
    }
  }

  function start() {
    foldFilters();
    updateSelection();
    var mode = document.body.getAttribute("data-keys");
    if (mode === "queue") setUpQueue();
    if (mode === "claim") setUpClaim();
  }

  document.addEventListener("DOMContentLoaded", start);
  // htmx swaps the results in place after a filter change: wire the new table up again.
  document.addEventListener("htmx:afterSettle", updateSelection);
  // Empty filters stay out of the URL, so a shared address says only what was chosen.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    var empty = [];
    var keys = typeof params.keys === "function" ? Array.from(params.keys()) : Object.keys(params);
    keys.forEach(function (key) {
      var value = typeof params.get === "function" ? params.get(key) : params[key];
      if (value === "" || value === null || value === undefined) empty.push(key);
    });
    empty.forEach(function (key) {
      if (typeof params.delete === "function") params.delete(key);
      else delete params[key];
    });
  });
})();
