/* Plan review screen: growing text boxes, agency pickers, keyboard navigation between task rows, source drawer.
   Keys (outside a text box): j / ArrowDown next row, k / ArrowUp previous row, a mark the row reviewed and go on,
   u next row with an unresolved agency, Enter edit the row, s source text, ? help. Inside a box: Esc back to the
   row. Ctrl+S (or ⌘S) saves everywhere. Reviewed rows are remembered in this browser per import and version. */
(function () {
  "use strict";

  function init() {
    var pageEl = document.querySelector(".review-page");
    if (!pageEl) return;
    var form = document.getElementById("rows");
    var rows = Array.prototype.slice.call(document.querySelectorAll(".task-row"));
    var storeKey = "cchc-review-" + pageEl.dataset.import;
    var current = -1;

    // ---- text boxes grow with their content (CSS field-sizing where supported, else measured)
    var supportsFieldSizing = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");
    function grow(t) {
      if (supportsFieldSizing) return;
      t.style.height = "auto";
      t.style.height = (t.scrollHeight + 2) + "px";
    }
    var boxes = document.querySelectorAll("textarea.grow");
    if (!supportsFieldSizing) {
      boxes.forEach(function (t) { t.style.height = "auto"; });
      var heights = Array.prototype.map.call(boxes, function (t) { return t.scrollHeight; });
      boxes.forEach(function (t, i) { t.style.height = (heights[i] + 2) + "px"; });
    }
    document.addEventListener("input", function (e) {
      if (e.target.matches && e.target.matches("textarea.grow")) grow(e.target);
      if (e.target.closest && e.target.closest("#rows")) dirty = true;
    });

    // ---- agency pickers: one list of options in a <template>, cloned into each select
    var tpl = document.getElementById("picker-options");
    document.querySelectorAll("select.picker").forEach(function (sel) {
      if (tpl) sel.appendChild(tpl.content.cloneNode(true));
    });

    // ---- reviewed rows (this browser only)
    var seen = {};
    try { seen = JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { seen = {}; }
    var seenCount = document.getElementById("reviewed-count");
    function rowKey(row) {
      var t = row.querySelector("textarea[name$='-title']");
      return row.dataset.index + ":" + (t ? t.value.slice(0, 40) : "");
    }
    function paintSeen() {
      var n = 0;
      rows.forEach(function (r) {
        var on = !!seen[rowKey(r)];
        r.classList.toggle("seen", on);
        if (on) n++;
      });
      if (seenCount) seenCount.textContent = String(n);
    }
    function toggleSeen(row) {
      var k = rowKey(row);
      if (seen[k]) delete seen[k]; else seen[k] = 1;
      try { localStorage.setItem(storeKey, JSON.stringify(seen)); } catch (e) { /* private mode */ }
      paintSeen();
    }
    paintSeen();

    // ---- moving between rows
    function focusRow(i, opts) {
      if (!rows.length) return;
      i = Math.max(0, Math.min(rows.length - 1, i));
      if (current >= 0 && rows[current]) rows[current].classList.remove("current");
      current = i;
      var row = rows[i];
      row.classList.add("current");
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: (opts && opts.block) || "nearest" });
      if (sourceOpen()) highlightSource(row);
    }
    rows.forEach(function (r, i) {
      r.addEventListener("focusin", function () {
        if (current !== i) {
          if (current >= 0 && rows[current]) rows[current].classList.remove("current");
          current = i;
          r.classList.add("current");
          if (sourceOpen()) highlightSource(r);
        }
      });
    });
    function nextUnresolved() {
      for (var k = 1; k <= rows.length; k++) {
        var j = (Math.max(current, -1) + k) % rows.length;
        if (rows[j].classList.contains("unresolved")) { focusRow(j, { block: "center" }); return; }
      }
    }

    // ---- source drawer, with the row's text found and marked
    var pane = document.getElementById("source-pane");
    var src = document.getElementById("source-text");
    var srcText = src ? src.textContent : "";
    var toggle = document.getElementById("source-toggle");
    function sourceOpen() { return pane && !pane.hidden; }
    function setSource(open) {
      if (!pane) return;
      pane.hidden = !open;
      if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open && current >= 0) highlightSource(rows[current]);
      if (!open && src) src.textContent = srcText;
    }
    function norm(s) { return (s || "").normalize("NFC").replace(/\s+/g, " ").trim(); }
    function highlightSource(row) {
      if (!src) return;
      var t = row.querySelector("textarea[name$='-title']");
      var probe = norm(t ? t.value : "").slice(0, 40);
      src.textContent = srcText;
      if (probe.length < 6) return;
      // whitespace in the source may be line breaks or tabs: search on a collapsed copy and map back
      var map = [], flat = "", prevSpace = false;
      for (var i = 0; i < srcText.length; i++) {
        var ch = srcText[i];
        if (/\s/.test(ch)) { if (prevSpace) continue; ch = " "; prevSpace = true; } else prevSpace = false;
        flat += ch; map.push(i);
      }
      var at = flat.normalize("NFC").indexOf(probe);
      if (at < 0) return;
      var start = map[at], end = map[Math.min(map.length - 1, at + probe.length - 1)] + 1;
      src.textContent = "";
      src.appendChild(document.createTextNode(srcText.slice(0, start)));
      var m = document.createElement("mark");
      m.textContent = srcText.slice(start, end);
      src.appendChild(m);
      src.appendChild(document.createTextNode(srcText.slice(end)));
      m.scrollIntoView({ block: "center" });
      window.scrollTo(window.scrollX, window.scrollY); // keep the page where it is
    }
    if (toggle) toggle.addEventListener("click", function () { setSource(!sourceOpen()); });
    var closeBtn = document.getElementById("source-close");
    if (closeBtn) closeBtn.addEventListener("click", function () { setSource(false); });

    var help = document.getElementById("kbd-help");
    var helpToggle = document.getElementById("help-toggle");
    function toggleHelp() {
      if (!help) return;
      help.hidden = !help.hidden;
      if (helpToggle) helpToggle.setAttribute("aria-expanded", help.hidden ? "false" : "true");
    }
    if (helpToggle) helpToggle.addEventListener("click", toggleHelp);

    // ---- save before leaving with unsaved edits
    var dirty = false;
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
    function save() {
      var btn = form.querySelector("button[name=op][value=cells]");
      dirty = false;
      if (form.requestSubmit) form.requestSubmit(btn); else btn.click();
    }

    document.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) { e.preventDefault(); save(); return; }
      var t = e.target;
      var editing = t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT" || t.tagName === "SELECT" || t.isContentEditable);
      if (editing) {
        if (e.key === "Escape") {
          var row = t.closest(".task-row");
          if (row) { e.preventDefault(); focusRow(rows.indexOf(row)); }
        }
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      var onRow = t && t.classList && t.classList.contains("task-row");
      switch (e.key) {
        case "ArrowDown": case "ArrowUp":
          if (!onRow) break; // arrows scroll the page unless a row has the focus
          e.preventDefault(); focusRow(current + (e.key === "ArrowDown" ? 1 : -1)); break;
        case "j":
          e.preventDefault(); focusRow(current < 0 ? 0 : current + 1); break;
        case "k":
          e.preventDefault(); focusRow(current < 0 ? 0 : current - 1); break;
        case "a":
          if (current >= 0) { e.preventDefault(); toggleSeen(rows[current]); focusRow(current + 1); }
          break;
        case "u":
          e.preventDefault(); nextUnresolved(); break;
        case "s":
          e.preventDefault(); setSource(!sourceOpen()); break;
        case "?":
          e.preventDefault(); toggleHelp(); break;
        case "Enter":
          if (onRow) {
            e.preventDefault();
            var first = t.querySelector("textarea");
            if (first) { first.focus(); first.setSelectionRange(first.value.length, first.value.length); }
          }
          break;
        default:
      }
    });

    // arriving with #row-N (from the agency table): focus that row
    document.querySelectorAll("a.jump").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var id = a.getAttribute("href").slice(1);
        var row = document.getElementById(id);
        if (row) { e.preventDefault(); focusRow(rows.indexOf(row), { block: "center" }); }
      });
    });
    window.cchcReviewReady = true;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
