// The workbench page. Plain JavaScript, no library, nothing fetched but from this server.
// Every text from the server is put into the page as text (textContent, value), never as
// markup; figures are SVG data: URIs shown as images.
"use strict";

const boot = JSON.parse(document.getElementById("boot").textContent);
const TEXTS = boot.texts;
const TOKEN = document.querySelector('meta[name="mcimpact-token"]').content;
const $ = (id) => document.querySelector(`[data-testid="${id}"]`);
const CHAIN_CELLS = ["participants", "success_probability", "effect_size", "value", "profile",
  "deadweight", "attribution", "displacement", "drop_off"];
const DISTRIBUTIONS = {
  fixed: ["value"], uniform: ["min", "max"], triangular: ["min", "mode", "max"], pert: ["min", "mode", "max"],
  beta: ["mean", "sd"], truncnormal: ["mean", "sd", "min", "max"], lognormal: ["mean", "sd"],
  poisson: ["mean"], negbinomial: ["mean", "sd"],
};
const LIVE_DEBOUNCE_MS = 150;

let state = null;
let structure = "";
let liveSeq = 0;
let timings = [];
window.mcimpactTimings = timings;

function num(n) {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, boot.numbers.thousands);
}

function t(key, values) {
  let text = TEXTS[key] ?? key;
  for (const [k, v] of Object.entries(values || {})) text = text.split(`{${k}}`).join(String(v));
  return text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "testid") node.dataset.testid = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else if (k === "class") node.className = v;
    else node[k] = v;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, body, raw) {
  const options = { headers: { "X-Mcimpact-Token": TOKEN } };
  if (body !== undefined) {
    options.method = "POST";
    if (raw) { options.body = body; Object.assign(options.headers, raw); }
    else { options.body = JSON.stringify(body); options.headers["Content-Type"] = "application/json"; }
  }
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.json();
}

// -- tabs -------------------------------------------------------------------------------

function show(view) {
  for (const section of document.querySelectorAll("section[data-view]")) {
    section.hidden = section.dataset.view !== view;
  }
  for (const button of document.querySelectorAll(".tabs button")) {
    button.setAttribute("aria-selected", String(button.dataset.tab === view));
  }
  document.body.dataset.view = view;
}

// -- the state of the session ---------------------------------------------------------------

async function refresh() {
  render(await api("/api/state"));
}

function render(next) {
  state = next;
  const sc = state.scenario;
  $("scenario-name").textContent = sc.name + (sc.edited ? ` (${t("app.edited")})` : "");
  $("warming").hidden = !state.warming;
  renderProblems();
  renderAbout();
  const key = `${sc.name}|${sc.origin}|${sc.chains.length}|${sc.initiatives.length}|${sc.financing.length}`;
  if (key !== structure) { structure = key; buildTables(); buildCalculatorChoices(); }
  else updateCells();
  renderRun();
  renderHome();
  renderSliders();
  if (state.calculator) enterCalculator();
}

function renderProblems() {
  const box = $("problems");
  const list = box.querySelector("ul");
  list.replaceChildren();
  document.querySelectorAll("input.bad").forEach((i) => i.classList.remove("bad"));
  if (!state.problems) { box.hidden = true; return; }
  box.hidden = false;
  for (const p of state.problems.items) {
    list.append(el("li", { text: `${TEXTS["term.error"]} ${p.text}` }));
    markCell(p);
  }
  box.querySelector(".count").textContent = state.problems.count;
}

function markCell(problem) {
  if (problem.table === null || problem.index === null) return;
  const rows = state.scenario[problem.table];
  const row = rows && rows[problem.index];
  if (!row) return;
  const field = (problem.field || "").split(".");
  const cell = field[0] === "adjustments" ? field[1] : field[0] === "participants_by_year" ? "participants" : field[0];
  const input = cellInput(problem.table, row.id, cell);
  if (input) input.classList.add("bad");
}

