// newslint serve: corpus, page, changes and labels views, and the rules
// editor. Plain JavaScript, no dependencies. Page text is only ever put in
// the document as text nodes (never as HTML): scraped pages are untrusted.
"use strict";

const S = {
  state: null,       // GET /api/state
  pages: null,       // GET /api/corpus pages
  page: null,        // GET /api/page of the page shown
  sel: 0,            // selected line number in the page view
  cleaned: false,    // page view shows the cleaned text
  source: true,      // page view shows the HTML source beside the lines
  changes: null,     // the last apply's changes
  fit: null,         // the last fit (POST /api/fit), until the next apply
  timing: null,
  sort: { key: "noiseRatio", dir: -1 },
  filter: "",
  gate: "all",
  group: false,
  collapsed: new Set(),
  applied: "",       // rules text the views show
  saved: "",         // rules text on disk
  problems: [],
  checkTimer: 0,
  checkSeq: 0,
  busy: false,
};

// ---------------------------------------------------------------- helpers

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "dataset") Object.assign(e.dataset, v);
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
  }
  for (const k of kids.flat(Infinity)) {
    if (k === undefined || k === null || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

const $ = (sel) => document.querySelector(sel);

// fill replaces the children of parent, skipping empty ones.
function fill(parent, ...kids) {
  parent.replaceChildren(...kids.flat().filter((k) => k !== undefined && k !== null && k !== false));
}

async function api(method, path, body) {
  const opt = { method, headers: {} };
  if (body !== undefined) {
    opt.headers["Content-Type"] = "application/json";
    opt.body = JSON.stringify(body);
  }
  const r = await fetch(path, opt);
  let data = null;
  try { data = await r.json(); } catch (_) { data = { error: r.status + " " + r.statusText }; }
  return { status: r.status, ok: r.ok, data };
}

let flashTimer = 0;
function flash(msg, kind) {
  const f = $("#flash");
  f.textContent = msg;
  f.className = "flash " + (kind || "ok");
  clearTimeout(flashTimer);
  if (kind !== "err") flashTimer = setTimeout(() => { f.textContent = ""; }, 6000);
}

const pct = (x) => (x * 100).toFixed(1) + "%";
const fix = (x, n) => (x === undefined || x === null ? "" : Number(x).toFixed(n === undefined ? 2 : n));
const signed = (x) => (x > 0 ? "+" : "") + fix(x, 1);

// Noise categories get stable tints; the known ones are picked by hand.
const catColors = {
  "comment-counter": ["#f6d5cf", "#7d2f27"], "relative-time": ["#f7dcc4", "#7a4214"],
  teaser: ["#f3d0d9", "#7c2340"], share: ["#e7d5f0", "#5a2d73"], newsletter: ["#e2daf5", "#45337c"],
  navigation: ["#dcdce6", "#3b3b55"], "section-label": ["#d9e2f0", "#2b4470"], "tag-list": ["#d7e9ec", "#245a63"],
  caption: ["#efe7c9", "#665316"], duplicate: ["#e9e4dc", "#5b4d38"], search: ["#dde8d3", "#3b5c22"],
  cookie: ["#f3e2c0", "#6e4c0c"], paywall: ["#f2d2c2", "#71301a"], advertising: ["#f5d0c7", "#842d1c"],
  related: ["#f0d6e8", "#6d2758"], footer: ["#d9d9d9", "#3d3d3d"], metadata: ["#e3e0ef", "#48406b"],
  comments: ["#ecdcd0", "#6b4128"], boilerplate: ["#e8e2e0", "#5d4a45"], template: ["#e0e6e9", "#3a4b54"],
};
function catColor(cat) {
  if (catColors[cat]) return catColors[cat];
  let h = 0;
  for (const ch of cat) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return [`hsl(${h} 55% 88%)`, `hsl(${h} 50% 28%)`];
}
function tag(label, category) {
  const s = el("span", { class: "pill cat-" + label }, label === "noise" ? category : label);
  if (label === "noise") {
    const [bg, fg] = catColor(category || "boilerplate");
    s.className = "pill cat";
    s.style.background = bg;
    s.style.color = fg;
  }
  return s;
}
function verdictTag(name) { // "content" or "noise:category"
  const [label, cat] = name.split(":");
  return tag(label, cat);
}

// ---------------------------------------------------------------- state

async function loadState() {
  const r = await api("GET", "/api/state");
  S.state = r.data;
  S.saved = r.data.rulesSaved;
  $("#rules-path").textContent = r.data.rulesPath + (r.data.rulesExists ? "" : "  (new: created on save)");
  $("#defaults-text").textContent = r.data.defaults;
  updateLabelsStatus(r.data.score, r.data.labelsDirty, r.data.labelsCount);
}

async function loadCorpus() {
  const r = await api("GET", "/api/corpus");
  S.pages = r.data.pages;
}

function updateLabelsStatus(score, dirty, count) {
  if (score) S.state.score = score;
  if (dirty !== undefined) S.state.labelsDirty = dirty;
  if (count !== undefined) S.state.labelsCount = count;
  const sc = S.state.score, st = $("#labels-status");
  fill(st);
  if (!sc.labelled) {
    st.append("no labels yet: select a line and press ", el("kbd", null, "c"), " or ", el("kbd", null, "n"));
  } else {
    st.append("labels ", el("b", null, String(sc.labelled)), " · P ", el("b", null, fix(sc.precision, 3)),
      " R ", el("b", null, fix(sc.recall, 3)), " F1 ", el("b", null, fix(sc.f1, 3)));
    if (sc.disagree && sc.disagree.length) st.append(" · ", el("b", { class: "lose" }, String(sc.disagree.length)), " disagree");
    if (sc.stale) st.append(" · " + sc.stale + " stale");
  }
  const b = $("#save-labels");
  b.classList.toggle("dirty", !!S.state.labelsDirty);
  b.disabled = !S.state.labelsDirty;
  updateFitButton();
}

// updateFitButton enables "Fit to labels" when the labels hold lines of
// both kinds (the server checks again), and says why not in its tooltip.
function updateFitButton() {
  const sc = S.state.score, b = $("#fit");
  const content = sc.tp + sc.fn, noise = sc.fp + sc.tn;
  let why = "";
  if (!sc.labelled) why = "label lines first: select a line of a page and press c (content) or n (noise)";
  else if (!content || !noise) why = `your ${sc.labelled} labelled line${sc.labelled === 1 ? " is" : "s are all"} ${content ? "content" : "noise"}: label lines of both kinds to fit`;
  b.disabled = !!why || S.busy;
  b.title = why || `fit the editor's rules to your ${sc.labelled} labelled lines (${content} content, ${noise} noise) and apply the result without writing anything: see What does “Fit to labels” do?`;
}

// ---------------------------------------------------------------- editor

const ta = () => $("#rules-text");

function editorText() { return ta().value; }

function setEditorText(text) {
  ta().value = text;
  renderGutter();
  updateRulesState();
}

function renderGutter() {
  const n = editorText().split("\n").length;
  const g = $("#gutter");
  const byLine = new Map();
  for (const p of S.problems) {
    if (!p.line) continue;
    const prev = byLine.get(p.line);
    if (!prev || p.severity === "error") byLine.set(p.line, p);
  }
  const frag = document.createDocumentFragment();
  for (let i = 1; i <= n; i++) {
    const p = byLine.get(i);
    const d = el("div", p ? { class: p.severity, title: p.message } : null, String(i));
    frag.append(d);
  }
  g.replaceChildren(frag);
  g.scrollTop = ta().scrollTop;
}

function updateRulesState() {
  const t = editorText(), st = $("#rules-state");
  const parts = [];
  if (S.fit && !S.fit.taken && S.applied === S.fit.text && t === S.fit.from) parts.push("the fitted rules are applied, not in the editor (see Changes)");
  else if (t !== S.applied) parts.push("edited, not applied");
  else if (t !== S.saved) parts.push("applied, not saved");
  else parts.push(S.state && S.state.rulesExists ? "saved" : "not saved yet (the file does not exist)");
  const errs = S.problems.filter((p) => p.severity === "error").length;
  const warns = S.problems.length - errs;
  if (errs) parts.push(errs + (errs === 1 ? " error" : " errors"));
  if (warns) parts.push(warns + " failing example" + (warns === 1 ? "" : "s"));
  st.textContent = parts.join(" · ");
  $("#save-rules").classList.toggle("dirty", t !== S.saved);
  $("#apply").classList.toggle("primary", t !== S.applied);
}

function renderProblems(ok) {
  const ul = $("#problems");
  fill(ul);
  if (!S.problems.length && ok) {
    ul.append(el("li", { class: "okay" }, "✓ the rules parse and every example behaves as written"));
  }
  for (const p of S.problems) {
    const where = p.line ? `line ${p.line}${p.col ? ":" + p.col : ""}` : p.inDefaults ? "built-in" : "file";
    ul.append(el("li", { class: p.severity, onclick: () => p.line && gotoLine(p.line) },
      el("span", { class: "where" }, where), p.rule ? `rule "${p.rule}": ` : "", p.message));
  }
  renderGutter();
  updateRulesState();
}

function scheduleCheck() {
  clearTimeout(S.checkTimer);
  S.checkTimer = setTimeout(check, 250);
}

async function check() {
  const seq = ++S.checkSeq;
  const r = await api("POST", "/api/check", { text: editorText() });
  if (seq !== S.checkSeq) return; // a newer check is on its way
  S.problems = r.data.problems || [];
  renderProblems(r.data.ok);
}

function gotoLine(n) {
  const t = ta(), lines = t.value.split("\n");
  let off = 0;
  for (let i = 0; i < n - 1 && i < lines.length; i++) off += lines[i].length + 1;
  t.focus();
  t.setSelectionRange(off, off + (lines[n - 1] || "").length);
  t.scrollTop = Math.max(0, (n - 5) * 18);
  renderGutter();
}

// addOverride adds "- id: <rule>" with its weight to the user's file, so the
// rule can be re-weighted or switched off.
function addOverride(id, weight) {
  let t = editorText();
  const stub = `  - id: ${id}\n    weight: ${weight}\n    # enabled: false\n`;
  if (new RegExp(`^\\s*- id: ${id}\\s*$`, "m").test(t)) {
    const i = t.split("\n").findIndex((l) => new RegExp(`^\\s*- id: ${id}\\s*$`).test(l));
    showEditor();
    gotoLine(i + 1);
    return;
  }
  if (/^rules:\s*\[\]\s*$/m.test(t)) t = t.replace(/^rules:\s*\[\]\s*$/m, "rules:\n" + stub.trimEnd());
  else if (/^rules:\s*$/m.test(t)) t = t.replace(/\n*$/, "\n") + stub;
  else t = t.replace(/\n*$/, "\n") + "rules:\n" + stub;
  setEditorText(t);
  showEditor();
  gotoLine(t.split("\n").findIndex((l) => l === `  - id: ${id}`) + 2);
  scheduleCheck();
}

function showEditor() { document.body.classList.remove("no-editor"); }

async function apply() {
  if (S.busy) return;
  S.busy = true;
  $("#apply").disabled = true;
  const text = editorText();
  try {
    const r = await api("POST", "/api/apply", { text, base: $("#base").value });
    if (r.status === 422) {
      S.problems = r.data.problems || [];
      renderProblems(false);
      flash("not applied: the rules file has errors", "err");
      return;
    }
    if (!r.ok) { flash(r.data.error, "err"); return; }
    S.applied = text;
    S.changes = r.data.changes;
    S.timing = r.data.timing;
    S.fit = null;
    updateLabelsStatus(r.data.score);
    await loadCorpus();
    S.page = null;
    flash(`applied in ${fix(r.data.timing.totalMs, 0)} ms: ${r.data.changes.flippedLines} lines flipped on ${r.data.changes.changedPages} pages`);
    updateRulesState();
    if (location.hash.startsWith("#/changes")) render(); else location.hash = "#/changes";
  } finally {
    S.busy = false;
    $("#apply").disabled = false;
  }
}

// fitRules fits the editor's rules to the labels (POST /api/fit). The
// server applies the fitted rules, so the views show what they flip; the
// editor keeps the rules fitted from until the user takes the fitted ones
// (fitSummary's "Use the fitted rules") or discards them.
async function fitRules() {
  if (S.busy) return;
  S.busy = true;
  const b = $("#fit"), from = editorText();
  for (const id of ["#apply", "#fit", "#save-rules"]) $(id).disabled = true;
  b.textContent = "Fitting…";
  b.classList.add("busy");
  b.setAttribute("aria-busy", "true");
  fill($("#fit-status"), "fitting the rules to your labels…");
  $("#fit-status").className = "fit-status busy";
  let msg = "", kind = "ok";
  try {
    const r = await api("POST", "/api/fit", { text: from, base: $("#base").value });
    if (r.status === 422) {
      S.checkSeq++; // a check of older text still on its way is stale
      S.problems = r.data.problems || [];
      renderProblems(false);
      msg = "not fitted: the rules file has errors (listed under the editor); fix them and fit again";
      kind = "err";
      return;
    }
    if (r.status === 409) { msg = "not fitted, busy: " + r.data.error; kind = "err"; return; }
    if (r.status === 400) { msg = "not fitted: " + r.data.error; kind = "err"; return; }
    if (!r.ok) { msg = "the fit failed: " + r.data.error; kind = "err"; return; }
    const d = r.data;
    S.fit = Object.assign(d, { from, taken: false });
    S.applied = d.text;
    S.changes = d.changes;
    S.timing = d.timing;
    updateLabelsStatus(d.after);
    await loadCorpus();
    S.page = null;
    updateRulesState();
    msg = `fitted to ${d.lines} labelled line${d.lines === 1 ? "" : "s"}: labels F1 ${fix(d.before.f1, 3)} → ${fix(d.after.f1, 3)}, ` +
      `${d.changes.flippedLines} line${d.changes.flippedLines === 1 ? "" : "s"} flip; the fitted rules are applied, not in the editor`;
    flash(msg);
    if (location.hash.startsWith("#/changes")) render(); else location.hash = "#/changes";
  } finally {
    S.busy = false;
    for (const id of ["#apply", "#save-rules"]) $(id).disabled = false;
    b.textContent = "Fit to labels";
    b.classList.remove("busy");
    b.removeAttribute("aria-busy");
    fill($("#fit-status"), kind === "err" ? msg : "");
    $("#fit-status").className = "fit-status" + (kind === "err" ? " err" : "");
    if (kind === "err") flash(msg, "err");
    updateFitButton();
  }
}

// useFit puts the fitted rules into the editor, where Save writes them.
function useFit() {
  const f = S.fit;
  if (!f) return;
  if (editorText() !== f.from && !confirm("The editor changed since the fit: replace its text with the fitted rules?")) return;
  setEditorText(f.text);
  f.taken = true;
  check();
  showEditor();
  flash("the fitted rules are in the editor: Save rules writes them");
  if (location.hash.startsWith("#/changes")) render();
}

// discardFit applies the rules the fit started from again.
async function discardFit() {
  const f = S.fit;
  if (!f) return;
  if (f.taken && editorText() === f.text) setEditorText(f.from);
  await apply();
}

async function saveRules(force) {
  const text = editorText();
  const r = await api("POST", "/api/save", { text, force: !!force });
  if (r.status === 409) {
    if (confirm(r.data.error + "\n\nOverwrite it anyway? (the version on disk is kept as .bak)")) return saveRules(true);
    return;
  }
  if (r.status === 422) {
    S.problems = r.data.problems || [];
    renderProblems(false);
    flash(r.data.error, "err");
    return;
  }
  if (!r.ok) { flash(r.data.error, "err"); return; }
  const changed = text !== S.applied;
  S.saved = text;
  S.applied = text;
  S.state.rulesExists = true;
  $("#rules-path").textContent = S.state.rulesPath;
  updateRulesState();
  flash("saved " + r.data.saved + " (previous version: " + r.data.backup + ")");
  if (changed) {
    await loadState();
    await loadCorpus();
    S.page = null;
    render();
  }
}

async function saveLabels(force) {
  const r = await api("POST", "/api/labels/save", { force: !!force });
  if (r.status === 409) {
    if (confirm(r.data.error + "\n\nOverwrite it anyway? (the version on disk is kept as .bak)")) return saveLabels(true);
    return;
  }
  if (!r.ok) { flash(r.data.error, "err"); return; }
  updateLabelsStatus(null, false);
  flash("saved " + r.data.saved);
}

// ---------------------------------------------------------------- routing

function route() {
  const h = location.hash.replace(/^#\/?/, "");
  const [view, ...rest] = h.split("/");
  return { view: view || "corpus", rest: rest.map(decodeURIComponent) };
}

async function render() {
  const r = route();
  for (const v of ["corpus", "page", "changes", "labels"]) $("#tab-" + v).classList.toggle("active", v === r.view);
  const view = $("#view");
  if (r.view === "page") {
    const id = r.rest[0] || (S.page && S.page.id) || (S.pages[0] && S.pages[0].id);
    if (r.rest[1]) S.sel = Number(r.rest[1]);
    await renderPage(view, id);
    return;
  }
  if (r.view === "changes") { await renderChanges(view); return; }
  if (r.view === "labels") { renderLabels(view); return; }
  renderCorpus(view);
}

// ---------------------------------------------------------------- corpus

const corpusCols = [
  ["id", "page"], ["site", "site"], ["lines", "lines"], ["noiseRatio", "noise"], ["quality", "quality"],
  ["failed", "gate"], ["top", "top rules"], ["labelled", "labels"],
];

function renderCorpus(view) {
  const f = S.filter.toLowerCase();
  let pages = S.pages.filter((p) => {
    if (S.gate === "fail" && !p.failed) return false;
    if (S.gate === "pass" && p.failed) return false;
    if (S.gate === "labelled" && !p.labelled) return false;
    if (!f) return true;
    return p.id.toLowerCase().includes(f) || p.site.toLowerCase().includes(f) || p.path.toLowerCase().includes(f) ||
      p.top.some((t) => t.id.includes(f));
  });
  const k = S.sort.key, dir = S.sort.dir;
  const val = (p) => (k === "top" ? (p.top[0] ? p.top[0].n : 0) : k === "failed" ? (p.failed ? 1 : 0) : p[k]);
  pages = pages.slice().sort((a, b) => {
    const x = val(a), y = val(b);
    if (x < y) return -dir;
    if (x > y) return dir;
    return a.id < b.id ? -1 : 1;
  });
  const failing = pages.filter((p) => p.failed).length;
  const search = el("input", { type: "search", placeholder: "filter: page, site or rule", value: S.filter, id: "filter" });
  search.addEventListener("input", () => {
    S.filter = search.value;
    renderCorpus(view);
    const s = $("#filter");
    s.focus();
    s.setSelectionRange(s.value.length, s.value.length);
  });
  const gate = el("select", { id: "gate" },
    ...[["all", "all pages"], ["fail", "failing"], ["pass", "passing"], ["labelled", "labelled"]].map(([v, t]) =>
      el("option", { value: v, selected: S.gate === v }, t)));
  gate.addEventListener("change", () => { S.gate = gate.value; renderCorpus(view); });
  const group = el("input", { type: "checkbox", id: "group", checked: S.group });
  group.addEventListener("change", () => { S.group = group.checked; renderCorpus(view); });

  const head = el("tr", null, ...corpusCols.map(([key, name]) =>
    el("th", {
      class: S.sort.key === key ? (S.sort.dir > 0 ? "sorted-asc" : "sorted-desc") : null,
      onclick: () => {
        S.sort = S.sort.key === key ? { key, dir: -S.sort.dir } : { key, dir: key === "id" || key === "site" ? 1 : -1 };
        renderCorpus(view);
      },
    }, name)));
  const body = el("tbody");
  const row = (p) => el("tr", { class: "row", dataset: { id: p.id }, onclick: () => { location.hash = "#/page/" + encodeURIComponent(p.id); } },
    el("td", { class: "rule" }, p.id),
    el("td", null, p.site),
    el("td", { class: "num" }, String(p.lines)),
    el("td", { class: "num" }, barOf(p.noiseRatio), pct(p.noiseRatio)),
    el("td", { class: "num" }, fix(p.quality)),
    el("td", null, el("span", { class: "pill " + (p.failed ? "fail" : "pass"), title: (p.reasons || []).join("; ") }, p.failed ? "fail" : "pass")),
    el("td", null, p.top.map((t) => el("span", { class: "rule" }, `${t.id}×${t.n} `))),
    el("td", { class: "num" }, p.labelled ? String(p.labelled) : ""));
  if (S.group) {
    const groups = new Map();
    for (const p of pages) {
      if (!groups.has(p.site)) groups.set(p.site, []);
      groups.get(p.site).push(p);
    }
    const order = [...groups.keys()].sort((a, b) => groups.get(b).length - groups.get(a).length || (a < b ? -1 : 1));
    for (const site of order) {
      const ps = groups.get(site);
      const noise = ps.reduce((s, p) => s + p.noise, 0), lines = ps.reduce((s, p) => s + p.lines, 0);
      const fails = ps.filter((p) => p.failed).length;
      const open = !S.collapsed.has(site);
      body.append(el("tr", { class: "site", onclick: () => { if (open) S.collapsed.add(site); else S.collapsed.delete(site); renderCorpus(view); } },
        el("td", { colspan: 8 }, (open ? "▾ " : "▸ ") + site + ` — ${ps.length} pages, noise ${pct(lines ? noise / lines : 0)}, ${fails} failing`)));
      if (open) for (const p of ps) body.append(row(p));
    }
  } else {
    for (const p of pages) body.append(row(p));
  }
  fill(view, 
    el("div", { class: "toolbar" }, search, gate, el("label", null, group, " group by site"),
      el("span", { class: "summary" }, `${pages.length} of ${S.pages.length} pages, ${failing} failing` +
        (S.state.errors && S.state.errors.length ? `; ${S.state.errors.length} could not be read` : ""))),
    el("table", { class: "grid", id: "corpus" }, el("thead", null, head), body),
    S.state.errors && S.state.errors.length ? el("details", null, el("summary", null, "files that could not be read"),
      el("ul", null, S.state.errors.map((e) => el("li", null, e)))) : null);
}

function barOf(r) {
  const b = el("span", { class: "bar" });
  b.style.width = Math.round(r * 50) + "px";
  return b;
}

// ---------------------------------------------------------------- page

async function renderPage(view, id) {
  if (!id) { fill(view, el("p", { class: "empty" }, "no page")); return; }
  if (!S.page || S.page.id !== id) {
    const r = await api("GET", "/api/page?id=" + encodeURIComponent(id));
    if (!r.ok) { fill(view, el("p", { class: "empty" }, r.data.error || "no such page")); return; }
    S.page = r.data;
    if (!S.page.lines.some((l) => l.num === S.sel && !l.blank)) {
      const first = S.page.lines.find((l) => !l.blank);
      S.sel = first ? first.num : 0;
    }
  }
  const p = S.page;
  const idx = S.pages.findIndex((x) => x.id === p.id);
  const nav = (d) => { const q = S.pages[idx + d]; if (q) location.hash = "#/page/" + encodeURIComponent(q.id); };
  const cats = new Map();
  for (const l of p.lines) if (!l.blank) {
    const k = l.label === "noise" ? "noise:" + l.category : l.label;
    cats.set(k, (cats.get(k) || 0) + 1);
  }
  const head = el("div", { class: "page-head" },
    el("button", { type: "button", onclick: () => nav(-1), disabled: idx <= 0, title: "previous page ([)" }, "‹"),
    el("button", { type: "button", onclick: () => nav(1), disabled: idx < 0 || idx >= S.pages.length - 1, title: "next page (])" }, "›"),
    el("h2", { id: "page-id" }, p.id),
    el("span", { class: "pill " + (p.failed ? "fail" : "pass"), title: (p.reasons || []).join("; ") }, p.failed ? "fail" : "pass"),
    el("span", { class: "summary" }, `${p.path} · ${p.format} · language ${p.lang || "?"} · noise ${pct(p.noiseRatio)} · quality ${fix(p.quality)} · main block ${p.blockStart}–${p.blockEnd}`),
    el("label", null, el("input", { type: "checkbox", id: "show-cleaned", checked: S.cleaned, onchange: (e) => { S.cleaned = e.target.checked; render(); } }), " cleaned text ", el("kbd", null, "t")),
    p.source ? el("label", null, el("input", { type: "checkbox", checked: S.source, onchange: (e) => { S.source = e.target.checked; render(); } }), " source ", el("kbd", null, "s")) : null);
  const legend = el("div", { class: "legend" }, [...cats.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => {
    const t = verdictTag(k);
    t.append(" " + n);
    return t;
  }));
  if (S.cleaned) {
    fill(view, head, legend, el("pre", { class: "cleaned", id: "cleaned" }, p.cleaned || "(nothing kept)"));
    return;
  }
  const lines = el("div", { class: "lines", id: "lines" });
  for (const l of p.lines) lines.append(lineRow(l));
  const body = el("div", { class: "page-body" }, lines);
  if (p.source && S.source) {
    body.append(sourcePane(p));
    body.classList.add("with-source");
    if (!S.editorToggled) document.body.classList.add("no-editor"); // room for three columns
  }
  body.append(el("div", { class: "detail", id: "detail" }));
  const stale = p.stale && p.stale.length ? el("p", { class: "hint lose" },
    `${p.stale.length} label${p.stale.length === 1 ? "" : "s"} of this page no longer match${p.stale.length === 1 ? "es" : ""} a line (the page changed): `,
    p.stale.map((r) => `line ${r.line || "?"} "${r.text}" `)) : null;
  fill(view, head, legend, stale, body,
    el("p", { class: "hint" }, "Select a line by click or ", el("kbd", null, "j"), "/", el("kbd", null, "k"), "; label it ",
      el("kbd", null, "c"), " content, ", el("kbd", null, "n"), " noise, ", el("kbd", null, "x"), " clear; ",
      el("kbd", null, "["), "/", el("kbd", null, "]"), " previous/next page."));
  selectLine(S.sel, false);
}

function lineClass(l) {
  if (l.blank) return "ln blank";
  let c = "ln " + l.label;
  if (l.gold) {
    c += " gold-" + l.gold;
    if ((l.gold === "content") !== l.kept) c += " disagree";
  }
  if (S.page && l.num >= S.page.blockStart && l.num <= S.page.blockEnd) c += " inblock";
  if (l.num === S.sel) c += " sel";
  return c;
}

function lineRow(l) {
  if (l.blank) return el("div", { class: "ln blank", dataset: { num: l.num } });
  const row = el("div", { class: lineClass(l), dataset: { num: l.num } },
    el("span", { class: "n" }, String(l.num)),
    el("span", { class: "g", title: l.gold ? "labelled " + l.gold : "" }, l.gold === "content" ? "C" : l.gold === "noise" ? "N" : ""),
    el("span", { class: "lab" }, tag(l.label, l.category)),
    el("span", { class: "sc" }, fix(l.score, 1)),
    el("span", { class: "t" }, l.text));
  row.addEventListener("mouseenter", () => { if (!row.title) row.title = tooltip(l); });
  row.addEventListener("click", () => selectLine(l.num, true));
  return row;
}

function tooltip(l) {
  const hits = (l.hits || []).map((h) => `${h.rule} ${signed(h.delta)}`).join(", ") || "no rule fired";
  const feats = Object.entries(l.features || {}).map(([k, v]) => `${k}=${v}`).join(" ");
  return `${l.label}${l.category ? ":" + l.category : ""}  score ${fix(l.score, 1)}\n${hits}\n${feats}`;
}

function sourcePane(p) {
  const mapped = new Set(p.lines.filter((l) => l.source).map((l) => l.source));
  const pane = el("div", { class: "source", id: "source" });
  p.source.forEach((t, i) => {
    // Minified HTML has lines of many kilobytes: show their start.
    const shown = t.length > 300 ? t.slice(0, 300) + " …" : t;
    pane.append(el("div", { class: mapped.has(i + 1) ? "mapped" : null, dataset: { n: i + 1 } }, el("span", { class: "sn" }, String(i + 1)), shown));
  });
  return pane;
}

function selectLine(num, scroll) {
  if (!S.page) return;
  const l = S.page.lines.find((x) => x.num === num && !x.blank);
  if (!l) return;
  S.sel = num;
  for (const r of document.querySelectorAll(".ln.sel")) r.classList.remove("sel");
  const row = document.querySelector(`.ln[data-num="${num}"]`);
  if (row) {
    row.classList.add("sel");
    if (scroll !== false) row.scrollIntoView({ block: "nearest" });
  }
  const src = $("#source");
  if (src) {
    for (const d of src.querySelectorAll(".hl")) d.classList.remove("hl");
    const s = l.source && src.querySelector(`[data-n="${l.source}"]`);
    if (s) {
      s.classList.add("hl");
      src.scrollTop = s.offsetTop - src.clientHeight / 3;
    }
  }
  renderDetail(l);
}

function renderDetail(l) {
  const d = $("#detail");
  if (!d) return;
  const p = S.page;
  const rules = el("table", null, (l.hits || []).slice().sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta)).map((h) => {
    const info = p.rules[h.rule] || {};
    return el("tr", null,
      el("td", { class: "rule" }, h.rule),
      el("td", { class: h.delta > 0 ? "plus" : "minus" }, signed(h.delta)),
      el("td", null, info.description || "",
        " ", info.line ? el("a", { href: "#", onclick: (e) => { e.preventDefault(); showEditor(); gotoLine(info.line); } }, "edit")
          : el("a", { href: "#", class: "override", dataset: { rule: h.rule }, onclick: (e) => { e.preventDefault(); addOverride(h.rule, info.weight); } }, "override")));
  }));
  const feats = el("div", { class: "feats-grid" }, Object.entries(l.features || {}).map(([k, v]) => [el("span", null, k), el("span", null, String(v))]));
  fill(d, 
    el("div", null, el("b", null, "line " + l.num), " ", tag(l.label, l.category), ` score ${fix(l.score, 1)} `,
      l.kept ? el("span", { class: "gain" }, "kept") : el("span", { class: "lose" }, "dropped")),
    el("div", { class: "quote" }, l.text),
    el("h3", null, "Label"),
    el("div", { class: "labelbtns" },
      el("button", { type: "button", id: "label-content", class: l.gold === "content" ? "primary" : null, onclick: () => label("content") }, "content (c)"),
      el("button", { type: "button", id: "label-noise", class: l.gold === "noise" ? "primary" : null, onclick: () => label("noise") }, "noise (n)"),
      el("button", { type: "button", id: "label-clear", disabled: !l.gold, onclick: () => label("") }, "clear (x)")),
    l.gold && (l.gold === "content") !== l.kept ? el("div", { class: "lose" }, "the rules disagree with this label") : null,
    el("h3", null, "Rules that fired"),
    (l.hits || []).length ? rules : el("div", { class: "hint" }, "none: the line is noise by default (score 0)"),
    el("h3", null, "Features"), feats,
    l.dom ? el("div", null, el("h3", null, "HTML"), el("div", { class: "rule" }, l.dom.path),
      l.dom.hints ? el("div", null, "hints: " + l.dom.hints.join(" ")) : null,
      l.source ? el("div", null, "source line " + l.source) : null) : null);
}

async function label(value) {
  if (!S.page || !S.sel) return;
  const r = await api("POST", "/api/label", { page: S.page.id, line: S.sel, label: value });
  if (!r.ok) { flash(r.data.error, "err"); return; }
  const l = S.page.lines.find((x) => x.num === S.sel);
  l.gold = value || undefined;
  const row = document.querySelector(`.ln[data-num="${S.sel}"]`);
  if (row) row.replaceWith(lineRow(l));
  updateLabelsStatus(r.data.score, r.data.labelsDirty, r.data.labelsCount);
  const cp = S.pages.find((x) => x.id === S.page.id);
  if (cp) cp.labelled = S.page.lines.filter((x) => x.gold).length;
  selectLine(S.sel, false);
}

function moveSel(d) {
  if (!S.page) return;
  const ls = S.page.lines.filter((l) => !l.blank);
  const i = ls.findIndex((l) => l.num === S.sel);
  const j = Math.max(0, Math.min(ls.length - 1, i + d));
  if (ls[j]) selectLine(ls[j].num, true);
}

// ---------------------------------------------------------------- changes

async function renderChanges(view) {
  if (!S.changes) {
    const r = await api("GET", "/api/changes?base=" + $("#base").value);
    S.changes = r.data.changes;
    S.timing = r.data.timing;
  }
  const ch = S.changes, tm = S.timing || {};
  const cards = el("div", { class: "cards", id: "change-cards" },
    card(String(ch.flippedLines), "lines flipped"), card(String(ch.changedPages), "pages changed"),
    card("+" + ch.gained, "lines kept that were dropped"), card("−" + ch.lost, "lines dropped that were kept"),
    card(String((ch.examples || []).reduce((n, r) => n + r.examples.filter((e) => !e.pass).length, 0)), "failing examples of the changed rules"),
    tm.totalMs ? card(fix(tm.totalMs, 0) + " ms", `apply (${fix(tm.scoreMs, 0)} ms scoring ${tm.pages} pages)`) : null);
  const out = [el("h2", null, "What changed since " + (ch.base === "saved" ? "the saved rules file" : "the last apply")), cards];
  if (!tm.totalMs) out.push(el("p", { class: "hint" }, "Edit the rules on the right and press Apply (Ctrl+Enter) to see which lines flip."));
  if (S.fit) out.push(fitSummary(S.fit));

  if (ch.examples && ch.examples.length) {
    out.push(el("h3", null, "Examples of the changed rules"));
    for (const re of ch.examples) {
      out.push(el("div", { class: "ex" }, el("b", null, re.id), re.line ? ` (line ${re.line})` : "",
        el("ul", null, re.examples.map((e) => el("li", null,
          e.pass ? el("span", { class: "pass" }, "✓ ") : el("span", { class: "failx" }, "✗ "),
          e.want ? "match: " : "no-match: ", e.text)))));
    }
  }
  if (ch.rules && ch.rules.length) {
    out.push(el("h3", null, "Lines each rule fired on"));
    out.push(el("table", { class: "grid", id: "rule-counts" },
      el("thead", null, el("tr", null, el("th", null, "rule"), el("th", null, "before"), el("th", null, "after"), el("th", null, "change"), el("th", null, ""))),
      el("tbody", null, ch.rules.map((r) => el("tr", null,
        el("td", { class: "rule" }, r.id), el("td", { class: "num" }, String(r.before)), el("td", { class: "num" }, String(r.after)),
        el("td", { class: "num " + (r.after > r.before ? "gain" : r.after < r.before ? "lose" : "") }, (r.after - r.before > 0 ? "+" : "") + (r.after - r.before)),
        el("td", null, r.added ? "new rule" : r.removed ? "removed" : r.changed ? "edited" : ""))))));
  }
  out.push(el("h3", null, `Pages with flipped lines (${ch.changedPages})` + (ch.truncated ? " — list shortened" : "")));
  if (!ch.pages || !ch.pages.length) out.push(el("p", { class: "empty" }, "No line changed its verdict."));
  for (const pc of ch.pages || []) out.push(pageChange(pc, ch.base));
  fill(view, el("div", { class: "changes" }, ...out));
}

// fitSummary tells what the last fit did: the labels' score before and
// after, the labelled lines that flip (every flip is in the page list
// below), the values it moved, and offers to take the fitted rules.
function fitSummary(f) {
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + "s"}`;
  const box = el("div", { class: "fit-summary", id: "fit-summary" },
    el("h3", null, "Fitted to your labels"),
    el("div", { class: "cards", id: "fit-cards" },
      card(`${fix(f.before.f1, 3)} → ${fix(f.after.f1, 3)}`, "F1 on the labelled lines"),
      card(`${fix(f.before.precision, 3)} → ${fix(f.after.precision, 3)}`, "precision"),
      card(`${fix(f.before.recall, 3)} → ${fix(f.after.recall, 3)}`, "recall"),
      card(`${(f.before.disagree || []).length} → ${(f.after.disagree || []).length}`, "labelled lines the rules get wrong"),
      card(String(f.lines), `labelled lines on ${plural(f.pages, "page")} fitted on`),
      card(fix(f.fitMs, 0) + " ms", "fit")),
    f.skipped ? el("p", { class: "hint" }, `${plural(f.skipped, "more labelled page")} left out: a fit reads at most the ${f.pages} pages with the most labels.`) : null,
    el("div", { class: "buttons" },
      f.taken ? el("span", { class: "pass" }, "✓ the fitted rules are in the editor: Save rules writes them")
        : el("button", { type: "button", id: "fit-use", class: "primary", onclick: useFit }, "Use the fitted rules"),
      el("button", { type: "button", id: "fit-discard", onclick: discardFit,
        title: "apply the rules the fit started from again" }, "Discard the fit"),
      f.taken ? null : el("span", { class: "hint" }, "The fitted rules are applied (the views show them) but not in the editor; nothing is written until you save.")));

  box.append(el("h4", null, `Labelled lines that flip (${f.labelled.length})`));
  if (!f.labelled.length) {
    box.append(el("p", { class: "empty" }, "No labelled line changes its verdict."));
  } else {
    box.append(el("table", { class: "grid flip", id: "fit-labelled" },
      el("thead", null, el("tr", null, ["page", "line", "", "label", "verdict", "text"].map((t) => el("th", null, t)))),
      el("tbody", null, f.labelled.map((l) => el("tr", { dataset: { page: l.page, line: l.line } },
        el("td", { class: "rule" }, l.page),
        el("td", { class: "num" }, el("a", { href: `#/page/${encodeURIComponent(l.page)}/${l.line}` }, String(l.line))),
        el("td", null, l.agrees === l.agreed ? "~" : l.agrees ? el("span", { class: "pass", title: "now as labelled" }, "✓ fixed")
          : el("span", { class: "failx", title: "no longer as labelled" }, "✗ now wrong")),
        el("td", null, l.label),
        el("td", null, verdictTag(l.before), " → ", verdictTag(l.after)),
        el("td", null, l.text))))));
  }
  const ch = f.changes;
  box.append(el("p", { class: "hint" }, `On all pages, ${plural(ch.flippedLines, "line")} flip on ${plural(ch.changedPages, "page")} ` +
    `(+${ch.gained} kept, −${ch.lost} dropped): listed by page below.`));

  box.append(el("h4", null, `Values the fit changed (${f.moved.length})`));
  if (!f.moved.length) {
    box.append(el("p", { class: "empty" }, "Nothing moved: the rules already agree with the labels as far as the fit can tell."));
    return box;
  }
  box.append(el("table", { class: "grid", id: "fit-moved" },
    el("thead", null, el("tr", null, ["rule or score", "", "before", "after"].map((t) => el("th", null, t)))),
    el("tbody", null, f.moved.map((m) => el("tr", { dataset: { name: m.name, what: m.what } },
      el("td", { class: "rule" }, m.name), el("td", null, m.what),
      el("td", { class: "num" }, String(m.before)), el("td", { class: "num" }, String(m.after)))))));
  return box;
}

