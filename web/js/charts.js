// Charts drawn with Observable Plot (vendored UMD build): lines with a dot per data point, so the
// browser tests can count points (g[aria-label="dot"] circle) against the API's rows.
"use strict";
F.charts = (function () {
  const COLORS = { kommune: "#1d4e89", rar: "#e07b00", land: "#7a8797" };
  const toDate = (p) => {
    const m = /^(\d{4})-(\d{2})$/.exec(p);
    if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, 1));
    const q = /^(\d{4})-Q(\d)$/.exec(p);
    if (q) return new Date(Date.UTC(+q[1], (+q[2] - 1) * 3, 1));
    const h = /^(\d{4})-H(\d)$/.exec(p);
    if (h) return new Date(Date.UTC(+h[1], (+h[2] - 1) * 6, 1));
    const y = /^(\d{4})$/.exec(p);
    return y ? new Date(Date.UTC(+y[1], 0, 1)) : null;
  };
  const da = d3.formatLocale({ decimal: ",", thousands: ".", grouping: [3], currency: ["", " kr."] });
  const MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
  const tickMonth = (d) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear()).slice(2)}`;
  // X ticks in the periods' own kind: "jan 19"; for quarters, half-years and years at most six of
  // the periods themselves, "4. kvt. 19", "1. halvår 19", "2019".
  function xAxis(points) {
    const yy = (d) => String(d.getUTCFullYear()).slice(2);
    const kinds = [[/^\d{4}-Q\d$/, (d) => `${Math.floor(d.getUTCMonth() / 3) + 1}. kvt. ${yy(d)}`],
      [/^\d{4}-H\d$/, (d) => `${d.getUTCMonth() < 6 ? 1 : 2}. halvår ${yy(d)}`],
      [/^\d{4}$/, (d) => String(d.getUTCFullYear())]];
    const kind = kinds.find(([re]) => points.every((d) => re.test(d.period)));
    if (!kind) return { tickFormat: tickMonth, ticks: 4 };  // about 4 labels: they fit a card
    const dates = [...new Set(points.map((d) => +d.date))].sort((a, b) => a - b).map((t) => new Date(t));
    const every = Math.ceil(dates.length / 6);
    return { tickFormat: kind[1], ticks: dates.filter((d, i) => (dates.length - 1 - i) % every === 0) };
  }

  // Y ticks: Y_TICKS of d3's tickStep over the values' extent (with 0 when `zero`), labelled with
  // as many decimals as that step needs ("3,5 %" on percent axes, "1.234" else); counts with a
  // spread below Y_TICKS get one tick per whole number instead of repeated rounded labels.
  const Y_TICKS = 5;
  function yAxis(points, options) {
    const values = points.map((d) => d.value).concat(options.zero ? [0] : []);
    const lo = Math.min(...values), hi = Math.max(...values);
    if (!options.percent && values.every(Number.isInteger) && hi - lo < Y_TICKS) {
      return { ticks: d3.range(lo, hi + 1), tickFormat: (v) => da.format(",.0f")(v) };
    }
    const step = hi > lo ? d3.tickStep(lo, hi, Y_TICKS) : 0;
    const decimals = step > 0 ? Math.min(3, d3.precisionFixed(step)) : options.percent ? 1 : 0;
    const f = da.format(`,.${decimals}f`);
    return { ticks: Y_TICKS, tickFormat: options.percent ? (v) => `${f(v)} %` : (v) => f(v) };
  }

  // data: [{period, value, series}], series names map to colors via `colors`; `percent` shows the
  // values as shares ("3,6 %") on the axis and in the points' titles. `targets`: [{value, label}]
  // drawn as dashed lines across the chart (a goal, a payout threshold). `monthOfYear`: the
  // periods' months drawn on one year ("jan" … "dec"), for the same months of several years (one
  // series a year). `index`: the values are an index (first month = 100), without a unit.
  // A period without a value (null: none, or a count not shown for discretion) is a gap: the
  // series' line breaks there (Plot interrupts a line at a null y) and no dot is drawn; it is
  // never joined across nor drawn as 0.
  function line(data, options = {}) {
    const placed = (d) => (options.monthOfYear ? toDate(`2000-${d.period.slice(5, 7)}`) : toDate(d.period));
    const dated = data.filter((d) => toDate(d.period)).map((d) => Object.assign({}, d, {
      date: placed(d), value: d.value !== null && Number.isFinite(d.value) ? d.value : null }));
    const points = dated.filter((d) => d.value !== null);
    if (!points.length) {
      return F.el("div", { class: "chart", "data-points": "0" }, F.el("p", { class: "muted" }, "Ingen tal i perioden."));
    }
    const targets = (options.targets || []).filter((t) => Number.isFinite(t.value));
    const domain = options.series || [...new Set(points.map((d) => d.series))];
    const range = domain.map((s, i) => (options.colors && options.colors[i]) || d3.schemeTableau10[i % 10]);
    const chart = Plot.plot({
      width: options.width || 360,
      height: options.height || 200,
      marginLeft: 52,
      marginRight: 12,
      style: { fontFamily: "inherit", fontSize: "11px", background: "transparent" },
      x: Object.assign({ type: "utc", label: null }, options.monthOfYear
        ? { tickFormat: (d) => MONTHS[d.getUTCMonth()], ticks: 6 } : xAxis(points)),
      y: Object.assign({ grid: true, label: options.yLabel || null, zero: !!options.zero },
        yAxis(points.concat(targets.map((t) => ({ value: t.value }))), options)),
      color: { domain, range },
      marks: [
        Plot.ruleY(targets, { y: "value", stroke: "#b3261e", strokeDasharray: "4,3", strokeWidth: 1.2 }),
        Plot.text(targets, { y: "value", text: "label", frameAnchor: "right", dy: -6, fill: "#b3261e", fontSize: 10 }),
        Plot.lineY(dated, { x: "date", y: "value", stroke: "series", strokeWidth: 2, curve: "monotone-x" }),
        Plot.dot(points, { x: "date", y: "value", fill: "series", r: 2.4,
          title: (d) => `${d.series}, ${d.period}: ${options.percent ? F.fmtShare(d.value) : da.format(",.1f")(d.value)}` }),
      ],
    });
    // data-gaps: periods without a value between two with one, in any series (the line breaks).
    let gaps = 0;
    for (const s of domain) {
      const values = dated.filter((d) => d.series === s).sort((a, b) => a.date - b.date).map((d) => d.value);
      const first = values.findIndex((v) => v !== null), last = values.length - 1 - [...values].reverse().findIndex((v) => v !== null);
      for (let i = first + 1; first >= 0 && i < last; i++) if (values[i] === null) gaps++;
    }
    const wrap = F.el("div", { class: "chart", "data-points": String(points.length), "data-targets": String(targets.length),
      "data-gaps": String(gaps) });
    wrap.append(chart);
    return wrap;
  }

  function legend(items) {
    return F.el("div", { class: "legend" }, items.map(([label, color]) => {
      const s = F.el("span", {}, label);
      s.style.setProperty("--c", color);
      return s;
    }));
  }

  return { line, legend, COLORS, toDate };
})();
