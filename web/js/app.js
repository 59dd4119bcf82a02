// fremdrift dashboard core: login, the API client (session cookie + CSRF header), the hash router,
// Danish number/date formatting, pickers and the generic Table renderer shared by every page.
"use strict";
window.F = (function () {
  const state = { me: null, reference: null, measurements: null, pages: {} };
  const nf0 = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 0 });
  const nf1 = new Intl.NumberFormat("da-DK", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
    "september", "oktober", "november", "december"];

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  async function api(path, options = {}) {
    const headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.method && options.method !== "GET" && state.me) headers["X-CSRF-Token"] = state.me.csrf_token;
    const res = await fetch(path, { method: options.method || "GET", headers, credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    if (res.status === 401 && !options.quiet401) { showLogin(); }
    if (!res.ok) {
      const err = new Error(body && body.error ? body.error.message : `HTTP ${res.status}`);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
    return q.toString();
  }
  function measurementUrl(id, params, format) {
    const p = Object.assign({}, params);
    if (format) p.format = format;
    return `/api/v1/measurements/${id}?${query(p)}`;
  }
  const measurement = (id, params) => api(measurementUrl(id, params));

  // Table helpers: rows as objects keyed by column name.
  function rowsOf(table) {
    const cols = table.columns.map((c) => c.name);
    return table.rows.map((r) => Array.isArray(r) ? Object.fromEntries(cols.map((c, i) => [c, r[i]])) : r);
  }

  function fmtNumber(v, decimals) {
    if (v === null || v === undefined || v === "" || Number.isNaN(v)) return "–";
    if (typeof v !== "number") return String(v);
    if (decimals === 0) return nf0.format(v);
    if (decimals === 1 || decimals === undefined || decimals < 0) return Math.abs(v) >= 1000 && decimals !== 1 ? nf0.format(v) : nf1.format(v);
    return new Intl.NumberFormat("da-DK", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(v);
  }
  // A percentage, Danish: "3,6 %" (a space before %, decimal comma); one decimal unless given.
  function fmtPct(v, signed, decimals) {
    if (v === null || v === undefined || !Number.isFinite(v)) return "–";
    const d = decimals === undefined || decimals < 0 ? 1 : decimals;
    const s = (d === 1 ? nf1 : new Intl.NumberFormat("da-DK", { minimumFractionDigits: d, maximumFractionDigits: d })).format(v) + " %";
    return signed && v > 0 ? "+" + s : s;
  }
  // A share in percent, Danish: "3,6 %"; two decimals below 1 % so small groups do not read 0,0 %.
  function shareDecimals(v) { return v !== 0 && Math.abs(v) < 0.995 ? 2 : 1; }
  function fmtShare(v, signed) {
    if (v === null || v === undefined || !Number.isFinite(v)) return "–";
    const d = shareDecimals(v);
    const s = new Intl.NumberFormat("da-DK", { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);
    return (signed && v > 0 ? "+" : "") + s + " %";
  }
  function monthLabel(period) {  // "2019-02" → "februar 2019"
    const m = /^(\d{4})-(\d{2})$/.exec(period || "");
    return m ? `${MONTHS[+m[2] - 1]} ${m[1]}` : (period || "");
  }
  // Any period the API names: "2019-02" → "februar 2019", "2019-Q4" → "4. kvartal 2019",
  // "2019-H1" → "1. halvår 2019", "2019" → "2019", the benchmark's "2023QMAT04" → "12 måneder
  // til og med 4. kvartal 2023".
  function periodLabel(period) {
    const mat = /^(\d{4})QMAT0?(\d)$/.exec(period || "");  // the benchmark's 12 months to a quarter
    if (mat) return `12 måneder til og med ${mat[2]}. kvartal ${mat[1]}`;
    const q = /^(\d{4})-([QH])(\d)$/.exec(period || "");
    if (q) return `${q[3]}. ${q[2] === "Q" ? "kvartal" : "halvår"} ${q[1]}`;
    return monthLabel(period);
  }
  // The register's preliminary months (/api/v1/reference: the latest, and the one before when the
  // register ends mid-month): late registrations still raise them. A period is preliminary when it
  // holds one of them ("2019-02", "2019-Q1", "2019-H1", "2019").
  function isPreliminary(period) {
    const months = ((state.reference || {}).register || {}).foreloebige_maaneder || [];
    const p = String(period || "");
    return months.some((m) => {
      if (p === m || p === m.slice(0, 4)) return true;
      const q = /^(\d{4})-([QH])(\d)$/.exec(p);
      if (!q || q[1] !== m.slice(0, 4)) return false;
      const month = +m.slice(5, 7);
      return q[2] === "Q" ? Math.ceil(month / 3) === +q[3] : Math.ceil(month / 6) === +q[3];
    });
  }
  function shortMonth(period) {
    const m = /^(\d{4})-(\d{2})$/.exec(period || "");
    return m ? `${MONTHS[+m[2] - 1].slice(0, 3)}. ${m[1]}` : period;
  }
  function addMonths(period, n) {
    const [y, m] = period.split("-").map(Number);
    const t = y * 12 + (m - 1) + n;
    return `${Math.floor(t / 12)}-${String(t % 12 + 1).padStart(2, "0")}`;
  }
  function kommuneName(code) {
    const k = (state.reference.kommuner || []).find((x) => String(x.kode) === String(code));
    return k ? k.navn : String(code);
  }
  function kommune(code) {
    return (state.reference.kommuner || []).find((x) => String(x.kode) === String(code));
  }
  function groupName(id) {
    if (id === "offentlig_forsoergelse") return "Offentligt forsørgede i alt";
    const g = (state.reference.grupper || []).find((x) => x.id === id);
    return g ? g.navn : id;
  }

  // Column metadata: the time column is the dimension named `periode` (one vocabulary for every
  // Table, docs/formats/table.md); the other dimensions and the numeric measures by role.
  const timeColumn = (table) => table.columns.find((c) => c.role === "dimension" && c.name === "periode") || null;
  const dimensionColumns = (table) => table.columns.filter((c) => c.role === "dimension" && c.name !== "periode");
  const measureColumns = (table) => table.columns.filter((c) => c.role === "value" && c.type !== "string");

  // Danish words for the ids the Tables and the API carry, from the one label table
  // (/api/v1/labels: data/reference/labels.csv, the benefit groups, the rules' and measurements'
  // titles). label(kind, id): that kind's label, else the id's "kode" label, else a benefit group's
  // name, else the id with spaces for underscores (never a snake_case id on a page).
  function label(kind, v) {
    if (v === null || v === undefined || v === "") return "";
    const L = state.labels || {};
    const id = String(v);
    const hit = (L[kind] || {})[id] || (L.kode || {})[id] || (L.ydelsesgruppe || {})[id];
    if (hit) return hit;
    const g = ((state.reference || {}).grupper || []).find((x) => x.id === id);
    if (g) return g.navn;
    const words = id.replace(/_/g, " ");
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  // Which label kind a column's ids are of; columns not named here hold "kode" ids.
  const CODE_COLUMNS = { ydelsesgruppe: "ydelsesgruppe", status: "status", krav: "krav", regel: "regel",
    afgoerelse: "afgoerelse", aldersgruppe: "aldersgruppe", maal: "kode", dimension: "kode", kategori: "kode",
    afgangsaarsag: "kode", forrige_ydelse: "kode", opgoerelse: "kode", type: "haendelse", art: "forloeb", frist: "frist" };
  function codeLabel(v, kind) { return label(kind || "kode", v); }
  // The data's horizon of a Table: the day of its "horizon" note ("Opgjort til og med YYYY-MM-DD."),
  // or null. dateLabel("2019-12-31") → "31. december 2019".
  function horizonOf(table) {
    const kinds = (table && table.note_kinds) || [];
    for (let i = 0; i < kinds.length; i++) {
      const m = kinds[i] === "horizon" ? /(\d{4}-\d{2}-\d{2})/.exec(table.notes[i]) : null;
      if (m) return m[1];
    }
    return null;
  }
  function dateLabel(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? `${+m[3]}. ${MONTHS[+m[2] - 1]} ${m[1]}` : (iso || "");
  }
  // A line saying up to which day the figures are counted, from a Table's horizon note.
  function horizonLine(table) {
    const h = horizonOf(table);
    return h ? el("p", { class: "muted", "data-horizon": h }, `Opgjort til og med ${dateLabel(h)}: frister og måneder efter denne dag vurderes ikke.`) : null;
  }
  // An area as the Tables name it: a municipality code → its name; RAR, region, "Hele landet" as is.
  function areaLabel(v) {
    return /^\d{3}$/.test(String(v)) && kommune(v) ? `${kommuneName(v)} (${v})` : v;
  }
  // A cell's text: numbers Danish ("1.234", "3,6 %"), periods and codes in words.
  function cellText(c, v) {
    if (c.type === "string") {
      if (v === null || v === undefined) return "–";
      if (c.name === "periode") return periodLabel(v);
      if (/maaned$/.test(c.name) && /^\d{4}-\d{2}$/.test(String(v))) return monthLabel(v);
      if (c.name === "omraade") return areaLabel(v);
      return CODE_COLUMNS[c.name] ? codeLabel(v, CODE_COLUMNS[c.name]) : String(v);
    }
    return c.unit === "pct" ? fmtPct(v, false, c.decimals) : fmtNumber(v, c.type === "integer" ? 0 : c.decimals);
  }

  // The generic Table renderer: column labels, units and decimals come from the Table; every cell
  // keeps the API's value in data-value.
  function renderTable(table, options = {}) {
    const cols = table.columns;
    const thead = el("thead", {}, el("tr", {}, cols.map((c) =>
      el("th", { class: c.type === "string" ? "" : "num", "data-column": c.name }, c.label || c.name))));
    const rows = rowsOf(table).slice(0, options.limit || 5000);
    const preliminaryTable = (table.note_kinds || []).includes("preliminary");
    const tbody = el("tbody", {}, rows.map((r) => el("tr", {}, cols.map((c) => {
      const v = r[c.name];
      const value = v === null || v === undefined ? "" : String(v);
      if (c.type === "string") {
        if (c.name === "status") return el("td", { "data-value": value }, el("span", { class: "pill " + String(v).replace(/\s+/g, "_") }, label("status", v)));
        if (c.name === "person" && options.personLink) {
          return el("td", { "data-value": value }, el("a", { href: `#/borger/${encodeURIComponent(v)}` }, v));
        }
        const short = c.name === "periode" || c.name === "omraade";
        // A register table's preliminary months (its note of kind "preliminary") are marked.
        const mark = c.name === "periode" && preliminaryTable && isPreliminary(v);
        return el("td", { "data-value": value, class: short ? "nowrap" : null, "data-preliminary": mark ? "" : null },
          cellText(c, v) + (mark ? " (foreløbig)" : ""));
      }
      return el("td", { class: "num", "data-value": value }, cellText(c, v));
    }))));
    return el("table", { class: "data", "data-table": options.name || "" }, thead, tbody);
  }

  function downloadButtons(id, params) {
    return el("div", { class: "controls" },
      el("a", { class: "button secondary", href: measurementUrl(id, params, "csv-da"), download: `${id}.csv`, "data-download": "csv" }, "Hent CSV"),
      el("a", { class: "button secondary", href: measurementUrl(id, params, "xlsx"), download: `${id}.xlsx`, "data-download": "xlsx" }, "Hent Excel"));
  }

  // A municipality picker: users bound to one municipality see only theirs.
  function kommunePicker(value, onChange) {
    const allowed = state.reference.kommuner.filter((k) => k.tilladt);
    const sel = el("select", { id: "kommune-picker", onchange: (e) => onChange(e.target.value) },
      allowed.map((k) => el("option", { value: k.kode, selected: String(k.kode) === String(value) }, `${k.navn} (${k.kode})`)));
    if (allowed.length === 1) sel.disabled = true;
    return el("label", {}, "Kommune", sel);
  }
  function defaultKommune() {
    if (state.me.kommune) return String(state.me.kommune);
    const saved = sessionStorage.getItem("kommune");
    return saved || "657";
  }
  function setKommune(k) { sessionStorage.setItem("kommune", k); }

  function page(name, render) { state.pages[name] = render; }

  function showLogin() {
    state.me = null;
    document.getElementById("nav").hidden = true;
    document.getElementById("user").hidden = true;
    document.getElementById("page").hidden = true;
    document.getElementById("login-view").hidden = false;
    document.getElementById("login-user").focus();
    // The ways to sign in this server offers: its identity provider's button, the password form.
    api("/api/v1/auth/methods", { quiet401: true }).then((m) => {
      const oidc = document.getElementById("login-oidc");
      if (m.oidc) { oidc.textContent = `Log ind med ${m.oidc.name}`; oidc.href = m.oidc.url; }
      oidc.hidden = !m.oidc;
      document.getElementById("login-password-fields").hidden = !m.password;
      if (!m.password && m.oidc) oidc.focus();
    }).catch(() => { /* the password form stays */ });
  }

  async function boot() {
    try {
      state.me = await api("/api/v1/me", { quiet401: true });
    } catch (e) {
      showLogin();
      return;
    }
    await afterLogin();
  }

  async function afterLogin() {
    state.reference = await api("/api/v1/reference");
    state.measurements = (await api("/api/v1/measurements")).measurements;
    try { state.labels = await api("/api/v1/labels"); } catch (e) { state.labels = {}; }
    document.getElementById("login-view").hidden = true;
    document.getElementById("nav").hidden = false;
    document.getElementById("user").hidden = false;
    const where = state.me.kommune_navn ? ` · ${state.me.kommune_navn}` : "";
    const who = document.getElementById("user-name");
    who.textContent = `${state.me.display_name} (${state.me.role_label}${where})`;
    who.title = who.textContent;
    for (const a of document.querySelectorAll("nav a[data-right]")) {
      a.hidden = !state.me.rights[a.dataset.right];
    }
    route();
  }

  // WCAG 2.1 AA on what a page drew: a chart is an image named by its card's heading (the figures
  // are in the tables and the headings beside it), the chart library's labelled groups get the
  // role that permits a label, and a table that scrolls sideways is reachable by keyboard and named.
  function makeAccessible(root) {
    const headingOf = (node) => {
      const card = node.closest(".chart-card, .card");
      const h = card && card.querySelector("h3, h2");
      return h ? h.textContent.trim() : "";
    };
    for (const svg of root.querySelectorAll("svg")) {
      if (svg.parentElement.closest("svg")) continue;  // an inner svg of a chart
      if (!svg.getAttribute("aria-label")) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", `Diagram: ${headingOf(svg) || "figurerne i tabellen"}`);
      }
    }
    for (const g of root.querySelectorAll("svg g[aria-label]:not([role])")) g.setAttribute("role", "group");
    for (const box of root.querySelectorAll(".scroll")) {
      if (box.hasAttribute("tabindex")) continue;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", headingOf(box) || "Tabel");
    }
  }

  async function route() {
    if (!state.me) return;
    const hash = location.hash.replace(/^#\/?/, "") || "noegletal";
    const [name, ...rest] = hash.split("/");
    for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.page === name);
    const target = document.getElementById("page");
    // Only the latest navigation marks the page ready (a click during a slow page starts another).
    const seq = (state.routeSeq = (state.routeSeq || 0) + 1);
    target.hidden = false;
    // The page is not ready until this navigation has drawn it (an earlier one that finished
    // just before marked it ready for what it drew).
    target.dataset.ready = "";
    // Each navigation draws into its own view: a slower, earlier one that finishes later draws into
    // a view no longer on the page, never over the newest.
    const view = el("div", { class: "view", "data-view": name });
    view.replaceChildren(el("p", { class: "loading" }, "Henter …"));
    target.replaceChildren(view);
    const render = state.pages[name] || state.pages.noegletal;
    try {
      await render(view, rest.map(decodeURIComponent));
    } catch (e) {
      if (seq !== state.routeSeq) return;
      view.replaceChildren(el("div", { class: "card" }, el("h2", {}, "Siden kunne ikke vises"),
        el("p", { class: "error", "data-error": e.status || "" }, e.message)));
    }
    if (seq !== state.routeSeq) return;
    makeAccessible(target);
    target.dataset.ready = name;
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("login-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const err = document.getElementById("login-error");
      err.hidden = true;
      try {
        state.me = await api("/api/v1/login", { method: "POST", quiet401: true, body: {
          username: document.getElementById("login-user").value.trim(),
          password: document.getElementById("login-password").value } });
        document.getElementById("login-password").value = "";
        await afterLogin();
      } catch (e) {
        err.textContent = e.status === 401 ? "Forkert brugernavn eller adgangskode." : e.message;
        err.hidden = false;
      }
    });
    document.getElementById("logout").addEventListener("click", async () => {
      let out = null;
      try { out = await api("/api/v1/logout", { method: "POST", body: {} }); } catch (e) { /* gone already */ }
      // Signed in through the identity provider: its logout ends the sign-in there too.
      if (out && out.redirect) { location.assign(out.redirect); return; }
      location.hash = "";
      showLogin();
    });
    window.addEventListener("hashchange", route);
    boot();
  });

  return { state, el, api, query, measurement, measurementUrl, rowsOf, fmtNumber, fmtPct, fmtShare, monthLabel,
    periodLabel, isPreliminary, shortMonth, addMonths, kommuneName, kommune, groupName, timeColumn, dimensionColumns,
    measureColumns, codeLabel, label, horizonOf, dateLabel, horizonLine, areaLabel, cellText, renderTable, downloadButtons, kommunePicker,
    defaultKommune, setKommune, page, route };
})();