function card(big, small) { return el("div", { class: "card" }, el("b", null, big), el("span", null, small)); }

function pageChange(pc, base) {
  const body = el("div", { class: "pc-body" });
  const open = () => {
    if (body.childElementCount) { fill(body); return; }
    body.append(el("table", { class: "flip" }, pc.flips.map((f) => el("tr", { dataset: { line: f.line } },
      el("td", { class: "num" }, el("a", { href: `#/page/${encodeURIComponent(pc.id)}/${f.line}` }, String(f.line))),
      el("td", null, f.kept > 0 ? el("span", { class: "gain" }, "+") : f.kept < 0 ? el("span", { class: "lose" }, "−") : "~"),
      el("td", null, verdictTag(f.before), " → ", verdictTag(f.after)),
      el("td", { class: "rule" }, f.afterRule || f.beforeRule || ""),
      el("td", null, f.text)))));
    const diffBox = el("div");
    body.append(el("button", { type: "button", class: "show-diff", onclick: async () => {
      const r = await api("GET", `/api/diff?id=${encodeURIComponent(pc.id)}&base=${base}`);
      fill(diffBox, el("div", { class: "diff" }, r.data.diff.map((d) =>
        d.op === "…" ? el("div", { class: "skip" }, `… ${d.skipped} unchanged lines`)
          : el("div", { class: d.op === "+" ? "add" : d.op === "-" ? "del" : "eq" }, d.text))));
    } }, "cleaned text: before / after"), diffBox);
  };
  const box = el("div", { class: "pagechange", dataset: { id: pc.id } },
    el("div", { class: "pc-head", onclick: open },
      el("b", { class: "rule" }, pc.id),
      el("span", null, `${pc.flipped} line${pc.flipped === 1 ? "" : "s"} flipped`),
      el("span", { class: "summary" }, `noise ${pct(pc.noiseBefore)} → ${pct(pc.noiseAfter)}`),
      pc.failedBefore !== pc.failedAfter ? el("span", { class: "pill " + (pc.failedAfter ? "fail" : "pass") }, pc.failedAfter ? "now fails" : "now passes") : null,
      el("a", { href: "#/page/" + encodeURIComponent(pc.id), onclick: (e) => e.stopPropagation() }, "open")),
    body);
  if (S.changes.pages.indexOf(pc) < 5) open();
  return box;
}

