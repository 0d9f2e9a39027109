// Progress report form: the fields follow the chosen status (the server applies the same rules:
// a done task is 100 % and needs a completion date; "not applicable" needs a reason).
(function () {
  "use strict";
  function today() {
    var d = new Date();
    var m = String(d.getMonth() + 1).padStart(2, "0"), day = String(d.getDate()).padStart(2, "0");
    return d.getFullYear() + "-" + m + "-" + day;
  }
  function wire(form) {
    var status = form.querySelector("select[name=status]");
    var percent = form.querySelector("input[name=percent]");
    var completed = form.querySelector("input[name=completed_on]");
    var naReason = form.querySelector("textarea[name=na_reason]");
    if (!status || !percent) return;
    var before = percent.value;
    function apply() {
      var v = status.value, done = v === "done" || v === "done_late";
      if (done) {
        if (percent.value !== "100") before = percent.value;
        percent.value = "100";
        percent.readOnly = true;
        if (completed && !completed.value) completed.value = today();
        if (completed) completed.required = true;
      } else {
        if (percent.readOnly) { percent.readOnly = false; percent.value = before === "100" ? "0" : before; }
        if (completed) completed.required = false;
        if (v === "not_started") percent.value = "0";
      }
      if (naReason) {
        var label = naReason.closest("label");
        naReason.required = v === "not_applicable";
        if (label) label.style.display = (v !== "not_applicable" && !naReason.value) ? "none" : "";
      }
    }
    status.addEventListener("change", apply);
    apply();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("report-form");
    if (form) wire(form);
  });
})();
