// incloud HTML report: the findings table (filter, search, sort, pages), the matrix cells'
// details and the links that filter the table. Data comes only from the JSON block, read
// with JSON.parse; every value reaches the page through textContent, never as markup.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("incloud-data").textContent);
  var strings = data.strings;
  var fields = data.fields;
  var at = {};
  fields.forEach(function (name, index) { at[name] = index; });
  var interned = ["check", "title", "verdict", "severity", "domain", "level", "service",
    "account", "region", "reason", "remediation"];

  // Characters that could hide or reorder text (controls, bidi and invisible formatting,
  // line separators): shown as \uXXXX escapes, as the JSON report writes them. Outside
  // strings (where JSON.stringify escapes them itself) newlines are the layout: kept.
  var HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

  function escapeUnit(unit) { return "\\u" + ("000" + unit.toString(16)).slice(-4); }

  function visibleJson(value) {
    return JSON.stringify(value, null, 2).replace(HIDDEN, function (char) {
      var code = char.codePointAt(0);
      if (char === "\n") { return char; }
      if (code <= 0xFFFF) { return escapeUnit(code); }
      return escapeUnit(char.charCodeAt(0)) + escapeUnit(char.charCodeAt(1));
    });
  }

  var rows = data.findings.map(function (raw, index) {
    var row = { index: index, hay: null };
    fields.forEach(function (name) { row[name] = raw[at[name]]; });
    interned.forEach(function (name) { row[name] = strings[row[name]]; });
    row.mute = row.mute < 0 ? null : data.mutes[row.mute];
    return row;
  });

  var rank = { severity: {}, verdict: {} };
  data.order.severity.forEach(function (value, i) { rank.severity[value] = i; });
  data.order.verdict.forEach(function (value, i) { rank.verdict[value] = i; });
  var labels = data.labels;

  var table = document.getElementById("table");
  var tbody = table.tBodies[0];
  var status = document.getElementById("status");
  var pageLabel = document.getElementById("page");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var sizeSelect = document.getElementById("size");
  var search = document.getElementById("q");
  var form = document.getElementById("filters");
  var gapChip = document.getElementById("gap-filter");
  var selects = {};
  Array.prototype.forEach.call(form.querySelectorAll("select[data-key]"), function (select) {
    selects[select.dataset.key] = select;
  });

  var state = { q: "", filters: {}, gap: null, sort: null, descending: false, page: 0,
    size: Number(sizeSelect.value) || 100 };
  var open = new Set();
  var view = rows;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function label(kind, value) {
    return labels[kind] && labels[kind][value] ? labels[kind][value] : value;
  }

  // ----- filters

  function muteKey(row) { return row.mute ? "yes" : "no"; }

  function distinct(key) {
    var counts = new Map();
    rows.forEach(function (row) { counts.set(row[key], (counts.get(row[key]) || 0) + 1); });
    var values = Array.from(counts.keys());
    if (rank[key]) {
      values.sort(function (a, b) { return rank[key][a] - rank[key][b]; });
    } else {
      values.sort();
    }
    return values.map(function (value) { return [value, counts.get(value)]; });
  }

  function fill(select, options) {
    select.appendChild(el("option", null, "any")).value = "";
    options.forEach(function (option) {
      var node = el("option", null, option[1]);
      node.value = option[0];
      select.appendChild(node);
    });
  }

  ["verdict", "severity", "domain", "service", "check", "account", "region"].forEach(function (key) {
    var kind = key === "verdict" || key === "domain" ? key : null;
    fill(selects[key], distinct(key).map(function (pair) {
      return [pair[0], (kind ? label(kind, pair[0]) : pair[0]) + " (" + pair[1] + ")"];
    }));
  });
  var muteOptions = [["yes", "muted"], ["no", "not muted"]];
  var entries = new Map();
  rows.forEach(function (row) {
    if (row.mute) { entries.set(row.mute.entry, (entries.get(row.mute.entry) || 0) + 1); }
  });
  Array.from(entries.keys()).sort(function (a, b) { return a - b; }).forEach(function (entry) {
    muteOptions.push([String(entry), "by entry " + entry + " (" + entries.get(entry) + ")"]);
  });
  fill(selects.muted, muteOptions);

  function haystack(row) {
    if (row.hay === null) {
      row.hay = [row.uid, row.check, row.title, row.name, row.resource, row.reason, row.account,
        row.region, row.service, row.evidence ? JSON.stringify(row.evidence) : "",
        row.mute ? row.mute.reason : ""]
        .join("\n").toLowerCase();
    }
    return row.hay;
  }

  function matches(row, filters, words) {
    for (var key in filters) {
      if (key === "muted") {
        var want = filters.muted;
        if (want === "yes" || want === "no") {
          if (muteKey(row) !== want) { return false; }
        } else if (!row.mute || String(row.mute.entry) !== want) {
          return false;
        }
      } else if (row[key] !== filters[key]) {
        return false;
      }
    }
    if (words.length) {
      var hay = haystack(row);
      for (var i = 0; i < words.length; i++) {
        if (hay.indexOf(words[i]) < 0) { return false; }
      }
    }
    return true;
  }

  // ----- sorting: the chosen column, then worst verdict, worst severity, check, resource

  function compareText(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function baseline(a, b) {
    return rank.verdict[a.verdict] - rank.verdict[b.verdict] ||
      rank.severity[a.severity] - rank.severity[b.severity] ||
      compareText(a.check, b.check) || compareText(a.name, b.name) || a.index - b.index;
  }

  function keyCompare(key) {
    if (key === "severity" || key === "verdict") {
      return function (a, b) { return rank[key][a[key]] - rank[key][b[key]]; };
    }
    if (key === "mute") {
      return function (a, b) {
        return (a.mute ? a.mute.entry : Infinity) - (b.mute ? b.mute.entry : Infinity);
      };
    }
    return function (a, b) { return compareText(a[key], b[key]); };
  }

  function update(resetPage) {
    var filters = {};
    Object.keys(selects).forEach(function (key) {
      if (selects[key].value) { filters[key] = selects[key].value; }
    });
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var allowed = state.gap === null ? null : new Set(data.gaps[state.gap]);
    view = rows.filter(function (row) {
      return (allowed === null || allowed.has(row.index)) && matches(row, filters, words);
    });
    var primary = state.sort ? keyCompare(state.sort) : null;
    var sign = state.descending ? -1 : 1;
    view.sort(function (a, b) { return (primary ? sign * primary(a, b) : 0) || baseline(a, b); });
    if (resetPage) { state.page = 0; }
    draw();
  }

  // ----- drawing

  function badge(className, text) { return el("span", "badge " + className, text); }

  function withCode(node, text) {
    // `code` spans of a remediation become <code> elements, the rest plain text
    text.split("`").forEach(function (piece, i) {
      if (piece) { node.appendChild(i % 2 ? el("code", null, piece) : document.createTextNode(piece)); }
    });
    return node;
  }

  function itemRow(row, position) {
    var tr = el("tr", "item" + (position % 2 ? " alt" : "") + (row.mute ? " is-muted" : ""));
    tr.dataset.index = String(row.index);
    var toggle = el("button", null, "\u25B8");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", open.has(row.index) ? "true" : "false");
    toggle.setAttribute("aria-label", "details of " + row.check + " on " + row.name);
    tr.appendChild(el("td", "toggle")).appendChild(toggle);
    tr.appendChild(el("td")).appendChild(badge("sev-" + row.severity, row.severity));
    tr.appendChild(el("td")).appendChild(badge("v-" + row.verdict, label("verdict", row.verdict)));
    var check = tr.appendChild(el("td", "check"));
    check.appendChild(el("div", "mono", row.check));
    check.appendChild(el("div", "title", row.title));
    var resource = tr.appendChild(el("td", "resource"));
    resource.appendChild(el("div", null, row.name));
    if (row.resource !== row.name) { resource.appendChild(el("div", "arn", row.resource)); }
    tr.appendChild(el("td", "mono", row.account));
    tr.appendChild(el("td", null, row.region));
    var domain = tr.appendChild(el("td", "domain"));
    domain.appendChild(el("div", null, label("domain", row.domain)));
    domain.appendChild(el("div", "sub mono", row.service));
    var muted = tr.appendChild(el("td"));
    if (row.mute) { muted.appendChild(badge("muted-badge", "muted #" + row.mute.entry)); }
    return tr;
  }

  function detailRow(row) {
    var tr = el("tr", "detail");
    var td = tr.appendChild(el("td"));
    td.colSpan = 9;
    var dl = td.appendChild(el("dl"));
    function item(term, value) {
      dl.appendChild(el("dt", null, term));
      var dd = dl.appendChild(el("dd"));
      if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
    }
    item("check", row.check + " (" + row.level + ", " + row.service + ")");
    item("title", row.title);
    item("uid", el("span", "mono", row.uid));
    item("resource", el("span", "mono", row.resource));
    item("reason", row.reason);
    if (row.evidence) { item("evidence", el("pre", "evidence", visibleJson(row.evidence))); }
    if (row.remediation) { item("remediation", withCode(el("div"), row.remediation)); }
    if (row.mute) {
      var mute = row.mute;
      item("muted by", "entry " + mute.entry + ": " + mute.reason + " (owner " + mute.owner +
        (mute.ticket ? ", ticket " + mute.ticket : "") + ", until " + mute.expires +
        "); the verdict stands");
    }
    return tr;
  }

  function draw() {
    var pages = Math.max(1, Math.ceil(view.length / state.size));
    state.page = Math.min(state.page, pages - 1);
    var start = state.page * state.size;
    var shown = view.slice(start, start + state.size);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (row, position) {
      fragment.appendChild(itemRow(row, position));
      if (open.has(row.index)) { fragment.appendChild(detailRow(row)); }
    });
    if (!shown.length) {
      var empty = el("td", "empty", rows.length ? "No finding matches these filters."
        : "This assessment has no findings.");
      empty.colSpan = 9;
      fragment.appendChild(el("tr")).appendChild(empty);
    }
    tbody.replaceChildren(fragment);
    var total = rows.length.toLocaleString("en");
    status.textContent = view.length
      ? "Showing " + (start + 1).toLocaleString("en") + "\u2013" +
        (start + shown.length).toLocaleString("en") + " of " +
        view.length.toLocaleString("en") + " matching results (" + total + " in all)"
      : "No matching results (" + total + " in all)";
    pageLabel.textContent = "page " + (state.page + 1) + " of " + pages;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
      // a column may sort by two keys (domain, then service under it): the one in use is marked
      var active = th.querySelector('button[data-sort="' + state.sort + '"]');
      Array.prototype.forEach.call(th.querySelectorAll("button[data-sort]"), function (button) {
        if (button === active) {
          button.dataset.sorted = state.descending ? "descending" : "ascending";
        } else {
          delete button.dataset.sorted;
        }
      });
      if (active) {
        th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  // ----- events

  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = search.value; update(true); }, 120);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { clearTimeout(timer); state.q = search.value; update(true); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") { update(true); }
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { state.q = ""; setGap(null); update(true); }, 0);
  });
  sizeSelect.addEventListener("change", function () {
    state.size = Number(sizeSelect.value) || 100;
    update(true);
  });
  prev.addEventListener("click", function () { state.page -= 1; draw(); });
  next.addEventListener("click", function () { state.page += 1; draw(); });

  table.tHead.addEventListener("click", function (event) {
    var control = event.target.closest("button[data-sort]");
    if (!control) { return; }
    var key = control.dataset.sort;
    state.descending = state.sort === key ? !state.descending : false;
    state.sort = key;
    update(false);
  });

  tbody.addEventListener("click", function (event) {
    var tr = event.target.closest("tr.item");
    if (!tr || (window.getSelection && String(window.getSelection()).length)) { return; }
    var index = Number(tr.dataset.index);
    if (open.has(index)) { open.delete(index); } else { open.add(index); }
    var fromButton = event.target.closest("td.toggle") !== null;
    draw();
    if (fromButton) {  // the row was drawn anew: keep the keyboard where it was
      var again = tbody.querySelector('tr.item[data-index="' + index + '"] td.toggle button');
      if (again) { again.focus(); }
    }
  });

  function setGap(gap) {
    state.gap = gap;
    gapChip.hidden = gap === null;
    if (gap !== null) {
      gapChip.firstChild.textContent = "Only the " + data.gaps[gap].length +
        " unknown results of one failed call (see Coverage)";
    }
  }
  document.getElementById("gap-clear").addEventListener("click", function () {
    setGap(null);
    update(true);
  });

  // Summary cards, chart rows, coverage and mutelist links: set the table's filters.
  Array.prototype.forEach.call(document.querySelectorAll(".jump"), function (link) {
    link.addEventListener("click", function () {
      search.value = "";
      state.q = "";
      Object.keys(selects).forEach(function (key) {
        selects[key].value = link.dataset[key] || "";
      });
      setGap(link.dataset.gap === undefined ? null : Number(link.dataset.gap));
      update(true);
      document.getElementById("findings").scrollIntoView();
    });
  });

  // Matrix: a cell shows the panel of its duties; a second click hides it.
  Array.prototype.forEach.call(document.querySelectorAll("button[data-panel]"), function (button) {
    button.addEventListener("click", function () {
      var account = button.closest(".account");
      var panel = document.getElementById(button.dataset.panel);
      var showing = !panel.hidden;
      Array.prototype.forEach.call(account.querySelectorAll(".panel"), function (other) {
        other.hidden = true;
      });
      Array.prototype.forEach.call(account.querySelectorAll("button[data-panel]"), function (other) {
        other.setAttribute("aria-pressed", "false");
      });
      if (!showing) {
        panel.hidden = false;
        button.setAttribute("aria-pressed", "true");
        panel.scrollIntoView({ block: "nearest" });
      }
    });
  });

  update(true);
  table.dataset.readyMs = performance.now().toFixed(1);
})();
