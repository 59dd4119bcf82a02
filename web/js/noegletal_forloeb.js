// Nøgletal, the forløb beside the shares, as the committee documents show them: the long
// sygedagpenge forløb (ongoing over 26 weeks at the end of the latest month, from `forloeb` with
// group sygedagpenge, against a year earlier, its RAR area and the whole country) and the
// quarterly ressourceforløb figures (started, ended and ongoing in the latest whole quarter, from
// `ressourceforloeb`, with the quarters before and the latest quarter by background; the
// Ressourceforløb page shows the same card). A server or store without the data gets a Danish
// notice in place of the figures.
"use strict";
(function () {
  const { el } = F;
  const info = (id) => (F.state.measurements || []).find((m) => m.id === id);

  // A notice in place of figures: the measurement missing, unavailable, refused or empty.
  function missing(id, what) {
    const m = info(id);
    if (!m) return `Serveren tilbyder ikke målingen af ${what} (${id}); opdatér fremdrift.`;
    if (!m.available) return `${what[0].toUpperCase()}${what.slice(1)} kan ikke vises: serveren er startet uden ydelsesregister (fremdrift serve --store).`;
    if (!m.allowed) return `Du har ikke adgang til målingen af ${what}.`;
    return null;
  }
  const notice = (id, text) => el("p", { class: "notice", "data-notice": `no-${id}` }, text);
  const kpi = (key, value, text, label) => el("div", { class: "kpi", "data-kpi": key, "data-value": value === null ? "" : String(value) },
    el("div", { class: "v" }, text), el("div", { class: "l" }, label));
  const num = (v) => (v === null || v === undefined ? "–" : F.fmtNumber(v, 0));
  const numCell = (v, text) => el("td", { class: "num", "data-value": v === null ? "" : String(v) }, text === undefined ? num(v) : text);

  // "2019-12" → "2019-Q4"; the quarter before; the last whole quarter up to a month.
  const quarterOf = (p) => `${p.slice(0, 4)}-Q${Math.floor((+p.slice(5, 7) - 1) / 3) + 1}`;
  const quarterAdd = (q, n) => {
    const t = +q.slice(0, 4) * 4 + (+q.slice(6) - 1) + n;
    return `${Math.floor(t / 4)}-Q${t % 4 + 1}`;
  };
  const lastWholeQuarter = (month) => (+month.slice(5, 7) % 3 === 0 ? quarterOf(month) : quarterAdd(quarterOf(month), -1));

  // The long sygedagpenge forløb: `ctx` holds kommune, from, to, yearBefore, first (months),
  // areaKey (an omraade → kommune/rar/land), areaName and kommuneLabel.
  async function sygedagpenge(ctx) {
    const head = el("h2", {}, "Lange sygedagpengeforløb");
    const why = missing("forloeb", "forløb");
    if (why) return el("div", { class: "card", id: "sygedagpenge-forloeb" }, head, notice("forloeb", why));
    const from = ctx.yearBefore < ctx.first ? ctx.first : ctx.yearBefore < ctx.from ? ctx.yearBefore : ctx.from;
    let rows;
    try {
      rows = F.rowsOf(await F.measurement("forloeb", { group: "sygedagpenge", area: "kommune,rar,land", kommune: ctx.kommune, from, to: ctx.to }));
    } catch (e) {
      return el("div", { class: "card", id: "sygedagpenge-forloeb" }, head,
        el("p", { class: "error", "data-error": "forloeb" }, `Forløbene kunne ikke beregnes: ${e.message}`));
    }
    const mine = rows.filter((r) => ctx.areaKey(r.omraade) === "kommune");
    if (!mine.length) {
      return el("div", { class: "card", id: "sygedagpenge-forloeb" }, head, notice("forloeb",
        `Registret har ingen sygedagpengeforløb i ${ctx.kommuneLabel} fra ${F.monthLabel(from)} til ${F.monthLabel(ctx.to)}.`));
    }
    // A month without a row has no forløb in the area: 0 (the Table leaves out empty rows).
    const at = (area, p, col) => {
      if (p < from) return null;
      const r = rows.find((x) => ctx.areaKey(x.omraade) === area && x.periode === p);
      return r ? r[col] : 0;
    };
    const over = (area, p) => at(area, p, "igangvaerende_over_26_uger");
    const share = (area, p) => {
      const all = at(area, p, "igangvaerende");
      return all ? (100 * over(area, p)) / all : null;
    };
    const now = over("kommune", ctx.to), before = over("kommune", ctx.yearBefore);
    const change = before === null ? null : now - before;
    const kpis = el("div", { class: "kpis" },
      kpi("sygedagpenge-over-26", now, num(now), `over 26 uger, ${F.shortMonth(ctx.to)}`),
      kpi("sygedagpenge-over-26-aaret-foer", before, num(before), `over 26 uger, ${F.shortMonth(ctx.yearBefore)}`),
      kpi("sygedagpenge-over-26-andel", share("kommune", ctx.to), F.fmtPct(share("kommune", ctx.to)), "af de igangværende forløb"));
    const trs = ["kommune", "rar", "land"].map((a) => {
      const n = over(a, ctx.to), b = over(a, ctx.yearBefore);
      const d = b === null ? null : n - b;
      return el("tr", { "data-area": a }, el("td", {}, ctx.areaName[a]),
        numCell(at(a, ctx.to, "igangvaerende")), numCell(n), numCell(share(a, ctx.to), F.fmtPct(share(a, ctx.to))),
        numCell(b), numCell(d, d === null ? "–" : (d > 0 ? "+" : "") + num(d)));
    });
    const table = el("table", { class: "data", "data-table": "sygedagpenge-over-26" },
      el("thead", {}, el("tr", {}, el("th", {}, "Område"), el("th", { class: "num" }, "Igangværende"),
        el("th", { class: "num" }, "Over 26 uger"), el("th", { class: "num" }, "Andel"),
        el("th", { class: "num" }, `Året før`), el("th", { class: "num" }, "Ændring"))),
      el("tbody", {}, trs));
    const months = [];
    for (let p = ctx.from; p <= ctx.to; p = F.addMonths(p, 1)) months.push(p);
    const chart = F.charts.line(months.map((p) => ({ period: p, value: over("kommune", p), series: ctx.kommuneLabel })),
      { series: [ctx.kommuneLabel], colors: [F.charts.COLORS.kommune], zero: true, width: 560 });
    const sentence = change === null ? "" : change === 0 ? ", det samme som året før" :
      `, ${num(Math.abs(change))} ${change > 0 ? "flere" : "færre"} end året før`;
    return el("div", { class: "card", id: "sygedagpenge-forloeb" }, head,
      el("p", { class: "muted" }, `Igangværende sygedagpengeforløb i ${ctx.kommuneLabel}, der ved månedens udgang har varet over 26 uger, og året før; kommunen, ${ctx.areaName.rar} og hele landet.`),
      el("p", { class: "sentence", "data-sentence": "sygedagpenge" },
        `Ved udgangen af ${F.monthLabel(ctx.to)} havde ${num(now)} sygedagpengeforløb i ${ctx.kommuneLabel} varet over 26 uger${sentence}.`),
      kpis, el("div", { class: "scroll" }, table),
      el("h3", { style: "margin-top:16px" }, "Sygedagpengeforløb over 26 uger pr. måned"), chart);
  }

  // The quarterly ressourceforløb figures of the last whole quarter up to ctx.to (ctx: kommune,
  // to, first, kommuneLabel).
  async function ressourceforloeb(ctx) {
    const head = el("h2", {}, "Ressourceforløb");
    const why = missing("ressourceforloeb", "ressourceforløb");
    if (why) return el("div", { class: "card", id: "ressourceforloeb-kvartal" }, head, notice("ressourceforloeb", why));
    const last = lastWholeQuarter(ctx.to);
    let first = quarterAdd(last, -4);
    const firstWhole = +ctx.first.slice(5, 7) % 3 === 1 ? quarterOf(ctx.first) : quarterAdd(quarterOf(ctx.first), 1);
    if (first < firstWhole) first = firstWhole;
    if (last < first) {
      return el("div", { class: "card", id: "ressourceforloeb-kvartal" }, head, notice("ressourceforloeb",
        `Registret dækker intet helt kvartal til og med ${F.monthLabel(ctx.to)}.`));
    }
    let rows;
    try {
      rows = F.rowsOf(await F.measurement("ressourceforloeb", { period: "quarter", area: "kommune", kommune: ctx.kommune, from: first, to: last }));
    } catch (e) {
      return el("div", { class: "card", id: "ressourceforloeb-kvartal" }, head,
        el("p", { class: "error", "data-error": "ressourceforloeb" }, `Ressourceforløbene kunne ikke beregnes: ${e.message}`));
    }
    if (!rows.length) {
      return el("div", { class: "card", id: "ressourceforloeb-kvartal" }, head, notice("ressourceforloeb",
        `Registret har ingen ressourceforløb i ${ctx.kommuneLabel} fra ${F.periodLabel(first)} til ${F.periodLabel(last)}.`));
    }
    const MAAL = [["startede", "Startede", "startede i"], ["afsluttede", "Afsluttede", "afsluttede i"],
      ["igangvaerende", "Igangværende", "igangværende ved udgangen af"]];
    // A count absent from the Table is 0 where the Table has that measure and background at all.
    const count = (q, maal, dim, kat) => {
      const r = rows.find((x) => x.periode === q && x.maal === maal && x.dimension === dim && (dim === "i_alt" || x.kategori === kat));
      return r ? r.antal : 0;
    };
    const applies = (maal, dim) => dim === "i_alt" || rows.some((r) => r.maal === maal && r.dimension === dim);
    const kpis = el("div", { class: "kpis" }, MAAL.map(([m, , words]) => {
      const v = count(last, m, "i_alt");
      return kpi(`ressourceforloeb-${m}`, v, num(v), `${words} ${F.periodLabel(last)}`);
    }));
    const quarters = [];
    for (let q = first; q <= last; q = quarterAdd(q, 1)) quarters.push(q);
    const byQuarter = el("table", { class: "data", "data-table": "ressourceforloeb-kvartaler" },
      el("thead", {}, el("tr", {}, el("th", {}, "Kvartal"), MAAL.map(([, l]) => el("th", { class: "num" }, l)))),
      el("tbody", {}, quarters.map((q) => el("tr", { "data-quarter": q }, el("td", {}, F.periodLabel(q)),
        MAAL.map(([m]) => numCell(count(q, m, "i_alt")))))));
    // The latest quarter by background (age, sex, previous group, end reason, status after).
    const cats = [];
    for (const r of rows) {
      if (r.periode !== last || r.dimension === "i_alt" || cats.some((c) => c.dim === r.dimension && c.kat === r.kategori)) continue;
      cats.push({ dim: r.dimension, kat: r.kategori });
    }
    const dimOrder = [...new Set(["alder", "koen", "forrige_ydelse", "afgangsaarsag", "status_13_uger", "status_26_uger", ...cats.map((c) => c.dim)])];
    cats.sort((a, b) => dimOrder.indexOf(a.dim) - dimOrder.indexOf(b.dim) || F.codeLabel(a.kat).localeCompare(F.codeLabel(b.kat), "da"));
    const byBackground = el("table", { class: "data", "data-table": "ressourceforloeb-baggrund" },
      el("thead", {}, el("tr", {}, el("th", {}, "Baggrund"), el("th", {}, "Kategori"), MAAL.map(([, l]) => el("th", { class: "num" }, l)))),
      el("tbody", {}, cats.map((c) => el("tr", { "data-dimension": c.dim, "data-kategori": c.kat },
        el("td", {}, F.codeLabel(c.dim)), el("td", {}, F.codeLabel(c.kat)),
        MAAL.map(([m]) => (applies(m, c.dim) ? numCell(count(last, m, c.dim, c.kat)) : numCell(null, "")))))));
    return el("div", { class: "card", id: "ressourceforloeb-kvartal" }, head,
      el("p", { class: "muted" }, `Ressourceforløb i ${ctx.kommuneLabel} i seneste hele kvartal, ${F.periodLabel(last)}, og kvartalerne før. Igangværende: ved kvartalets udgang.`),
      kpis, el("div", { class: "scroll" }, byQuarter),
      el("h3", { style: "margin-top:16px" }, `Fordeling i ${F.periodLabel(last)}`),
      cats.length ? el("div", { class: "scroll" }, byBackground) : el("p", { class: "muted" }, `Ingen ressourceforløb i ${F.periodLabel(last)}.`));
  }

  F.noegletalForloeb = (ctx) => Promise.all([sygedagpenge(ctx), ressourceforloeb(ctx)]);
  F.ressourceforloebCard = ressourceforloeb;  // also on the Ressourceforløb page (pools.js)
  F.quarterOf = quarterOf;
  F.lastWholeQuarter = lastWholeQuarter;
})();
