// Nøgletal: for a municipality, each benefit group as a chart over time of its share of the labour
// force (the `andel` measurement's andel_arbejdsstyrke, 16-66) in the municipality, its RAR area
// and the whole country; a table of the latest month with the change from a year earlier and the
// committee's sentence (the `sammenligning` measurement). Period and municipality pickers;
// CSV/Excel download. Areas without a denominator in the population file are named on the page.
// Beside the shares, the long sygedagpenge forløb and the ressourceforløb of the latest quarter
// (noegletal_forloeb.js). A breakdown picker (Fordeling: køn, alder, herkomst, visitationskategori)
// adds the municipality's figures per category of the latest month, with their sum, and a chart
// of the full-time persons on offentlig forsørgelse per category (the `by` parameter).
"use strict";
F.page("noegletal", async function (target) {
  const { el } = F;
  const ref = F.state.reference;
  const last = (ref.register && ref.register.sidste_maaned) || "2019-12";
  const first = (ref.register && ref.register.foerste_maaned) || "2018-01";
  const st = F.state.noegletal || (F.state.noegletal = {
    kommune: F.defaultKommune(), to: last,
    from: F.addMonths(last, -11) < first ? first : F.addMonths(last, -11) });
  if (!st.view) st.view = "andel";
  if (st.other === undefined) st.other = "";
  if (st.by === undefined) st.by = "";
  const k = F.kommune(st.kommune);
  const rarName = k ? k.rar : "RAR";
  const kommuneLabel = `${F.kommuneName(st.kommune)} Kommune`;
  const AREAS = ["kommune", "rar", "land"];
  const areaName = { kommune: kommuneLabel, rar: rarName, land: "Hele landet" };
  const shownParams = { from: st.from, to: st.to, area: "kommune,rar,land", kommune: st.kommune };

  const fromInput = el("input", { type: "month", id: "from-picker", value: st.from, min: first, max: last });
  const toInput = el("input", { type: "month", id: "to-picker", value: st.to, min: first, max: last });
  const apply = () => {
    if (fromInput.value && toInput.value && fromInput.value <= toInput.value) {
      st.from = fromInput.value; st.to = toInput.value; F.route();
    }
  };
  fromInput.addEventListener("change", apply);
  toInput.addEventListener("change", apply);
  // Comparisons: another municipality (for users who may read other municipalities' figures), and
  // the view: shares, an index (first month shown = 100), or the same months of earlier years.
  const comparable = ref.kommuner.filter((x) => x.tilladt && String(x.kode) !== String(st.kommune));
  if (st.other && !comparable.some((x) => String(x.kode) === String(st.other))) st.other = "";
  const otherPicker = comparable.length ? el("label", {}, "Sammenlign med",
    el("select", { id: "compare-picker", onchange: (e) => { st.other = e.target.value; F.route(); } },
      el("option", { value: "", selected: !st.other }, "ingen anden kommune"),
      comparable.map((x) => el("option", { value: x.kode, selected: String(x.kode) === String(st.other) }, `${x.navn} (${x.kode})`)))) : null;
  const VIEWS = [["andel", "Andel af arbejdsstyrken"], ["indeks", "Indeks (første måned = 100)"], ["aar", "Samme måneder år for år"]];
  const BREAKDOWNS = [["", "Ingen"], ["koen", "Køn"], ["alder", "Alder"], ["herkomst", "Herkomst"], ["visitation", "Visitationskategori"]];
  if (!BREAKDOWNS.some(([v]) => v === st.by)) st.by = "";
  const byPicker = el("label", {}, "Fordeling",
    el("select", { id: "by-picker", onchange: (e) => { st.by = e.target.value; F.route(); } },
      BREAKDOWNS.map(([v, t]) => el("option", { value: v, selected: st.by === v }, t))));
  const viewPicker = el("label", {}, "Visning",
    el("select", { id: "view-picker", onchange: (e) => { st.view = e.target.value; F.route(); } },
      VIEWS.map(([v, t]) => el("option", { value: v, selected: st.view === v }, t))));
  // Shares need the population file; without one the server cannot compute any (the downloads
  // then give the full-time persons).
  const andelInfo = (F.state.measurements || []).find((m) => m.id === "andel");
  const sharesAvailable = !andelInfo || andelInfo.available;
  const head = el("div", { class: "page-head" },
    el("div", {}, el("h1", {}, `Nøgletal – ${kommuneLabel}`),
      el("p", { class: "muted" }, `Fuldtidspersoner pr. ydelsesgruppe i procent af arbejdsstyrken, 16-66 år, ${F.monthLabel(st.from)} – ${F.monthLabel(st.to)}, for kommunen, ${rarName} og hele landet.`)),
    el("div", { class: "controls" },
      F.kommunePicker(st.kommune, (v) => { st.kommune = v; F.setKommune(v); F.route(); }),
      el("label", {}, "Fra", fromInput), el("label", {}, "Til", toInput), otherPicker, viewPicker, byPicker,
      F.downloadButtons(sharesAvailable ? "andel" : "fuldtidspersoner", shownParams)));

  // The forløb sections are fetched while the shares are.
  const yearBefore = F.addMonths(st.to, -12);
  const areaKey = (a) => (a === String(st.kommune) ? "kommune" : a === "Hele landet" ? "land" : "rar");
  const forloeb = F.noegletalForloeb({ kommune: st.kommune, from: st.from, to: st.to, yearBefore, first,
    areaKey, areaName, kommuneLabel });
  const forloebCards = async () => el("div", { class: "grid2" }, await forloeb);

  if (!sharesAvailable) {
    target.replaceChildren(head, el("div", { class: "notice", "data-notice": "no-population" },
      "Andele af arbejdsstyrken kan ikke vises: serveren har ingen befolkningsfil med befolkning og arbejdsstyrke ",
      "(fremdrift ingest --population eller fremdrift serve --population). Antal fuldtidspersoner kan hentes som CSV og Excel ovenfor og ses under ",
      el("a", { href: "#/maalinger" }, "Alle målinger"), "."), await forloebCards());
    return;
  }

  // Fetch a year more than shown, for the change from a year earlier.
  let fetchFrom = yearBefore < st.from ? yearBefore : st.from;
  if (fetchFrom < first) fetchFrom = first;
  const table = await F.measurement("andel", Object.assign({}, shownParams, { from: fetchFrom }));
  const rows = F.rowsOf(table);
  const byKey = new Map(rows.map((r) => [`${r.ydelsesgruppe}|${areaKey(r.omraade)}|${r.periode}`, r]));
  // The labour force of an area and month, from any of its rows (null: no denominator).
  const labour = new Map();
  for (const r of rows) {
    const key = `${areaKey(r.omraade)}|${r.periode}`;
    if (!labour.has(key) || labour.get(key) === null) labour.set(key, r.arbejdsstyrke > 0 ? r.arbejdsstyrke : null);
  }
  const hasDenominator = (area, period) => !!labour.get(`${area}|${period}`);
  // A group's share; a group without anyone in an area with a labour force is 0 %.
  const share = (g, area, period) => {
    const r = byKey.get(`${g}|${area}|${period}`);
    if (r && r.andel_arbejdsstyrke !== null && r.andel_arbejdsstyrke !== undefined) return r.andel_arbejdsstyrke;
    // A row whose share is null is hidden (fewer than 5 persons, for roles without citizen
    // access): no figure, not 0. No row at all means no one on the benefit: 0.
    if (r && r.andel_arbejdsstyrke === null && r.fuldtidspersoner === null) return null;
    return hasDenominator(area, period) ? 0 : null;
  };
  const ftp = (g, area, period) => { const r = byKey.get(`${g}|${area}|${period}`); return r ? r.fuldtidspersoner : 0; };
  const groups = [...new Set(rows.map((r) => r.ydelsesgruppe))];
  const sortOf = (g) => g === "offentlig_forsoergelse" ? -1 : ((ref.grupper.find((x) => x.id === g) || {}).sortering || 99);
  groups.sort((a, b) => sortOf(a) - sortOf(b));
  const shown = [];
  for (let p = st.from; p <= st.to; p = F.addMonths(p, 1)) shown.push(p);

  // Areas without denominators (in all or some shown months), and areas without register rows.
  const notices = [];
  const missing = AREAS.filter((a) => shown.some((p) => rows.some((r) => areaKey(r.omraade) === a && r.periode === p) && !hasDenominator(a, p)));
  if (missing.length) {
    const names = missing.map((a) => areaName[a]);
    notices.push(el("div", { class: "notice", "data-notice": "no-denominator", "data-areas": missing.join(",") },
      `Befolkningsfilen har ingen arbejdsstyrke for ${names.join(" og ")}${missing.every((a) => shown.every((p) => !hasDenominator(a, p))) ? "" : " i nogle af månederne"}. `,
      "Andelene kan ikke beregnes, så kurverne mangler der, hvor tallene mangler. Antal fuldtidspersoner kan hentes under ",
      el("a", { href: "#/maalinger" }, "Alle målinger"), "."));
  }
  if (!rows.some((r) => areaKey(r.omraade) === "kommune")) {
    notices.push(el("div", { class: "notice", "data-notice": "no-register-rows" },
      `Registret har ingen personer på offentlig forsørgelse eller andre ydelser fra ${kommuneLabel} i perioden.`));
  }

  // The committee's sentences for the latest month (only where the municipality has a denominator).
  let comparison = [];
  let comparisonError = null;
  if (hasDenominator("kommune", st.to)) {
    try {
      comparison = F.rowsOf(await F.measurement("sammenligning", { from: st.to, to: st.to, kommune: st.kommune }));
    } catch (e) {
      comparisonError = e.message;
    }
  }
  const figureOf = new Map(comparison.map((r) => [r.noegletal, r]));

  // The latest month's table.
  const cls = (v) => (v === null ? "num" : v > 0 ? "num up" : v < 0 ? "num down" : "num");
  const valueCell = (v, fmt) => el("td", { class: "num", "data-value": v === null ? "" : String(v) }, fmt(v));
  const trs = groups.map((g) => {
    const now = share(g, "kommune", st.to), before = share(g, "kommune", yearBefore);
    const ch = now === null || before === null ? null : now - before;
    const fig = figureOf.get(g);
    let sentence;
    if (fig && (fig.tekst || fig.tal_tekst)) {
      sentence = el("td", { class: "sentence", "data-source": "sammenligning" }, fig.tekst || fig.tal_tekst,
        fig.tekst && fig.tal_tekst ? el("div", { class: "muted" }, fig.tal_tekst) : null);
    } else {
      const dir = ch === null ? "" : ch < 0 ? "faldet" : ch > 0 ? "steget" : "uændret";
      sentence = el("td", { class: "sentence" }, now === null ? "Ingen andel: kommunen har ingen arbejdsstyrke i befolkningsfilen." :
        ch === null ? "Ingen sammenligning med året før." :
        `Andelen er ${dir}${ch === 0 ? "" : " med " + F.fmtShare(Math.abs(ch)).replace(" %", " procentpoint")} fra ${F.monthLabel(yearBefore)} til ${F.monthLabel(st.to)}.`);
    }
    return el("tr", { "data-group": g },
      el("td", {}, F.groupName(g)),
      el("td", { class: "num", "data-value": String(ftp(g, "kommune", st.to)) }, F.fmtNumber(ftp(g, "kommune", st.to), 0)),
      valueCell(now, F.fmtShare), valueCell(before, F.fmtShare),
      el("td", { class: cls(ch), "data-value": ch === null ? "" : String(ch) }, ch === null ? "–" : F.fmtShare(ch, true).replace(" %", "")),
      valueCell(share(g, "rar", st.to), F.fmtShare), valueCell(share(g, "land", st.to), F.fmtShare),
      sentence);
  });
  // Key figures of the committee paper that are not one benefit group (ledighedsprocent, ...).
  const others = comparison.filter((r) => !groups.includes(r.noegletal) && (r.tekst || r.tal_tekst));
  const latest = el("div", { class: "card" },
    el("h2", {}, `Seneste måned: ${F.monthLabel(st.to)}`,
      F.isPreliminary(st.to) ? el("span", { class: "pill aaben foreloebig", "data-preliminary": st.to }, "foreløbig") : null),
    F.isPreliminary(st.to) ? el("p", { class: "muted" }, `${F.monthLabel(st.to)} er registerets seneste måned, og tallene er foreløbige: sene registreringer hæver typisk tallene, når registeret opdateres næste gang.`) : null,
    el("div", { class: "scroll" }, el("table", { class: "data", "data-table": "latest" },
      el("thead", {}, el("tr", {}, el("th", {}, "Ydelsesgruppe"), el("th", { class: "num" }, "Fuldtidspersoner"),
        el("th", { class: "num" }, `Andel ${F.shortMonth(st.to)}`), el("th", { class: "num" }, `Andel ${F.shortMonth(yearBefore)}`),
        el("th", { class: "num" }, "Ændring, procentpoint"), el("th", { class: "num" }, rarName),
        el("th", { class: "num" }, "Hele landet"), el("th", {}, "Til udvalget"))),
      el("tbody", {}, trs))),
    others.length ? el("div", { "data-list": "udvalget" }, el("h3", { style: "margin-top:16px" }, "Øvrige nøgletal til udvalget"),
      el("ul", {}, others.map((r) => el("li", { class: "sentence", "data-figure": r.noegletal }, r.tekst || r.tal_tekst,
        r.tekst && r.tal_tekst ? el("div", { class: "muted" }, r.tal_tekst) : null)))) : null,
    comparisonError ? el("p", { class: "error", "data-error": "sammenligning" }, `Teksterne til udvalget kunne ikke beregnes: ${comparisonError}`) : null);

  // The breakdown: per group the municipality's total row of the latest month, then its categories
  // (which add up to it); a chart of offentlig forsørgelse's full-time persons per category.
  const breakdown = st.by ? await noegletalBreakdown(st, { groups, kommuneLabel }) : null;

  // One chart per group: shares of the labour force, one line per area with a denominator, the
  // compared municipality when one is chosen; as an index or year by year when asked.
  const otherName = st.other ? `${F.kommuneName(st.other)} Kommune` : null;
  const otherShare = new Map();
  if (st.other) {
    for (const r of F.rowsOf(await F.measurement("andel", { from: st.from, to: st.to, area: "kommune", kommune: st.other }))) {
      if (r.omraade === String(st.other)) otherShare.set(`${r.ydelsesgruppe}|${r.periode}`, r.arbejdsstyrke > 0 ? r.andel_arbejdsstyrke : null);
    }
  }
  // Year by year: the municipality's shares in the same months of up to three earlier years.
  const years = [];
  const yearShare = new Map();
  if (st.view === "aar") {
    const toYear = Number(st.to.slice(0, 4));
    let yFrom = `${toYear - 3}-${st.from.slice(5, 7)}`;
    if (yFrom < first) yFrom = first;
    for (const r of F.rowsOf(await F.measurement("andel", { from: yFrom, to: st.to, area: "kommune", kommune: st.kommune }))) {
      if (r.omraade === String(st.kommune)) yearShare.set(`${r.ydelsesgruppe}|${r.periode}`, r.arbejdsstyrke > 0 ? r.andel_arbejdsstyrke : null);
    }
    for (let y = Number(yFrom.slice(0, 4)); y <= toYear; y++) years.push(y);
  }
  const baseSeries = AREAS.map((a) => areaName[a]).concat(otherName ? [otherName] : []);
  const baseColors = [F.charts.COLORS.kommune, F.charts.COLORS.rar, F.charts.COLORS.land].concat(otherName ? ["#2e8540"] : []);
  const YEAR_COLORS = ["#c5cfdb", "#9bb7d9", "#5b8bc7", F.charts.COLORS.kommune];
  const series = st.view === "aar" ? years.map(String) : baseSeries;
  const colors = st.view === "aar" ? years.map((y, i) => YEAR_COLORS[YEAR_COLORS.length - years.length + i]) : baseColors;
  const monthsOfYear = new Set(shown.map((p) => p.slice(5, 7)));
  const cards = groups.map((g) => {
    let data = [];
    if (st.view === "aar") {
      for (const [key, v] of yearShare) {
        const [grp, p] = key.split("|");
        if (grp === g && monthsOfYear.has(p.slice(5, 7))) data.push({ period: p, series: p.slice(0, 4), value: v });
      }
    } else {
      for (const [i, area] of AREAS.entries()) {
        for (const p of shown) data.push({ period: p, series: baseSeries[i], value: share(g, area, p) });
      }
      if (otherName) {
        for (const p of shown) {
          const v = otherShare.has(`${g}|${p}`) ? otherShare.get(`${g}|${p}`) : null;
          data.push({ period: p, series: otherName, value: v });
        }
      }
      if (st.view === "indeks") {
        const base = new Map();
        for (const d of data) if (d.period === st.from) base.set(d.series, d.value);
        data = data.map((d) => Object.assign({}, d, { value: base.get(d.series) > 0 && d.value !== null ? 100 * d.value / base.get(d.series) : null }));
      }
    }
    const now = share(g, "kommune", st.to);
    return el("div", { class: "chart-card", "data-group": g },
      el("h3", {}, F.groupName(g), el("span", { class: "latest" }, now === null ? "ingen andel" : `${F.fmtShare(now)} af arbejdsstyrken`)),
      F.charts.line(data, { series, colors, percent: st.view !== "indeks", zero: st.view !== "indeks",
        monthOfYear: st.view === "aar", yLabel: st.view === "indeks" ? "Indeks" : null }));
  });
  const legendItems = st.view === "aar" ? series.map((y, i) => [y, colors[i]])
    : series.map((name, i) => [AREAS[i] && missing.includes(AREAS[i]) ? `${name} (ingen arbejdsstyrke i befolkningsfilen)` : name, colors[i]]);
  const chartTitle = st.view === "indeks" ? `Andel af arbejdsstyrken pr. ydelsesgruppe, indeks (${F.monthLabel(st.from)} = 100)`
    : st.view === "aar" ? `Andel af arbejdsstyrken pr. ydelsesgruppe, ${kommuneLabel}, samme måneder år for år`
      : "Andel af arbejdsstyrken pr. ydelsesgruppe";
  target.replaceChildren(head, ...notices, latest, ...(breakdown ? [breakdown] : []), await forloebCards(),
    el("div", { class: "card" }, el("h2", { "data-view": st.view }, chartTitle),
      F.charts.legend(legendItems),
      el("div", { class: "grid", id: "charts" }, cards)),
    el("p", { class: "muted" }, (table.notes || []).join(" ")));
});