function renderAbout() {
  const sc = state.scenario;
  const about = $("scenario-about");
  about.replaceChildren();
  const rows = [[t("app.about.file"), sc.name], [t("app.about.origin"), t(`app.origin.${sc.origin}`)],
    [t("app.about.title"), sc.title], [t("app.about.description"), sc.description],
    [t("app.about.chains"), sc.chains.length], [t("app.about.initiatives"), sc.initiatives.map((i) => i.name).join(", ")],
    [t("app.about.financing"), sc.financing.map((f) => f.name).join(", ")]];
  for (const [k, v] of rows) about.append(el("dt", { text: k }), el("dd", { text: v }));
}

// -- the editor -----------------------------------------------------------------------------

function cellId(table, id, cell) {
  return table === "chains" ? `input-${id}-${cell}` : `input-${table}-${id}-${cell}`;
}

function cellInput(table, id, cell) {
  return document.querySelector(`[data-testid="${CSS.escape(cellId(table, id, cell))}"]`);
}

function buildTables() {
  const sc = state.scenario;
  const head = (names) => el("thead", {}, el("tr", {}, names.map((n) => el("th", { text: n }))));
  const chainRows = sc.chains.map((row) => el("tr", {},
    el("td", { class: "chain" }, row.id, el("small", { text: row.effect || row.activity })),
    CHAIN_CELLS.map((cell) => el("td", {}, cellBox("chains", row, cell)))));
  $("chains-table").replaceChildren(el("table", { class: "editor" },
    head([t("app.col.chain"), ...CHAIN_CELLS.map((c) => t(`app.col.${c}`))]),
    el("tbody", {}, chainRows)));
  $("initiatives-table").replaceChildren(el("table", { class: "editor" },
    head([t("app.col.initiative"), t("app.col.costs"), t("app.col.optimism_bias")]),
    el("tbody", {}, sc.initiatives.map((row) => el("tr", {}, el("td", { text: row.name }),
      el("td", {}, cellBox("initiatives", row, "costs", true)),
      el("td", {}, cellBox("initiatives", row, "optimism_bias")))))));
  $("financing-table").replaceChildren(el("table", { class: "editor" },
    head([t("app.col.financing"), t("app.col.funding")]),
    el("tbody", {}, sc.financing.map((row) => el("tr", {}, el("td", { text: row.name }),
      el("td", {}, cellBox("financing", row, "funding", true)))))));
  renderProblems();
}

