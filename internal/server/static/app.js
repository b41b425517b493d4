// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var en = document.documentElement.lang === "en";

  // fold writes a text without diacritics, in lower case, so that
  // "binh thanh" finds "Bình Thạnh".
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  // A picker's select gets a search box above it: typing filters the
  // options (the chosen ones stay); with one match left, a single choice
  // is made. The select still sends the ids.
  function picker(sel) {
    var box = document.createElement("input");
    box.type = "search";
    box.id = sel.id + "-search";
    box.autocomplete = "off";
    box.setAttribute("aria-controls", sel.id);
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.className = "pick-label";
    label.textContent = en ? "Search by name (with or without diacritics)" : "Tìm theo tên (gõ có dấu hoặc không dấu)";
    var status = document.createElement("p");
    status.className = "hint pick-status";
    status.id = sel.id + "-status";
    status.setAttribute("aria-live", "polite");
    box.setAttribute("aria-describedby", status.id);
    var wrap = document.createElement("div");
    wrap.className = "pick-search";
    wrap.appendChild(label);
    wrap.appendChild(box);
    wrap.appendChild(status);
    sel.parentNode.insertBefore(wrap, sel);
    // k is the whole label folded, n the name alone (before its place).
    var opts = Array.prototype.map.call(sel.options, function (o) { var k = fold(o.text); return { o: o, k: k, n: k.split(" — ")[0] }; });
    // rank puts first the options whose name holds the words as typed,
    // then those whose name holds every word, then the rest that match.
    function rank(x, q, words) {
      if (x.n.indexOf(q) >= 0) return 3;
      return words.every(function (w) { return x.n.indexOf(w) >= 0; }) ? 2 : 1;
    }
    var chosen = null;
    if (sel.multiple) {
      chosen = document.createElement("p");
      chosen.className = "pick-chosen";
      chosen.id = sel.id + "-chosen";
      chosen.setAttribute("aria-live", "polite");
      sel.parentNode.insertBefore(chosen, sel.nextSibling);
      var show = function () {
        var names = Array.prototype.filter.call(sel.options, function (o) { return o.selected; }).map(function (o) { return o.text.split(" — ")[0]; });
        chosen.textContent = (en ? "Chosen: " : "Đã chọn: ") + (names.length ? names.join("; ") : (en ? "none" : "chưa có"));
      };
      sel.addEventListener("change", show);
      show();
    }
    function filter() {
      var words = fold(box.value).split(/\s+/).filter(Boolean);
      var hits = [];
      // Names that hold every word come first: when some do, the units
      // that match only through their place in the tree are left out.
      var byName = opts.some(function (x) {
        return x.o.value !== "" && words.length && words.every(function (w) { return x.n.indexOf(w) >= 0; });
      });
      opts.forEach(function (x) {
        var text = byName ? x.n : x.k;
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; }) && x.o.value !== "";
        x.o.hidden = !(hit || x.o.selected || (!words.length));
        if (hit) hits.push(x.o);
      });
      if (!words.length) {
        status.textContent = "";
        return;
      }
      status.textContent = en ? hits.length + " found" : "Tìm thấy " + hits.length;
      var q = fold(box.value).trim().replace(/\s+/g, " ");
      var named = opts.filter(function (x) { return x.o.value !== "" && x.n.indexOf(q) >= 0; });
      if (!sel.multiple && (hits.length === 1 || named.length === 1)) {
        sel.value = (hits.length === 1 ? hits[0] : named[0].o).value;
        sel.dispatchEvent(new Event("change"));
      }
    }
    box.addEventListener("input", filter);
    box.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      var q = fold(box.value).trim().replace(/\s+/g, " "), words = q.split(" ").filter(Boolean), first = null, best = 0;
      opts.forEach(function (x) {
        if (x.o.value === "" || !words.length || !words.every(function (w) { return x.k.indexOf(w) >= 0; })) return;
        var r = rank(x, q, words);
        if (r > best) { best = r; first = x; }
      });
      if (!first) return;
      if (sel.multiple) {
        first.o.selected = true;
        sel.dispatchEvent(new Event("change"));
        box.value = "";
        filter();
      } else {
        sel.value = first.o.value;
      }
    });
  }

  // Amounts in words, as one types: "một triệu năm trăm nghìn đồng".
  var viDigits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
  var viScales = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"];
  function viGroup(n, leading) {
    var h = Math.floor(n / 100), t = Math.floor(n / 10) % 10, u = n % 10, w = [];
    if (h > 0 || !leading) w.push(viDigits[h], "trăm");
    if (t === 0 && u > 0 && (h > 0 || !leading)) w.push("linh");
    else if (t === 1) w.push("mười");
    else if (t > 1) w.push(viDigits[t], "mươi");
    if (u === 1 && t > 1) w.push("mốt");
    else if (u === 5 && t > 0) w.push("lăm");
    else if (u > 0) w.push(viDigits[u]);
    return w.join(" ");
  }
  var enOnes = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
  var enTens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
  var enScales = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"];
  function enGroup(n) {
    var h = Math.floor(n / 100), r = n % 100, w = [];
    if (h > 0) w.push(enOnes[h], "hundred");
    if (r >= 20) w.push(enTens[Math.floor(r / 10)] + (r % 10 ? "-" + enOnes[r % 10] : ""));
    else if (r > 0) w.push(enOnes[r]);
    return w.join(" ");
  }
  function words(digits) {
    digits = digits.replace(/^0+/, "");
    if (digits === "") return en ? "zero dong" : "không đồng";
    var groups = [];
    for (var i = digits.length; i > 0; i -= 3) groups.push(parseInt(digits.slice(Math.max(0, i - 3), i), 10));
    if (groups.length > viScales.length) return "";
    var parts = [];
    for (var g = groups.length - 1; g >= 0; g--) {
      if (groups[g] === 0) continue;
      parts.push(en ? enGroup(groups[g]) : viGroup(groups[g], g === groups.length - 1));
      var scale = en ? enScales[g] : viScales[g];
      if (scale) parts.push(scale);
    }
    return parts.join(" ") + (en ? " dong" : " đồng");
  }
  function money(input) {
    var out = document.getElementById(input.getAttribute("data-money"));
    if (!out) return;
    input.addEventListener("input", function () {
      var s = input.value.replace(/[.,\s_\u00a0]/g, "");
      out.textContent = /^\d+$/.test(s) ? words(s) : "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A print button appears where the page offers a printable document.
    document.querySelectorAll("[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("select[data-picker]").forEach(picker);
    document.querySelectorAll("input[data-money]").forEach(money);
  });
})();