// The breakdown card of the Nøgletal page for `st.by` (the andel measurement with `by`, the
// municipality only, the shown months).
async function noegletalBreakdown(st, { groups, kommuneLabel }) {
  const { el } = F;
  const dimensionName = F.label("kode", st.by);
  let table;
  try {
    table = await F.measurement("andel", { from: st.from, to: st.to, area: "kommune", kommune: st.kommune, by: st.by });
  } catch (e) {
    return el("div", { class: "card", "data-card": "fordeling" }, el("h2", {}, `Fordelt efter ${dimensionName.toLowerCase()}`),
      el("p", { class: "error", "data-error": "fordeling" }, `Fordelingen kunne ikke beregnes: ${e.message}`));
  }
  const rows = F.rowsOf(table);
  const latest = rows.filter((r) => r.periode === st.to);
  const order = new Map(groups.map((g, i) => [g, i]));
  const kategorier = [...new Set(rows.filter((r) => r.dimension === st.by).map((r) => r.kategori))];
  const byGroup = new Map();
  for (const r of latest) {
    if (r.dimension !== "i_alt" && r.dimension !== st.by) continue;
    if (!byGroup.has(r.ydelsesgruppe)) byGroup.set(r.ydelsesgruppe, []);
    byGroup.get(r.ydelsesgruppe).push(r);
  }
  const shownGroups = [...byGroup.keys()].sort((a, b) => (order.has(a) ? order.get(a) : 99) - (order.has(b) ? order.get(b) : 99));
  const num = (v, fmt) => el("td", { class: "num", "data-value": v === null || v === undefined ? "" : String(v) }, fmt(v));
  const trs = [];
  for (const g of shownGroups) {
    const list = byGroup.get(g);
    const total = list.find((r) => r.dimension === "i_alt");
    const parts = kategorier.map((k) => list.find((r) => r.kategori === k)).filter(Boolean);
    for (const r of (total ? [total] : []).concat(parts)) {
      const isTotal = r.dimension === "i_alt";
      trs.push(el("tr", { "data-group": g, "data-kategori": r.kategori, class: isTotal ? "total" : "" },
        el(isTotal ? "th" : "td", isTotal ? { scope: "row" } : {}, isTotal ? F.groupName(g) : ""),
        el("td", {}, isTotal ? "I alt" : F.label("kode", r.kategori)),
        num(r.fuldtidspersoner, (v) => F.fmtNumber(v, 1)),
        num(r.andel_arbejdsstyrke, (v) => (v === null || v === undefined ? "–" : F.fmtShare(v)))));
    }
  }
  // Offentlig forsørgelse (or the first group) over the shown months, one line per category.
  const chartGroup = shownGroups.includes("offentlig_forsoergelse") ? "offentlig_forsoergelse" : shownGroups[0];
  const series = kategorier.map((k) => F.label("kode", k));
  const data = rows.filter((r) => r.ydelsesgruppe === chartGroup && r.dimension === st.by)
    .map((r) => ({ period: r.periode, series: F.label("kode", r.kategori), value: r.fuldtidspersoner }));
  const heading = `Fordelt efter ${dimensionName.toLowerCase()}: ${kommuneLabel}, ${F.monthLabel(st.to)}`;
  return el("div", { class: "card", "data-card": "fordeling", "data-by": st.by },
    el("h2", {}, heading),
    el("p", { class: "muted" }, `Fuldtidspersoner og andel af arbejdsstyrken (16-66 år) pr. ${dimensionName.toLowerCase()}; kategorierne summer til "I alt". En andel mangler, hvor befolkningsfilen ikke har arbejdsstyrken for kategorien.`),
    el("div", { class: "scroll" }, el("table", { class: "data", "data-table": "fordeling" },
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Ydelsesgruppe"), el("th", { scope: "col" }, dimensionName),
        el("th", { scope: "col", class: "num" }, "Fuldtidspersoner"), el("th", { scope: "col", class: "num" }, "Andel af arbejdsstyrken"))),
      el("tbody", {}, trs))),
    chartGroup ? el("div", { class: "chart-card", "data-group": chartGroup },
      el("h3", {}, `${F.groupName(chartGroup)}: fuldtidspersoner pr. ${dimensionName.toLowerCase()}`),
      F.charts.legend(series.map((name, i) => [name, d3.schemeTableau10[i % 10]])),
      F.charts.line(data, { series, colors: series.map((_, i) => d3.schemeTableau10[i % 10]), zero: true })) : null);
}