function cellBox(table, row, cell, wide) {
  const input = el("input", {
    type: "text", value: row.cells[cell], testid: cellId(table, row.id, cell),
    class: wide || cell === "profile" ? "wide" : "", title: t(`app.col.${cell}`), spellcheck: false,
  });
  input.dataset.table = table; input.dataset.id = row.id; input.dataset.cell = cell;
  input.dataset.saved = row.cells[cell];
  input.addEventListener("focus", () => openPicker(input));
  input.addEventListener("change", () => commit(input, performance.now()));
  input.addEventListener("input", () => {
    if (!$("live").checked) return;
    const started = performance.now();
    clearTimeout(input._timer);
    input._timer = setTimeout(() => commit(input, started), LIVE_DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") input.blur(); });
  return input;
}

function updateCells() {
  for (const table of ["chains", "initiatives", "financing"]) {
    for (const row of state.scenario[table]) {
      for (const [cell, text] of Object.entries(row.cells)) {
        const input = cellInput(table, row.id, cell);
        if (input && document.activeElement !== input && input.value !== text) input.value = text;
        if (input) input.dataset.saved = text;
      }
    }
  }
}

async function commit(input, started) {
  clearTimeout(input._timer);
  const body = { table: input.dataset.table, id: input.dataset.id, cell: input.dataset.cell, text: input.value };
  if (input.dataset.sent === JSON.stringify(body)) return;
  input.dataset.sent = JSON.stringify(body);
  input.classList.add("changed");
  render(await api("/api/edit", body));
  if ($("live").checked || state.calculator) {
    await live(started, input.dataset.table === "financing" ? input.dataset.id : null);
  }
}

// -- the live what-if -------------------------------------------------------------------------

async function live(started, financing) {
  const seq = ++liveSeq;
  const panel = state.calculator || document.body.dataset.view === "calculator" ? "calc" : "live";
  if (panel === "live") $("live-panel").hidden = false;
  const status = $("live-status");
  if (!state.scenario.valid) { status.textContent = t("app.live.invalid"); return; }
  status.textContent = t("app.live.running");
  let got;
  try { got = await api("/api/live", { draws: state.live_draws, financing: financing || null }); }
  catch (error) { status.textContent = String(error); return; }
  if (seq !== liveSeq || got.state !== "done") return;  // a newer edit is on its way
  await drawLive(got.view, panel);
  const seconds = (performance.now() - started) / 1000;
  timings.push({ seconds, server: got.seconds });
  status.textContent = t("app.live.redrawn", { seconds: seconds.toFixed(2).replace(".", boot.numbers.decimal), draws: num(got.view.draws) });
  status.dataset.seconds = String(seconds);
  document.body.dataset.liveVersion = String(got.version);
}

async function drawLive(view, panel) {
  $(`${panel}-multiplier`).textContent = view.multiplier.text;
  $(`${panel}-multiplier`).dataset.p50 = String(view.multiplier.p50);
  $(`${panel}-headline`).replaceChildren(...view.headline.map((s) => el("p", { text: s })));
  const images = view.figures.map((f) => el("img", { src: f.src, alt: f.title, testid: `${panel}-figure-${f.id}` }));
  await Promise.all(images.map((img) => img.decode().catch(() => null)));
  $(`${panel}-figures`).replaceChildren(...images);
}

// -- the distribution picker ---------------------------------------------------------------

let picking = null;

function parseCell(text) {
  text = text.trim();
  if (text === "") return { kind: "default", fields: {} };
  if (/^-?\d+([.,]\d+)?([eE][-+]?\d+)?$/.test(text)) return { kind: "number", fields: { value: text } };
  if (/^[A-Za-z][A-Za-z0-9_.-]*$/.test(text)) return { kind: "label", fields: { label: text } };
  const m = text.match(/^\{(.*)\}$/);
  if (m) {
    const fields = {};
    for (const part of m[1].split(",")) {
      const kv = part.match(/^\s*([A-Za-z_]+)\s*=\s*"?([^"]*?)"?\s*$/);
      if (!kv) return { kind: "toml", fields: { text } };
      fields[kv[1]] = kv[2];
    }
    if (fields.dist && DISTRIBUTIONS[fields.dist]) return { kind: fields.dist, fields };
    if ("low" in fields && "high" in fields) return { kind: "range", fields };
  }
  return { kind: "toml", fields: { text } };
}

function openPicker(input) {
  if (input.dataset.table !== "chains") { $("picker").hidden = true; picking = null; return; }
  picking = input;
  $("picker").hidden = false;
  $("picker-title").textContent = `${input.dataset.id} · ${t(`app.col.${input.dataset.cell}`)}`;
  const parsed = parseCell(input.value);
  const kinds = ["default", "number", "label", "range", ...Object.keys(DISTRIBUTIONS), "toml"];
  const select = $("picker-kind");
  select.replaceChildren(...kinds.map((k) => el("option", { value: k, text: t(`app.picker.kind.${k}`) ?? k })));
  select.value = parsed.kind;
  buildFields(parsed);
  previewPicker();
}

function buildFields(parsed) {
  const box = $("picker-fields");
  box.replaceChildren();
  const kind = parsed.kind;
  const names = kind === "number" ? ["value"] : kind === "label" ? ["label"]
    : kind === "range" ? ["low", "high", "confidence"] : kind === "toml" ? ["text"]
    : DISTRIBUTIONS[kind] || [];
  for (const name of names) {
    let input;
    if (name === "label") {
      const labels = state.scenario.labels[picking.dataset.cell] || [];
      input = el("select", { testid: `picker-${name}` }, labels.map((l) => el("option", { value: l, text: l })));
      if (parsed.fields.label) input.value = parsed.fields.label;
    } else {
      input = el("input", { type: "text", value: parsed.fields[name] ?? (name === "confidence" ? "0.9" : ""),
        testid: `picker-${name}` });
    }
    input.dataset.name = name;
    input.addEventListener("input", previewPicker);
    input.addEventListener("change", previewPicker);
    box.append(el("label", {}, el("span", { text: `${name} ` }), input));
  }
}

function pickerText() {
  const kind = $("picker-kind").value;
  const values = {};
  for (const input of $("picker-fields").querySelectorAll("[data-name]")) values[input.dataset.name] = input.value.trim();
  const num = (v) => v.replace(",", ".");
  if (kind === "default") return "";
  if (kind === "number") return num(values.value || "");
  if (kind === "label") return values.label || "";
  if (kind === "toml") return values.text || "";
  if (kind === "range") return `{ low = ${num(values.low)}, high = ${num(values.high)}, confidence = ${num(values.confidence || "0.9")} }`;
  const parts = [`dist = "${kind}"`];
  for (const name of DISTRIBUTIONS[kind]) if (values[name]) parts.push(`${name} = ${num(values[name])}`);
  return `{ ${parts.join(", ")} }`;
}

let previewTimer = null;
function previewPicker() {
  const text = pickerText();
  $("picker-text").textContent = text || t("app.picker.kind.default");
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    if (!picking) return;
    const got = await api("/api/preview", { table: picking.dataset.table, id: picking.dataset.id,
      cell: picking.dataset.cell, text });
    if (pickerText() !== text) return;
    const range = $("picker-range");
    if (!got.ok) {
      range.className = "error";
      range.textContent = got.problems.map((p) => (typeof p === "string" ? p : p.text)).join("\n");
      drawShape(null);
      return;
    }
    range.className = "";
    range.textContent = got.text;
    drawShape(got);
  }, 120);
}

