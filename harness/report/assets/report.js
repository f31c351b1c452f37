/* harness conformance report: filters, search and deep links over the server-rendered checks.
   It never builds markup from data: it only toggles `hidden`, `open` and classes, and writes numbers
   with textContent. Without it the page still reads in full. */
(function () {
  "use strict";
  var doc = document;
  var root = doc.documentElement;
  root.classList.remove("nojs");
  root.classList.add("js");

  var form = doc.getElementById("filters");
  var shown = doc.getElementById("shown");
  var none = doc.getElementById("none");
  var matrix = doc.getElementById("mx");
  var groups = [];
  var items = [];
  var total = 0;

  function index() {
    var secs = doc.querySelectorAll("section.grp");
    for (var g = 0; g < secs.length; g++) {
      var sec = secs[g];
      var group = {el: sec, s: sec.getAttribute("data-s"), items: [], heads: []};
      var dets = sec.children;
      var head = null;
      for (var i = 0; i < dets.length; i++) {
        var el = dets[i];
        if (el.tagName === "H4") {
          head = {el: el, f: el.getAttribute("data-f"), shown: 0};
          group.heads.push(head);
          continue;
        }
        if (el.tagName !== "DETAILS") { continue; }
        var summary = el.firstElementChild;
        var chips = [];
        var cs = summary.children;
        for (var c = 0; c < cs.length && cs[c].tagName === "B"; c++) {
          var cl = cs[c].classList;
          chips.push({el: cs[c], t: cs[c].getAttribute("data-t") || "0", v: cl[1], u: cl.contains("su")});
        }
        var item = {el: el, summary: summary, group: group, head: head, f: head ? head.f : "", chips: chips,
                    rows: null, text: null, hidden: false};
        group.items.push(item);
        items.push(item);
      }
      groups.push(group);
    }
    total = items.length;
  }

  function searchText(item) {
    if (item.text === null) {
      item.text = (item.el.id + " " + item.f + " " + item.summary.textContent).toLowerCase();
    }
    return item.text;
  }

  function rowsOf(item) {
    if (item.rows === null) { item.rows = item.el.querySelectorAll(":scope > .o"); }
    return item.rows;
  }

  function state() {
    var st = {v: {}, t: {}, s: "", f: "", q: "", u: false, allT: true};
    if (!form) { return st; }
    var boxes = form.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      var b = boxes[i];
      if (b.name === "v" && b.checked) { st.v[b.value] = true; }
      if (b.name === "t") { if (b.checked) { st.t[b.value] = true; } else { st.allT = false; } }
      if (b.name === "u") { st.u = b.checked; }
    }
    if (!form.querySelector("input[name=t]")) { st.t["0"] = true; }
    st.s = form.elements.s.value;
    st.f = form.elements.f.value;
    st.q = form.elements.q.value.trim().toLowerCase();
    return st;
  }

  function setHidden(el, hide) {
    if (el.hidden !== hide) { el.hidden = hide; }
  }

  function apply() {
    var st = state();
    var count = 0;
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      var groupOk = !st.s || group.s === st.s;
      var visible = 0;
      for (var h = 0; h < group.heads.length; h++) { group.heads[h].shown = 0; }
      for (var i = 0; i < group.items.length; i++) {
        var item = group.items[i];
        var show = groupOk && (!st.f || item.f === st.f) && (!st.q || searchText(item).indexOf(st.q) >= 0);
        if (show) {
          show = false;
          for (var c = 0; c < item.chips.length; c++) {
            var chip = item.chips[c];
            var on = !!st.t[chip.t];
            setHidden(chip.el, !on);
            if (on && st.v[chip.v] && (!st.u || chip.u)) { show = true; }
          }
        }
        if (show && !st.allT) {
          var rows = rowsOf(item);
          for (var r = 0; r < rows.length; r++) {
            var ts = (rows[r].getAttribute("data-t") || "0").split(" ");
            var any = false;
            for (var x = 0; x < ts.length; x++) { if (st.t[ts[x]]) { any = true; } }
            setHidden(rows[r], !any);
          }
        } else if (show && item.rows !== null) {
          for (var k = 0; k < item.rows.length; k++) { setHidden(item.rows[k], false); }
        }
        item.hidden = !show;
        setHidden(item.el, !show);
        if (show) { visible++; if (item.head) { item.head.shown++; } }
      }
      for (var hh = 0; hh < group.heads.length; hh++) { setHidden(group.heads[hh].el, group.heads[hh].shown === 0); }
      setHidden(group.el, visible === 0);
      count += visible;
    }
    if (shown) { shown.textContent = count === total ? total + " checks" : count + " of " + total + " checks shown"; }
    if (none) { setHidden(none, count !== 0); }
    filterMatrix(st);
  }

  function filterMatrix(st) {
    if (!matrix) { return; }
    var blocks = matrix.children;
    for (var i = 0; i < blocks.length; i++) {
      var s = blocks[i].getAttribute("data-s");
      if (s !== null) { setHidden(blocks[i], !!st.s && s !== st.s); }
    }
    var boxes = form ? form.querySelectorAll("input[name=t]") : [];
    for (var b = 0; b < boxes.length; b++) {
      matrix.classList.toggle("hide-t" + boxes[b].value, !boxes[b].checked);
    }
  }

  var timer = null;
  function later() {
    if (timer !== null) { clearTimeout(timer); }
    timer = setTimeout(function () { timer = null; apply(); }, 120);
  }

  function filteredOut(el) {
    for (var n = el; n && n !== doc.body; n = n.parentElement) {
      if (n.hidden) { return true; }
    }
    return false;
  }

  function reveal() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { id = location.hash.slice(1); }
    if (!id) { return; }
    var el = doc.getElementById(id);
    if (!el) { return; }
    if (filteredOut(el) && form) { form.reset(); apply(); }
    for (var d = el.closest("details"); d; d = d.parentElement ? d.parentElement.closest("details") : null) {
      d.open = true;
      if (d.classList.contains("c")) { quotes(d); }
    }
    var block = el.classList.contains("l") ? "center" : "start";
    el.scrollIntoView({block: block});
  }

  // Passing checks cite lines by number only (to keep the page small); when one is opened, show the
  // cited words next to each number, read from the embedded copy of the source (text only, never markup).
  var QUOTE_MAX = 8;
  function excerpt(line) {
    var marks = line.querySelectorAll("mark");
    var text = "";
    for (var i = 0; i < marks.length; i++) { text += (text ? " … " : "") + marks[i].textContent; }
    if (!text) { var t = line.querySelector(".t"); text = t ? t.textContent : ""; }
    text = text.replace(/\s+/g, " ").trim();
    return text.length > 240 ? text.slice(0, 239) + "…" : text;
  }
  function quotes(details) {
    if (details.getAttribute("data-q")) { return; }
    details.setAttribute("data-q", "1");
    var lists = details.querySelectorAll(":scope > .d > p.m");
    var shownQ = 0;
    for (var i = 0; i < lists.length; i++) {
      var links = lists[i].querySelectorAll("a");
      var after = lists[i];
      for (var k = 0; k < links.length && shownQ < QUOTE_MAX; k++) {
        var href = links[k].getAttribute("href") || "";
        var line = doc.getElementById(decodeURIComponent(href.slice(1)));
        if (!line) { continue; }
        var text = excerpt(line);
        if (!text) { continue; }
        var p = doc.createElement("p");
        p.className = "q";
        p.appendChild(links[k]);
        var q = doc.createElement("q");
        q.textContent = text;
        p.appendChild(q);
        after.parentNode.insertBefore(p, after.nextSibling);
        after = p;
        shownQ++;
      }
    }
  }
  doc.addEventListener("toggle", function (e) {
    var el = e.target;
    if (el && el.tagName === "DETAILS" && el.open && el.classList.contains("c")) { quotes(el); }
  }, true);

  // Keep deep-link targets clear of the sticky header and filter bar. Set on two elements only: an
  // inherited custom property on <html> would restyle every node of a 20,000-check page.
  function measure() {
    var head = doc.querySelector("header.top");
    var h = head ? head.offsetHeight : 0;
    if (form) { form.style.top = h + "px"; }
    root.style.scrollPaddingTop = (h + (form ? form.offsetHeight : 0) + 12) + "px";
  }

  index();
  measure();
  window.addEventListener("resize", measure);
  if (form) {
    form.addEventListener("input", function (e) {
      if (e.target && e.target.name === "q") { later(); } else { apply(); }
    });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("click", function (e) {
      var act = e.target && e.target.getAttribute ? e.target.getAttribute("data-act") : null;
      if (!act) { return; }
      for (var i = 0; i < items.length; i++) {
        if (act === "open" && !items[i].hidden) { items[i].el.open = true; }
        if (act === "close") { items[i].el.open = false; }
      }
    });
  }
  doc.addEventListener("keydown", function (e) {
    var tag = e.target && e.target.tagName;
    if (e.key === "/" && tag !== "INPUT" && tag !== "SELECT" && tag !== "TEXTAREA" && form) {
      e.preventDefault();
      form.elements.q.focus();
    }
  });
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
  root.setAttribute("data-ready", "1");
})();
