// Rehabilitering: decisions after the rehabilitation team by kind per month (and by age group
// over the period), days from FSM2 group 2 to the team meeting (median, the municipality against
// landsplan), breaches of the dated reform rules counted per rule, the rules with their sources
// beside them (law, date, kind of source), and, for caseworkers and leaders, the decisions that
// break a rule, each with a Danish explanation naming the rule, its source and the dates
// (pseudonyms; audited).
"use strict";
(function () {
  const { el } = F;
  const ID = "rehabilitering";
  const kode = (k) => String(k).padStart(3, "0");
  // The decision kinds in their order; their words (and the age groups') from the label table.
  const KIND_IDS = ["ressourceforloeb", "fleksjob", "foertidspension", "jobafklaring", "other"];

  F.page(ID, async function (target) {
    const m = (F.state.measurements || []).find((x) => x.id === ID && x.available);
    if (!m) {
      target.replaceChildren(el("div", { class: "card" }, el("h1", {}, "Rehabilitering"),
        el("p", { class: "notice", "data-missing": ID }, "Målingen \"rehabilitering\" er ikke tilgængelig på denne server (den kræver sagshændelser, --db).")));
      return;
    }
    const st = F.state.rehabilitering || (F.state.rehabilitering = { kommune: F.defaultKommune() });
    const params = { kommune: st.kommune };
    const name = F.kommuneName(st.kommune);
    const [afg, vent, brudAntal, regler] = await Promise.all([
      F.measurement(ID, Object.assign({ del: "afgoerelser" }, params)),
      F.measurement(ID, Object.assign({ del: "ventetid" }, params)),
      F.measurement(ID, Object.assign({ del: "brud_antal" }, params)),
      F.measurement(ID, { del: "regler" })]);
    const mine = (r) => r.kommune === kode(st.kommune);
    const KINDS = Object.fromEntries(KIND_IDS.map((k) => [k, F.label("afgoerelse", k)]));
    const decisions = F.rowsOf(afg).filter((r) => mine(r) && r.aldersgruppe === "alle");
    const kinds = Object.keys(KINDS).filter((k) => decisions.some((r) => r.afgoerelse === k));
    const decisionChart = F.charts.line(decisions.filter((r) => kinds.includes(r.afgoerelse))
      .map((r) => ({ period: r.periode, value: r.antal, series: KINDS[r.afgoerelse] })),
      { series: kinds.map((k) => KINDS[k]), width: 900, height: 260, zero: true });
    // Over the period: decisions by kind and age group.
    const ages = [...new Set(F.rowsOf(afg).map((r) => r.aldersgruppe))].filter((a) => a !== "alle");
    const sums = {};
    for (const r of F.rowsOf(afg)) if (mine(r)) sums[`${r.afgoerelse}|${r.aldersgruppe}`] = (sums[`${r.afgoerelse}|${r.aldersgruppe}`] || 0) + r.antal;
    const byAge = el("table", { class: "data", "data-table": "afgoerelser-alder" },
      el("thead", {}, el("tr", {}, el("th", {}, "Afgørelse"), ages.map((a) => el("th", { class: "num" }, F.label("aldersgruppe", a))), el("th", { class: "num" }, "I alt"))),
      el("tbody", {}, Object.keys(KINDS).map((k) => el("tr", { "data-kind": k }, el("td", {}, KINDS[k]),
        ages.map((a) => el("td", { class: "num", "data-value": String(sums[`${k}|${a}`] || 0) }, F.fmtNumber(sums[`${k}|${a}`] || 0, 0))),
        el("td", { class: "num", "data-value": String(sums[`${k}|alle`] || 0) }, F.fmtNumber(sums[`${k}|alle`] || 0, 0))))));
    const waits = F.rowsOf(vent).filter((r) => mine(r) || r.kommune === "landsplan");
    const waitChart = F.charts.line(waits.map((r) => ({ period: r.periode, value: r.median_dage, series: r.kommune === "landsplan" ? "Landsplan" : name })),
      { series: [name, "Landsplan"], colors: [F.charts.COLORS.kommune, F.charts.COLORS.land], width: 900, height: 240, zero: true });
    const breachRows = F.rowsOf(brudAntal).filter(mine);
    const parts = [
      el("div", { class: "page-head" },
        el("div", {}, el("h1", {}, `Rehabilitering – ${name} Kommune`),
          el("p", { class: "muted" }, "Afgørelser efter rehabiliteringsteamet pr. måned og aldersgruppe, tiden fra visitation til FSM2 gruppe 2 til teammødet, og afgørelser holdt op mod reformens regler på afgørelsesdagen."),
          F.horizonLine(afg)),
        el("div", { class: "controls" },
          F.kommunePicker(st.kommune, (v) => { st.kommune = v; F.setKommune(v); F.route(); }),
          F.downloadButtons(ID, Object.assign({ del: "afgoerelser" }, params)))),
      el("div", { class: "card" }, el("h2", {}, "Afgørelser pr. måned"),
        F.charts.legend(kinds.map((k, i) => [KINDS[k], d3.schemeTableau10[i % 10]])),
        el("div", { id: "chart-afgoerelser" }, decisionChart)),
      el("div", { class: "card" }, el("h2", {}, "Afgørelser i perioden efter alder"), el("div", { class: "scroll" }, byAge)),
      el("div", { class: "card" }, el("h2", {}, "Dage fra FSM2 gruppe 2 til teammøde (median)"),
        F.charts.legend([[name, F.charts.COLORS.kommune], ["Landsplan", F.charts.COLORS.land]]),
        el("div", { id: "chart-ventetid" }, waitChart),
        el("div", { class: "scroll" }, F.renderTable({ columns: vent.columns, rows: waits.filter(mine).slice(-12) }, { name: "ventetid" }))),
      el("div", { class: "card" }, el("h2", {}, "Brud på reglerne pr. måned"),
        breachRows.length ? el("div", { class: "scroll" }, F.renderTable({ columns: brudAntal.columns, rows: breachRows }, { name: "brud-antal" }))
          : el("p", { class: "muted", "data-table": "brud-antal" }, "Ingen brud i perioden.")),
    ];
    if (F.state.me.rights.citizen) {
      const brud = await F.measurement(ID, Object.assign({ del: "brud" }, params));
      // Every column in the API's order (person 5th, rule 8th), the explanation after the source.
      const shown = { columns: brud.columns,
        rows: F.rowsOf(brud).map((r) => Object.assign({}, r, { kilde_type: F.label("kilde_type", r.kilde_type) })) };
      parts.push(el("div", { class: "card" }, el("h2", {}, "Afgørelser der bryder en regel"),
        el("p", { class: "muted" }, "Borgere vises med pseudonym. Bruddene rettes ikke; hvert vises med regel, kilde og de datoer, der gjorde det til et brud. En dokumenteret undtagelse registreres på afgørelsen (waives). Opslaget er logget."),
        el("div", { class: "scroll" }, F.renderTable(shown, { name: "brud", personLink: true }))));
    }
    const ruleRows = F.rowsOf(regler).map((r) => Object.assign({}, r, { kilde_type: F.label("kilde_type", r.kilde_type) },
      r.grupper ? { grupper: String(r.grupper).split(/\s*,\s*/).filter(Boolean).map((g) => F.label("ydelsesgruppe", g)).join(", ") } : {}));
    const ruleCols = ["regel", "titel", "grupper", "gaelder_fra", "gaelder_til", "kilde_kort", "kilde_type", "kilde"];
    parts.push(el("div", { class: "card" }, el("h2", {}, "Regler og kilder"),
      el("p", { class: "muted" }, "Hver regel med sin hjemmel og gyldighedsperiode. Kildetype \"Kommunens fortolkning\" betyder, at kilderne ikke fastlægger reglen; den kan ændres i regelfilen."),
      el("div", { class: "scroll" }, F.renderTable({ columns: ruleCols.map((n) => regler.columns.find((c) => c.name === n)).filter(Boolean), rows: ruleRows }, { name: "regler" }))));
    target.replaceChildren(...parts);
  });
})();