function drawShape(got) {
  const canvas = $("picker-shape");
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (!got || !got.quantiles || got.quantiles.length < 2) return;
  const q = got.quantiles, p = got.probabilities;
  const lo = q[0], hi = q[q.length - 1], width = hi - lo || 1;
  const x = (v) => 8 + (canvas.width - 16) * (v - lo) / width;
  const dens = [];
  for (let i = 1; i < q.length; i++) dens.push((p[i] - p[i - 1]) / Math.max(q[i] - q[i - 1], width * 1e-3));
  const top = Math.max(...dens);
  ctx.fillStyle = "#9ecae1"; ctx.strokeStyle = "#0072B2";
  ctx.beginPath(); ctx.moveTo(x(q[0]), canvas.height - 14);
  for (let i = 1; i < q.length; i++) {
    const h = (canvas.height - 22) * dens[i - 1] / top;
    ctx.lineTo(x(q[i - 1]), canvas.height - 14 - h); ctx.lineTo(x(q[i]), canvas.height - 14 - h);
  }
  ctx.lineTo(x(q[q.length - 1]), canvas.height - 14); ctx.closePath(); ctx.fill(); ctx.stroke();
  ctx.fillStyle = "#222";
  for (const v of [got.p5, got.p95]) ctx.fillRect(x(v) - 1, canvas.height - 14, 2, 6);
}

// -- runs ----------------------------------------------------------------------------------

let polling = null;

async function startRun() {
  const draws = parseInt($("draws").value, 10), seed = parseInt($("seed").value, 10);
  $("run-error").hidden = true;
  try { render(await api("/api/run", { draws, seed })); }
  catch (error) { $("run-error").hidden = false; $("run-error").textContent = String(error); return; }
  poll();
}

function poll() {
  clearTimeout(polling);
  polling = setTimeout(async () => {
    render(await api("/api/state"));
    if (state.run && (state.run.state === "running" || state.run.state === "waiting")) poll();
    else if (state.run && state.run.state === "done") await showResults();
  }, 300);
}

