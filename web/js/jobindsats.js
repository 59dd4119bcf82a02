// The official figures imported from jobindsats.dk beside fremdrift's own. "Afstemning med
// jobindsats": for one municipality, fremdrift's figure and jobindsats' per month, benefit group
// and measure, the rows beyond the tolerance first, the two series of full-time persons drawn
// together, and the known causes of difference in words. "Benchmark": STAR's ranking of actual
// against expected full-time persons on public benefits (jobindsats Y30R21): the municipality's
// rank in a sentence, its difference beside the municipalities just above and below and the
// country's top 10 in a bar chart, and the table.
"use strict";
(function () {
  const { el } = F;

  // The notes of a Table as paragraphs: missing data and simulated figures as notices.
  function notes(table, filter) {
    return (table.notes || []).map((n, i) => [n, (table.note_kinds || [])[i] || "info"])
      .filter(([n, k]) => !filter || filter(n, k))
      .map(([n, k]) => el("p", { class: k === "missing_data" || /simulerede/.test(n) ? "notice note" : "muted note", "data-note-kind": k }, n));
  }
  const isSimulated = (n) => /simulerede/.test(n);
  const isCauses = (n) => /^Kendte årsager/.test(n);

  function unavailable(target, id, title) {
    const m = (F.state.measurements || []).find((x) => x.id === id && x.available);
    if (m) return false;
    target.replaceChildren(el("div", { class: "card" }, el("h1", {}, title),
      el("p", { class: "notice", "data-missing": id }, `Målingen "${id}" er ikke tilgængelig på denne server (den kræver sagsdatabasen med de importerede tal fra jobindsats, --db).`)));
    return true;
  }

  F.page("afstemning", async function (target) {
    if (unavailable(target, "afstemning", "Afstemning med jobindsats")) return;
    const st = F.state.afstemning || (F.state.afstemning = { kommune: F.defaultKommune(), group: "" });
    const name = F.kommuneName(st.kommune);
    const table = await F.measurement("afstemning", { kommune: st.kommune });
    const rows = F.rowsOf(table);
    const groups = [...new Set(rows.map((r) => r.ydelsesgruppe))];
    const group = groups.includes(st.group) ? st.group : (groups.includes("offentlig_forsoergelse") ? "offentlig_forsoergelse" : groups[0]);
    const head = el("div", { class: "page-head" },
      el("div", {}, el("h1", {}, `Afstemning med jobindsats – ${name} Kommune`),
        el("p", { class: "muted" }, "fremdrifts egne tal ved siden af jobindsats' officielle tal for samme måned, ydelse og mål. En forskel større end tolerancen (2 % af jobindsats' tal) er markeret.")),
      el("div", { class: "controls" },
        F.kommunePicker(st.kommune, (v) => { st.kommune = v; F.setKommune(v); F.route(); }),
        groups.length ? el("label", {}, "Ydelse", el("select", { id: "afstemning-gruppe", onchange: (e) => { st.group = e.target.value; F.route(); } },
          groups.map((g) => el("option", { value: g, selected: g === group }, F.groupName(g))))) : null,
        F.downloadButtons("afstemning", { kommune: st.kommune })));
    if (!rows.length) {
      target.replaceChildren(head, el("div", { class: "card", "data-empty": "afstemning" },
        el("h2", {}, "Ingen tal fra jobindsats"),
        notes(table, (n) => !isCauses(n)),
        el("p", { class: "muted" }, "En administrator henter tallene med kommandoen fremdrift import jobindsats (fra gemte svar eller direkte fra jobindsats.dk med organisationens nøgle).")));
      return;
    }
    const flagged = rows.filter((r) => r.afviger === "ja");
    const mine = rows.filter((r) => r.ydelsesgruppe === group);
    const ftp = mine.filter((r) => r.maal === "fuldtidspersoner");
    const chart = F.charts.line(
      ftp.map((r) => ({ period: r.periode, value: r.fremdrift_vaerdi, series: "fremdrift" }))
        .concat(ftp.map((r) => ({ period: r.periode, value: r.jobindsats_vaerdi, series: "Jobindsats" }))),
      { series: ["fremdrift", "Jobindsats"], colors: [F.charts.COLORS.kommune, F.charts.COLORS.rar], width: 900, height: 240 });
    const cols = (names) => ({ columns: names.map((n) => table.columns.find((c) => c.name === n)).filter(Boolean) });
    const shownCols = ["periode", "ydelsesgruppe", "maal", "fremdrift_vaerdi", "jobindsats_vaerdi", "forskel", "relativ_forskel", "afviger"];
    const latestFlag = flagged.slice().sort((a, b) => (a.periode < b.periode ? 1 : a.periode > b.periode ? -1 : 0));
    target.replaceChildren(head,
      el("div", { class: "card", "data-summary": "afstemning" }, el("h2", {}, "Samlet"),
        notes(table, (n) => !isCauses(n))),
      el("div", { class: "card" }, el("h2", {}, `Fuldtidspersoner, ${F.groupName(group).toLowerCase()}: fremdrift og jobindsats`),
        F.charts.legend([["fremdrift", F.charts.COLORS.kommune], ["Jobindsats", F.charts.COLORS.rar]]),
        el("div", { id: "chart-afstemning" }, chart)),
      el("div", { class: "card" }, el("h2", {}, `Uden for tolerancen (${F.fmtNumber(flagged.length, 0)} af ${F.fmtNumber(rows.length, 0)})`),
        flagged.length ? el("div", { class: "scroll" }, F.renderTable(Object.assign(cols(shownCols), { rows: latestFlag }), { name: "afvigelser" }))
          : el("p", { class: "muted", "data-table": "afvigelser" }, "Alle tal ligger inden for tolerancen.")),
      el("div", { class: "card" }, el("h2", {}, `Alle tal: ${F.groupName(group)}`),
        el("div", { class: "scroll" }, F.renderTable(Object.assign(cols(shownCols.concat(["tabel", "offentliggjort"])), { rows: mine }), { name: "afstemning" }))),
      el("div", { class: "card" }, el("h2", {}, "Hvorfor tallene kan afvige"), notes(table, (n) => isCauses(n)),
        el("p", { class: "muted" }, "En forskel på op til et par procent er normal. Større forskelle i den seneste måned retter sig som regel ved næste opdatering; varige store forskelle bør undersøges (kodeliste, befolkningsfil, udtræk).")));
  });

  // The bar chart of the benchmark: each municipality's difference from its expected share
  // (percentage points; above 0 = fewer on public benefits than expected), by rank.
  function benchmarkChart(rows, own) {
    const seen = new Set();
    const data = rows.filter((r) => r.kommune && r.forskel_andel !== null && !seen.has(r.kommune) && seen.add(r.kommune))
      .sort((a, b) => a.placering - b.placering)
      .map((r) => ({ name: `${r.placering}. ${r.omraade}`, value: r.forskel_andel, own: r.kommune === own }));
    if (!data.length) return el("p", { class: "muted" }, "Ingen tal.");
    const fmt = (v) => `${v > 0 ? "+" : ""}${F.fmtNumber(v, 1)}`;
    const chart = Plot.plot({
      width: 900, height: 40 + 28 * data.length, marginLeft: 180, marginRight: 60,
      style: { fontFamily: "inherit", fontSize: "12px", background: "transparent" },
      x: { label: "Forskel mellem forventet og faktisk andel (procentpoint)", grid: true, tickFormat: (v) => F.fmtNumber(v, 1) },
      y: { domain: data.map((d) => d.name), label: null },
      marks: [
        Plot.barX(data, { x: "value", y: "name", fill: (d) => (d.own ? F.charts.COLORS.kommune : "#9aa7b8") }),
        Plot.ruleX([0], { stroke: "#333" }),
        Plot.text(data, { x: "value", y: "name", text: (d) => fmt(d.value), dx: 6, textAnchor: "start", fill: "#222" }),
      ],
    });
    return el("div", { class: "chart", "data-bars": String(data.length) }, chart);
  }

  const BENCH_GROUPS = [["alle", "Alle ydelser"], ["a_dagpenge", "A-dagpenge mv."], ["sygedagpenge", "Sygedagpenge mv."], ["kontanthjaelp", "Kontanthjælp mv."]];

  F.page("benchmark", async function (target) {
    if (unavailable(target, "benchmark", "Benchmark")) return;
    const st = F.state.benchmark || (F.state.benchmark = { kommune: F.defaultKommune(), group: "alle" });
    const name = F.kommuneName(st.kommune);
    const table = await F.measurement("benchmark", { kommune: st.kommune, group: st.group });
    const rows = F.rowsOf(table);
    const own = rows.find((r) => r.rolle === "kommune");
    const head = el("div", { class: "page-head" },
      el("div", {}, el("h1", {}, `Benchmark – ${name} Kommune`),
        el("p", { class: "muted" }, "STAR's benchmark sammenligner kommunens faktiske antal fuldtidspersoner på offentlig forsørgelse med det antal, der kunne forventes ud fra kommunens rammevilkår (jobindsats' tabel Y30R21). En positiv forskel betyder færre på offentlig forsørgelse end forventet; placering 1 er bedst.")),
      el("div", { class: "controls" },
        F.kommunePicker(st.kommune, (v) => { st.kommune = v; F.setKommune(v); F.route(); }),
        el("label", {}, "Ydelser", el("select", { id: "benchmark-gruppe", onchange: (e) => { st.group = e.target.value; F.route(); } },
          BENCH_GROUPS.map(([g, l]) => el("option", { value: g, selected: g === st.group }, l)))),
        F.downloadButtons("benchmark", { kommune: st.kommune, group: st.group })));
    if (!own) {
      target.replaceChildren(head, el("div", { class: "card", "data-empty": "benchmark" },
        el("h2", {}, "Ingen placering"), notes(table),
        el("p", { class: "muted" }, "En administrator henter benchmarken med fremdrift import jobindsats --table Y30R21.")));
      return;
    }
    const sentence = (table.notes || [])[0] || "";
    target.replaceChildren(head,
      el("div", { class: "card", "data-summary": "benchmark" }, el("h2", {}, `Placering ${own.placering} – ${F.periodLabel(own.periode)}`),
        el("p", { class: "lead", "data-rank": String(own.placering) }, sentence),
        notes(table, (n) => n !== sentence)),
      el("div", { class: "card" }, el("h2", {}, "Forskel fra det forventede: kommunen, naboerne på ranglisten og top 10"),
        el("div", { id: "chart-benchmark" }, benchmarkChart(rows, own.kommune))),
      el("div", { class: "card" }, el("h2", {}, "Tabel"),
        el("div", { class: "scroll" }, F.renderTable({ columns: table.columns.filter((c) => c.name !== "periode" && c.name !== "ydelsesgruppe"),
          rows: rows.map((r) => Object.assign({}, r, { rolle: ROLES[r.rolle] || r.rolle })) }, { name: "benchmark" }))));
  });
  const ROLES = { kommune: "Kommunen", over: "Lige over", under: "Lige under", top10: "Top 10", top10_gennemsnit: "Top 10, gennemsnit" };
})();
