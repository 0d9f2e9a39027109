// "Chọn cả trang": ticks or unticks every row of the list for a decision on all of them at once (the review
// queue's accept, the leader's approve). Without JavaScript the rows are ticked one by one.
(function () {
  const all = document.getElementById("pick-all");
  if (!all) return;
  all.addEventListener("change", () => {
    document.querySelectorAll("input[name=pick]").forEach((c) => { c.checked = all.checked; });
  });
})();
