// Nøgletal: for a municipality, each benefit group as a chart over time for the municipality, its
// RAR area and the whole country (index: the first month = 100, so areas of different size can be
// compared), and a table of the latest month with the change from a year earlier and the sentence
// a committee paper would use. Period and municipality pickers; CSV/Excel download.
"use strict";
F.page("noegletal", async function (target) {
  const { el } = F;
  const ref = F.state.reference;
  const last = (ref.register && ref.register.sidste_maaned) || "2019-12";
  const first = (ref.register && ref.register.foerste_maaned) || "2018-01";
  const st = F.state.noegletal || (F.state.noegletal = {
    kommune: F.defaultKommune(), to: last,
    from: F.addMonths(last, -11) < first ? first : F.addMonths(last, -11) });
  const k = F.kommune(st.kommune);
  const rarName = k ? k.rar : "RAR";
  // Fetch a year more than shown, for the change from a year earlier.
  const fetchFrom = F.addMonths(st.to, -12) < st.from ? (F.addMonths(st.to, -12) < first ? first : F.addMonths(st.to, -12)) : st.from;
  const params = { from: fetchFrom, to: st.to, area: "kommune,rar,land", kommune: st.kommune };
  const table = await F.measurement("fuldtidspersoner", params);
  const rows = F.rowsOf(table);
  const areaKey = (a) => (a === String(st.kommune) ? "kommune" : a === "Hele landet" ? "land" : "rar");
  const groups = [...new Set(rows.map((r) => r.ydelsesgruppe))];
  const sortOf = (g) => g === "offentlig_forsoergelse" ? -1 : ((ref.grupper.find((x) => x.id === g) || {}).sortering || 99);
  groups.sort((a, b) => sortOf(a) - sortOf(b));
  const value = (g, area, period) => {
    const r = rows.find((x) => x.ydelsesgruppe === g && areaKey(x.area) === area && x.period === period);
    return r ? r.fuldtidspersoner : null;
  };
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const shown = periods.filter((p) => p >= st.from && p <= st.to);
  const yearBefore = F.addMonths(st.to, -12);

  const fromInput = el("input", { type: "month", id: "from-picker", value: st.from, min: first, max: last });
  const toInput = el("input", { type: "month", id: "to-picker", value: st.to, min: first, max: last });
  const apply = () => {
    if (fromInput.value && toInput.value && fromInput.value <= toInput.value) {
      st.from = fromInput.value; st.to = toInput.value; F.route();
    }
  };
  fromInput.addEventListener("change", apply);
  toInput.addEventListener("change", apply);
  const head = el("div", { class: "page-head" },
    el("div", {}, el("h1", {}, `Nøgletal – ${F.kommuneName(st.kommune)} Kommune`),
      el("p", { class: "muted" }, `Fuldtidspersoner pr. ydelsesgruppe, 16-66 år, ${F.monthLabel(st.from)} – ${F.monthLabel(st.to)}. Kurverne er indeks (første måned = 100), så kommune, ${rarName} og hele landet kan sammenlignes.`)),
    el("div", { class: "controls" },
      F.kommunePicker(st.kommune, (v) => { st.kommune = v; F.setKommune(v); F.route(); }),
      el("label", {}, "Fra", fromInput), el("label", {}, "Til", toInput),
      F.downloadButtons("fuldtidspersoner", { from: st.from, to: st.to, area: "kommune,rar,land", kommune: st.kommune })));

  // The latest month's table.
  const pct = (a, b) => (a === null || b === null || b === 0 ? null : (a / b - 1) * 100);
  const trs = groups.map((g) => {
    const now = value(g, "kommune", st.to), before = value(g, "kommune", yearBefore);
    const ch = pct(now, before), rarCh = pct(value(g, "rar", st.to), value(g, "rar", yearBefore));
    const landCh = pct(value(g, "land", st.to), value(g, "land", yearBefore));
    const dir = ch === null ? "" : ch < 0 ? "faldet" : ch > 0 ? "steget" : "uændret";
    const sentence = ch === null ? "Ingen sammenligning med året før." :
      `Antallet af fuldtidspersoner er ${dir}${ch === 0 ? "" : " med " + F.fmtPct(Math.abs(ch))} fra ${F.monthLabel(yearBefore)} til ${F.monthLabel(st.to)} (${rarName}: ${F.fmtPct(rarCh, true)}, hele landet: ${F.fmtPct(landCh, true)}).`;
    const cls = (v) => (v === null ? "num" : v > 0 ? "num up" : v < 0 ? "num down" : "num");
    return el("tr", { "data-group": g },
      el("td", {}, F.groupName(g)),
      el("td", { class: "num", "data-value": now === null ? "" : String(now) }, F.fmtNumber(now, 0)),
      el("td", { class: "num", "data-value": before === null ? "" : String(before) }, F.fmtNumber(before, 0)),
      el("td", { class: cls(ch) }, F.fmtPct(ch, true)),
      el("td", { class: cls(rarCh) }, F.fmtPct(rarCh, true)),
      el("td", { class: cls(landCh) }, F.fmtPct(landCh, true)),
      el("td", { class: "sentence" }, sentence));
  });
  const latest = el("div", { class: "card" },
    el("h2", {}, `Seneste måned: ${F.monthLabel(st.to)}`),
    el("div", { class: "scroll" }, el("table", { class: "data", "data-table": "latest" },
      el("thead", {}, el("tr", {}, el("th", {}, "Ydelsesgruppe"), el("th", { class: "num" }, F.monthLabel(st.to)),
        el("th", { class: "num" }, F.monthLabel(yearBefore)), el("th", { class: "num" }, "Ændring"),
        el("th", { class: "num" }, rarName), el("th", { class: "num" }, "Hele landet"), el("th", {}, "Til udvalget"))),
      el("tbody", {}, trs))));

  // One chart per group.
  const series = [F.kommuneName(st.kommune), rarName, "Hele landet"];
  const cards = groups.map((g) => {
    const data = [];
    for (const [i, area] of ["kommune", "rar", "land"].entries()) {
      const base = value(g, area, shown[0]);
      for (const p of shown) {
        const v = value(g, area, p);
        data.push({ period: p, series: series[i], value: v === null || !base ? null : (v / base) * 100 });
      }
    }
    const now = value(g, "kommune", st.to);
    return el("div", { class: "chart-card", "data-group": g },
      el("h3", {}, F.groupName(g), el("span", { class: "latest" }, `${F.fmtNumber(now, 0)} fuldtidspersoner`)),
      F.charts.line(data, { series, colors: [F.charts.COLORS.kommune, F.charts.COLORS.rar, F.charts.COLORS.land] }));
  });
  target.replaceChildren(head, latest,
    el("div", { class: "card" }, el("h2", {}, "Udvikling pr. ydelsesgruppe"),
      F.charts.legend([[series[0], F.charts.COLORS.kommune], [series[1], F.charts.COLORS.rar], [series[2], F.charts.COLORS.land]]),
      el("div", { class: "grid", id: "charts" }, cards)),
    el("p", { class: "muted" }, (table.notes || []).join(" ")));
});
