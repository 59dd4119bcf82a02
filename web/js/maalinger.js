// Alle målinger: every measurement of the catalogue (/api/v1/measurements) with a form built from
// its declared parameters (names, defaults and help from the listing), the Table rendered
// generically, a chart when the Table has a time column (`periode`) and a numeric measure, and
// CSV/Excel download. A new measurement appears here without new page code.
"use strict";
(function () {
  const { el } = F;
  // Danish labels of the parameters the catalogue shares; any other is shown by its name.
  const PARAM_LABELS = {
    period: "Periodetype", from: "Fra", to: "Til", area: "Områder", kommune: "Kommune",
    group: "Ydelsesgrupper", age: "Alder", del: "Del", as_of: "Opgjort pr.", figure: "Nøgletal", model: "Model",
    overlap_free: "Uden overlap (STAR's prioritet)", afbrydelse: "Forløbsbrud (uger uden ydelse)",
    by: "Fordeling", tolerance: "Tolerance (pct.)",
  };
  const PERIOD_KINDS = [["month", "Måned"], ["quarter", "Kvartal"], ["halfyear", "Halvår"], ["year", "År"]];
  const CHOICE_LABELS = Object.assign(Object.fromEntries(PERIOD_KINDS),
    { kommune: "Kommune", rar: "RAR", region: "Region", land: "Hele landet", koen: "Køn", alder: "Alder",
      herkomst: "Herkomst", visitation: "Visitationskategori" });
  const SOURCES = { register: "Ydelsesregister", cases: "Sagshændelser", official: "jobindsats.dk" };
  const LEVELS = { aggregate: "Aggregeret", staff: "Pr. sagsbehandler", citizen: "Borgerniveau" };
  const MAX_SERIES = 10;
  const TOTALS = ["", "i_alt", "alle", "offentlig_forsoergelse"];

  // The chart of a Table over time: one measure (chosen), the rows narrowed by a value of any
  // dimension; the dimensions left open name the series. Starts with the dimensions of most values
  // fixed to their total (else their first value) until at most MAX_SERIES series remain.
  function chartPanel(table) {
    const time = F.timeColumn(table);
    const measures = F.measureColumns(table);
    const rows = F.rowsOf(table);
    const periods = time ? [...new Set(rows.map((r) => r[time.name]))].sort() : [];
    if (!time || !measures.length || periods.length < 2) return null;
    const dims = F.dimensionColumns(table).filter((c) => c.type === "string");
    // A dimension's values in the order of their Danish words.
    const valuesOf = (d, rs) => [...new Set(rs.map((r) => r[d.name]))]
      .sort((a, b) => String(F.cellText(d, a)).localeCompare(String(F.cellText(d, b)), "da"));
    const choice = { measure: measures[0].name, filters: {} };
    const kept = () => rows.filter((r) => dims.every((d) => !(d.name in choice.filters) || r[d.name] === choice.filters[d.name]));
    const seriesCount = () => new Set(kept().map((r) => dims.map((d) => r[d.name]).join("|"))).size;
    // A dimension is fixed to its total where it has one ("", i_alt, alle, offentlig_forsoergelse).
    for (const d of [...dims].sort((a, b) => valuesOf(b, rows).length - valuesOf(a, rows).length)) {
      if (seriesCount() <= MAX_SERIES) break;
      const values = valuesOf(d, rows);
      choice.filters[d.name] = values.find((v) => TOTALS.includes(v)) ?? values[0];
    }
    const plot = el("div", { id: "measurement-chart" });
    const draw = () => {
      const m = measures.find((c) => c.name === choice.measure);
      const rs = kept();
      // The open dimensions that tell series apart (one that only renames another is left out).
      const open = [];
      const named = (x) => (x.name === "omraade" ? 0 : 1);  // areas by name before codes
      for (const d of dims.filter((x) => !(x.name in choice.filters) && valuesOf(x, rs).length > 1).sort((a, b) => named(a) - named(b))) {
        const combos = (ds) => new Set(rs.map((r) => ds.map((x) => r[x.name]).join("|"))).size;
        if (!open.length || combos([...open, d]) > combos(open)) open.push(d);
      }
      const seriesOf = (r) => open.map((d) => F.cellText(d, r[d.name])).join(" · ") || m.label || m.name;
      const names = [...new Set(rs.map(seriesOf))];
      if (names.length > MAX_SERIES) {
        plot.replaceChildren(el("p", { class: "muted", "data-series": String(names.length) },
          `Figuren vises for højst ${MAX_SERIES} serier (her ${names.length}); vælg en værdi ovenfor.`));
        return;
      }
      const data = rs.map((r) => ({ period: r[time.name], value: r[m.name], series: seriesOf(r) }));
      // A count the Table leaves out (it has no row for an empty cell) is drawn as 0.
      let filled = 0;
      if (m.type === "integer") {
        const have = new Set(data.map((d) => `${d.series}|${d.period}`));
        for (const p of periods) for (const n of names) if (!have.has(`${n}|${p}`)) { data.push({ period: p, value: 0, series: n }); filled++; }
        data.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
      }
      plot.replaceChildren(F.charts.legend(names.map((n, i) => [n, d3.schemeTableau10[i % 10]])),
        F.charts.line(data, { series: names, width: 900, height: 300, percent: m.unit === "pct", zero: m.type === "integer", yLabel: m.unit && m.unit !== "pct" ? m.unit : null }),
        ...(filled ? [el("p", { class: "muted" }, "Perioder uden en række i tabellen vises som 0.")] : []));
      plot.dataset.series = String(names.length);
    };
    // A select over [value, text] pairs; option values are indices, so any value (also "") works.
    const select = (label, name, options, value, onChange) => {
      const s = el("select", { name, onchange: (e) => { onChange(options[+e.target.value][0]); draw(); } },
        options.map(([v, text], i) => el("option", { value: String(i), selected: v === value }, text)));
      return el("label", {}, label, s);
    };
    const controls = el("div", { class: "controls", id: "chart-controls" },
      measures.length > 1 ? select("Figur", "measure", measures.map((c) => [c.name, c.label || c.name]), choice.measure, (v) => { choice.measure = v; }) : null,
      dims.filter((d) => valuesOf(d, rows).length > 1).map((d) =>
        select(d.label || d.name, `filter-${d.name}`, [[null, "Alle"], ...valuesOf(d, rows).map((v) => [v, F.cellText(d, v) || "(uden kategori)"])],
          d.name in choice.filters ? choice.filters[d.name] : null,
          (v) => { if (v === null) delete choice.filters[d.name]; else choice.filters[d.name] = v; })));
    draw();
    return el("div", { class: "card" }, el("h2", {}, "Udvikling over tid"), controls, plot);
  }

  // One parameter's input, by the type the listing gives (text when it gives none): a select for
  // a choice, checkboxes for a short list of choices, a checkbox for a flag, else a text field with
  // the default as placeholder. Returns the label (with the input) and a reader of its value.
  function paramInput(p, params) {
    const label = PARAM_LABELS[p.name] || p.name;
    const help = (p.help || "") + (p.default ? ` (standard: ${p.default})` : "");
    const value = params[p.name] || "";
    const wrap = (child, tag = "label") => el(tag, { class: "field", "data-param": p.name, title: help }, p.required ? `${label} *` : label, child);
    const choices = p.choices || [];
    if (p.type === "choice" || (p.name === "period" && !choices.length)) {
      const options = choices.length ? choices : PERIOD_KINDS.map(([v]) => v);
      const std = p.default ? ` (${(CHOICE_LABELS[p.default] || p.default).toLowerCase()})` : "";
      const sel = el("select", { name: p.name }, el("option", { value: "" }, `Standard${std}`),
        options.map((v) => el("option", { value: v, selected: value === v }, CHOICE_LABELS[v] || v)));
      return [wrap(sel), () => sel.value];
    }
    if (p.type === "flag") {
      const box = el("input", { type: "checkbox", name: p.name, checked: /^(true|1|ja)$/.test(value) });
      return [wrap(box), () => (box.checked ? "true" : "")];
    }
    if (p.type === "list" && choices.length && choices.length <= 6) {
      const chosen = new Set((value || p.default || "").split(",").filter(Boolean));
      const boxes = choices.map((v) => el("input", { type: "checkbox", name: p.name, value: v, checked: chosen.has(v) }));
      return [wrap(el("span", { class: "choices" }, choices.map((v, i) => el("label", {}, boxes[i], CHOICE_LABELS[v] || v))), "div"),
        () => { const v = boxes.filter((b) => b.checked).map((b) => b.value).join(","); return v === p.default ? "" : v; }];
    }
    const input = el("input", { name: p.name, value, placeholder: p.default || "", required: p.required });
    if (p.name === "kommune" && F.state.me.kommune) input.readOnly = true;
    return [wrap(input), () => input.value.trim()];
  }

  F.renderMeasurementPage = async function (target, id, values) {
    const m = F.state.measurements.find((x) => x.id === id);
    if (!m) throw Object.assign(new Error(`Ukendt måling: ${id}`), { status: 404 });
    const st = (F.state.generic = F.state.generic || {});
    const params = values || st[id] || (st[id] = {});
    if (!params.kommune && m.params.some((p) => p.name === "kommune") && !st[`${id}:kommune-cleared`]) {
      params.kommune = F.defaultKommune();
    }
    const readers = {};
    const form = el("form", { class: "controls", id: "measurement-form" }, m.params.map((p) => {
      const [label, read] = paramInput(p, params);
      readers[p.name] = read;
      return label;
    }), el("button", { class: "primary", type: "submit" }, "Vis"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      for (const [k, read] of Object.entries(readers)) params[k] = read();
      st[`${id}:kommune-cleared`] = "kommune" in readers && !params.kommune;
      F.route();
    });
    const source = SOURCES[m.source] || m.source;
    const head = el("div", { class: "page-head" },
      el("div", {}, el("h1", {}, m.title),
        el("p", { class: "muted" }, `${m.beskrivelse || m.description} · kilde: ${source.toLowerCase()}${m.level === "citizen" ? " · borgerniveau (opslag logges)" : ""}`)),
      F.downloadButtons(id, params));
    let body;
    const needed = m.params.filter((p) => p.required && !params[p.name]);
    try {
      if (needed.length) {
        throw Object.assign(new Error(`Udfyld ${needed.map((p) => PARAM_LABELS[p.name] || p.name).join(" og ")} (påkrævet, markeret med *) og vælg Vis.`), { status: "required" });
      }
      const table = await F.measurement(id, params);
      const shown = Math.min(table.rows.length, 5000);
      body = [chartPanel(table),
        el("div", { class: "card", id: "measurement-result", "data-query": F.query(params) },
          el("h2", {}, "Tabel"),
          el("p", { class: "muted", "data-rows": String(table.rows.length) }, table.rows.length === 0
            ? "Ingen rækker for de valgte parametre."
            : shown < table.rows.length ? `Viser de første ${F.fmtNumber(shown, 0)} af ${F.fmtNumber(table.rows.length, 0)} rækker; hent hele tabellen som CSV eller Excel.`
              : `${F.fmtNumber(table.rows.length, 0)} rækker`),
          el("div", { class: "scroll" }, F.renderTable(table, { name: id, personLink: true })),
          // Notes of kind preliminary, partial_coverage or substitution stand out (table.md).
          (table.notes || []).map((n, i) => {
            const kind = (table.note_kinds || [])[i] || "info";
            return el("p", { class: kind === "info" || kind === "rule" ? "muted note" : "notice note", "data-note-kind": kind }, n);
          }))];
    } catch (e) {
      body = [el("div", { class: "card" }, el("p", { class: e.status === "required" ? "notice" : "error", "data-error": e.status }, e.message))];
    }
    target.replaceChildren(head, el("div", { class: "card" }, form), ...body.filter(Boolean));
  };

  F.page("maalinger", async function (target, rest) {
    if (rest[0]) return F.renderMeasurementPage(target, rest[0]);
    const list = F.state.measurements;
    const status = (m) => (!m.available ? "Ikke tilgængelig på serveren" : m.allowed ? "Tilgængelig" : "Ingen adgang");
    target.replaceChildren(el("h1", {}, "Alle målinger"),
      el("p", { class: "muted" }, "Hver måling kan vises som tabel og figur og hentes som CSV og Excel med samme parametre som kommandolinjen (fremdrift measure)."),
      el("div", { class: "card" }, el("table", { class: "data", "data-table": "measurements" },
        el("thead", {}, el("tr", {}, el("th", {}, "Måling"), el("th", {}, "Beskrivelse"), el("th", {}, "Id"),
          el("th", {}, "Kilde"), el("th", {}, "Niveau"), el("th", {}, "Status"))),
        el("tbody", {}, list.map((m) => el("tr", { "data-measurement": m.id },
          el("td", {}, m.available && m.allowed ? el("a", { href: `#/maalinger/${m.id}` }, m.title) : m.title),
          el("td", {}, m.beskrivelse || m.description),
          el("td", {}, el("code", {}, m.id)),
          el("td", {}, SOURCES[m.source] || m.source),
          el("td", {}, LEVELS[m.level] || m.level),
          el("td", {}, status(m))))))));
  });
})();