// ---------------------------------------------------------------- labels

function renderLabels(view) {
  const sc = S.state.score;
  const out = [el("h2", null, "Labels"),
    el("p", null, "Labels file: ", el("code", null, S.state.labelsPath), S.state.labelsDirty ? " (unsaved changes)" : ""),
    el("p", { class: "hint" }, "Labelled lines are gold for ", el("code", null, "newslint eval"),
      " and for the test suite, which fails while a labelled line gets the other verdict. Score: a line labelled content is a true positive when kept, a false negative when dropped; a line labelled noise a false positive when kept."),
    el("div", { class: "cards" }, card(String(sc.labelled), "labelled lines"), card(fix(sc.precision, 3), "precision"),
      card(fix(sc.recall, 3), "recall"), card(fix(sc.f1, 3), "F1"),
      card(`${sc.tp} / ${sc.fp} / ${sc.fn} / ${sc.tn}`, "TP / FP / FN / TN"), card(String(sc.stale), "stale (line not found)"))];
  out.push(el("h3", null, `Labelled lines the rules get wrong (${(sc.disagree || []).length})`));
  if (!sc.disagree || !sc.disagree.length) out.push(el("p", { class: "empty" }, "None."));
  else out.push(el("table", { class: "grid", id: "disagree" },
    el("thead", null, el("tr", null, ["page", "line", "label", "verdict", "text"].map((t) => el("th", null, t)))),
    el("tbody", null, sc.disagree.map((d) => el("tr", null,
      el("td", { class: "rule" }, el("a", { href: `#/page/${encodeURIComponent(d.page)}/${d.line}` }, d.page)),
      el("td", { class: "num" }, String(d.line)), el("td", null, d.label), el("td", null, verdictTag(d.got)), el("td", null, d.text))))));
  fill(view, ...out);
}

