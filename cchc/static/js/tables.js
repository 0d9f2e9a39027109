// table.cards: each cell gets its column's name as data-label, so on a phone (app.css) a row reads as a card.
// Cells that already carry a data-label keep it; rows whose cells do not line up with the header are left alone.
(function () {
  "use strict";
  function label(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/[⇅▲▼]/g, "").replace(/\s+/g, " ").trim();
    });
    if (!heads.length) return;
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      if (tr.children.length !== heads.length) return;
      Array.prototype.forEach.call(tr.children, function (td, i) {
        if (!td.hasAttribute("data-label") && heads[i]) td.setAttribute("data-label", heads[i]);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.cards"), label);
  });
})();

// details.morefilters: the secondary filters of a search stay folded on a phone; a wider screen shows them open.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.matchMedia("(min-width: 601px)").matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("details.morefilters"), function (d) { d.open = true; });
  });
})();