function renderRun() {
  if (document.activeElement !== $("draws")) $("draws").value = state.draws;
  if (document.activeElement !== $("seed")) $("seed").value = state.seed;
  $("run").disabled = !state.scenario.valid;
  const run = state.run;
  const going = run && (run.state === "running" || run.state === "waiting");
  $("cancel").hidden = !going;
  $("progress").hidden = !going;
  if (going) {
    const bar = $("progress").querySelector("progress");
    bar.max = run.total || 1; bar.value = run.done;
    $("progress").querySelector("span").textContent = run.done >= run.total && run.total
      ? t("app.run.stage", { stage: t(`app.stage.${run.stage}`) ?? run.stage })
      : t("app.run.progress", { done: num(run.done), total: num(run.total) });
  }
  if (run && run.state === "cancelled") { $("run-error").hidden = false; $("run-error").textContent = t("app.run.cancelled"); }
  if (state.error) { $("run-error").hidden = false; $("run-error").textContent = state.error; }
  $("stale").hidden = !(state.results && !state.results.current);
}

async function showResults() {
  const got = await api("/api/results");
  const view = got.results;
  if (!view) return;
  $("stale").hidden = got.current;
  $("headline").replaceChildren(...view.headline.map((s) => el("p", { text: s })));
  const out = [];
  out.push(el("p", { class: "note", text: t("app.results.about", { draws: num(view.draws), seed: view.seed, reference: view.reference }) }));
  out.push(table(t("app.results.financing"), [t("app.col.financing"), t("app.col.multiplier"), t("app.col.costs_mean"),
    t("app.col.benefits_mean"), t("app.col.break_even"), t("app.col.p_gt_1")], view.financing));
  const grid = el("div", { class: "results-grid" });
  for (const f of view.figures) {
    grid.append(el("figure", { testid: `figure-${f.id}` }, el("img", { src: f.src, alt: f.title })));
  }
  out.push(grid);
  out.push(table(t("app.results.activity", { unit: view.activity.unit }), [t("app.col.activity"), t("app.col.median"), t("app.col.interval")], view.activity.rows));
  for (const tag of view.tags) out.push(table(t("app.results.tag", { group: tag.key, unit: tag.unit }), [tag.key, t("app.col.median"), t("app.col.interval")], tag.rows));
  if (view.ranking.length) {
    out.push(el("h3", { text: t("app.results.ranking") }), el("ol", { testid: "ranking" }, view.ranking.map((a) => el("li", { text: a }))));
  }
  const mf = view.measure_first;
  if (mf) {
    const box = el("section", { testid: "measure-first" }, el("h3", { text: mf.title }),
      mf.sentences.map((s) => el("p", { text: s })),
      el("figure", {}, el("img", { src: mf.figure.png, alt: mf.figure.title }), el("figcaption", { text: mf.figure.reading })),
      mf.tables.map((tb) => table(tb.caption, tb.header, tb.rows, tb.id)));
    out.push(box);
  }
  $("results").replaceChildren(...out);
  renderHome();
}

function table(caption, header, rows, testid) {
  return el("table", { testid }, el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, header.map((h, i) => el("th", { text: h, class: i ? "num" : "" })))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c, i) => el("td", { text: c, class: i ? "num" : "" }))))));
}

// -- take it home ------------------------------------------------------------------------------

function renderHome() {
  const results = Boolean(state.results);
  for (const id of ["download-report", "download-workbook", "download-json"]) $(id).setAttribute("aria-disabled", String(!results));
  $("download-pdf").setAttribute("aria-disabled", String(!results || !state.pdf));
  for (const id of ["download-scenario", "download-scenario-xlsx", "download-calculator"]) $(id).setAttribute("aria-disabled", String(!state.scenario.valid));
  $("home-note").textContent = results ? (state.results.current ? "" : t("app.results.stale")) : t("app.home.run_first");
}

// -- the calculator --------------------------------------------------------------------------

function buildCalculatorChoices() {
  const select = $("calculator-input");
  const options = [];
  for (const row of state.scenario.chains) {
    for (const cell of ["participants", "success_probability", "effect_size", "value",
      "deadweight", "attribution", "displacement", "drop_off"]) {
      const text = row.cells[cell];
      const labels = state.scenario.labels[cell] || [];
      if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) || labels.includes(text)) {
        options.push(el("option", { value: `${row.id}/${cell}`, text: `${row.id} · ${t(`app.col.${cell}`)}` }));
      }
    }
  }
  select.replaceChildren(...options);
}