// ---------------------------------------------------------------- keys

document.addEventListener("keydown", (e) => {
  const inEditor = e.target === ta();
  if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); apply(); return; }
  if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); saveRules(); return; }
  if (inEditor && e.key === "Tab") {
    e.preventDefault();
    const t = ta(), s = t.selectionStart;
    t.setRangeText("  ", s, t.selectionEnd, "end");
    onEdit();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const tagName = e.target.tagName;
  if (tagName === "TEXTAREA" || tagName === "INPUT" || tagName === "SELECT") return;
  if (route().view !== "page" || !S.page) return;
  const keys = {
    j: () => moveSel(1), ArrowDown: () => moveSel(1), k: () => moveSel(-1), ArrowUp: () => moveSel(-1),
    c: () => label("content"), n: () => label("noise"), x: () => label(""), Delete: () => label(""),
    t: () => { S.cleaned = !S.cleaned; render(); },
    s: () => { S.source = !S.source; render(); },
    "[": () => { const i = S.pages.findIndex((x) => x.id === S.page.id); if (i > 0) location.hash = "#/page/" + encodeURIComponent(S.pages[i - 1].id); },
    "]": () => { const i = S.pages.findIndex((x) => x.id === S.page.id); if (i >= 0 && i < S.pages.length - 1) location.hash = "#/page/" + encodeURIComponent(S.pages[i + 1].id); },
  };
  const f = keys[e.key];
  if (f) { e.preventDefault(); f(); }
});