async function addSlider() {
  const [chain, input] = $("calculator-input").value.split("/");
  const sliders = state.sliders.map((s) => ({ chain: s.chain, input: s.input }));
  if (!sliders.some((s) => s.chain === chain && s.input === input)) sliders.push({ chain, input });
  render(await api("/api/calculator", { title: $("calculator-name").value, sliders }));
}

function renderSliders() {
  const calc = state.calculator;
  const sliders = calc ? calc.sliders : state.sliders;
  const box = $("sliders");
  if (calc) $("calculator-title").textContent = calc.title || state.scenario.name;
  const key = JSON.stringify([sliders, state.scenario.name, state.scenario.origin]);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren();
  if (!sliders.length) { box.append(el("p", { class: "note", text: t("app.calc.none") })); return; }
  for (const s of sliders) {
    const row = state.scenario.chains.find((r) => r.id === s.chain);
    if (!row) continue;
    const current = row.cells[s.input];
    const labels = s.labels || [];
    const range = el("input", { type: "range", min: s.min, max: s.max, step: s.step,
      testid: `slider-${s.chain}-${s.input}` });
    range.value = labels.length ? String(Math.max(0, labels.indexOf(current))) : current;
    const shown = el("output", { text: current });
    const text = () => (labels.length ? labels[Number(range.value)] : range.value);
    range.addEventListener("input", () => {
      shown.textContent = text();
      const started = performance.now();
      clearTimeout(range._timer);
      range._timer = setTimeout(async () => {
        render(await api("/api/edit", { table: "chains", id: s.chain, cell: s.input, text: text() }));
        await live(started);
      }, LIVE_DEBOUNCE_MS);
    });
    box.append(el("div", { class: "slider" }, el("label", { text: `${t(`app.col.${s.input}`)}: ${row.effect || row.id}` }),
      el("small", { text: row.id }), range, shown));
  }
}

function enterCalculator() {
  document.querySelector(".tabs").hidden = true;
  $("calculator-build").hidden = true;
  $("download-calculator").parentElement.hidden = true;
  if (document.body.dataset.view !== "calculator") { show("calculator"); live(performance.now()); }
}

// -- start -----------------------------------------------------------------------------------

function start() {
  for (const button of document.querySelectorAll(".tabs button")) {
    button.addEventListener("click", () => {
      show(button.dataset.tab);
      if (button.dataset.tab === "calculator" && state.sliders.length) live(performance.now());
    });
  }
  const lang = $("language");
  for (const code of boot.languages) lang.append(el("option", { value: code, text: TEXTS[`language.${code}`] }));
  lang.value = document.documentElement.lang;
  lang.addEventListener("change", async () => { await api("/api/lang", { lang: lang.value }); location.reload(); });
  $("load-bundled").addEventListener("click", async () => render(await api("/api/load", { what: "bundled" })));
  $("scenario-upload").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    render(await api("/api/upload", file, { "X-File-Name": encodeURIComponent(file.name) }));
    event.target.value = "";
  });
  $("live").addEventListener("change", () => {
    $("live-panel").hidden = !$("live").checked;
    if ($("live").checked) live(performance.now());
  });
  $("run").addEventListener("click", startRun);
  $("cancel").addEventListener("click", async () => { render(await api("/api/cancel", {})); poll(); });
  $("picker-kind").addEventListener("change", () => { buildFields({ kind: $("picker-kind").value, fields: {} }); previewPicker(); });
  $("picker-apply").addEventListener("click", () => {
    if (!picking) return;
    picking.value = pickerText();
    commit(picking, performance.now());
  });
  $("picker-close").addEventListener("click", () => { $("picker").hidden = true; picking = null; });
  $("calculator-add").addEventListener("click", addSlider);
  show("load");
  refresh().then(async () => {
    document.body.dataset.ready = "true";
    if (state.results) await showResults();
    if (state.run && (state.run.state === "running" || state.run.state === "waiting")) poll();
    const warming = () => { if (state.warming) setTimeout(() => refresh().then(warming), 1000); };
    warming();
  });
}

start();