function onEdit() {
  renderGutter();
  updateRulesState();
  scheduleCheck();
}

window.addEventListener("beforeunload", (e) => {
  if (editorText() !== S.saved || (S.state && S.state.labelsDirty)) { e.preventDefault(); e.returnValue = ""; }
});

// ---------------------------------------------------------------- start

async function start() {
  await loadState();
  await loadCorpus();
  S.applied = S.state.rulesText;
  setEditorText(S.state.rulesText);
  if (S.state.problems && S.state.problems.length) {
    S.problems = S.state.problems;
    renderProblems(false);
    S.applied = ""; // the file on disk does not parse: the built-in rules are in effect
    updateRulesState();
  } else {
    check();
  }
  const t = ta();
  t.addEventListener("input", onEdit);
  t.addEventListener("scroll", () => { $("#gutter").scrollTop = t.scrollTop; });
  $("#apply").addEventListener("click", apply);
  $("#fit").addEventListener("click", fitRules);
  $("#save-rules").addEventListener("click", () => saveRules());
  $("#save-labels").addEventListener("click", () => saveLabels());
  $("#labels-status").addEventListener("click", () => { location.hash = "#/labels"; });
  $("#base").addEventListener("change", async () => {
    S.changes = null;
    if (route().view === "changes") render();
  });
  $("#toggle-editor").addEventListener("click", () => {
    S.editorToggled = true;
    document.body.classList.toggle("no-editor");
  });
  window.addEventListener("hashchange", render);
  await render();
  document.body.dataset.ready = "1";
}

start().catch((err) => flash("could not start: " + err, "err"));
