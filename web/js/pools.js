// Pool pages over the case events: Flere skal med 2 (the seven indicators by month, local against
// landsplan, and the payout status), Ressourceforløb (passive share, caseload per caseworker,
// deadlines and the overdue list). Rettidighed and Rehabilitering have their own pages
// (rettidighed.js, rehabilitering.js).
"use strict";
(function () {
  const { el } = F;
  const available = (id) => (F.state.measurements || []).find((m) => m.id === id && m.available);

  function poolHead(title, subtitle, st, downloads) {
    return el("div", { class: "page-head" },
      el("div", {}, el("h1", {}, title), el("p", { class: "muted" }, subtitle)),
      el("div", { class: "controls" },
        F.kommunePicker(st.kommune, (v) => { st.kommune = v; F.setKommune(v); F.route(); }),
        downloads));
  }

  function notAvailable(target, title, id) {
    target.replaceChildren(el("div", { class: "card" }, el("h1", {}, title),
      el("p", { class: "notice", "data-missing": id },
        `Målingen "${id}" er ikke tilgængelig på denne server endnu (den kræver ${id === "fuldtidspersoner" ? "et registerlager (--store)" : "sagshændelser (--db) og målingen i denne version"}).`)));
  }

  // Indicator charts: local vs landsplan share per month.
  function indicatorCharts(rows, kommune) {
    const ids = [...new Set(rows.map((r) => r.indikator))];
    return ids.map((id) => {
      const mine = rows.filter((r) => r.indikator === id);
      const desc = (mine[0] || {}).beskrivelse || id;
      const data = mine.filter((r) => r.kommune === String(kommune).padStart(3, "0") || r.kommune === "landsplan")
        .map((r) => ({ period: r.periode, value: r.andel, series: r.kommune === "landsplan" ? "Landsplan" : F.kommuneName(kommune) }));
      const latest = mine.filter((r) => r.kommune !== "landsplan").slice(-1)[0];
      return el("div", { class: "chart-card", "data-indicator": id },
        el("h3", {}, /^\d+$/.test(id) ? `${id}. ${desc}` : desc, el("span", { class: "latest" }, latest ? F.fmtPct(latest.andel) : "")),
        F.charts.line(data, { series: [F.kommuneName(kommune), "Landsplan"], colors: [F.charts.COLORS.kommune, F.charts.COLORS.land], percent: true }));
    });
  }

  F.page("fsm2", async function (target) {
    if (!available("fsm2")) return notAvailable(target, "Flere skal med 2", "fsm2");
    const st = F.state.fsm2 || (F.state.fsm2 = { kommune: F.defaultKommune() });
    const params = { kommune: st.kommune };
    const [ind, pay] = await Promise.all([F.measurement("fsm2", params), F.measurement("fsm2-udbetaling", params)]);
    const rows = F.rowsOf(ind);
    const months = [...new Set(rows.map((r) => r.periode))].sort();
    const last = months[months.length - 1];
    const latestRows = { columns: ind.columns, rows: rows.filter((r) => r.periode === last) };
    target.replaceChildren(
      poolHead(`Flere skal med 2 – ${F.kommuneName(st.kommune)} Kommune`,
        last ? `De syv indikatorer pr. måned, ${F.monthLabel(months[0])} – ${F.monthLabel(last)}, kommunen mod landsplan.`
          : "De syv indikatorer pr. måned, kommunen mod landsplan: ingen måneder med data.", st,
        F.downloadButtons("fsm2", params)),
      F.horizonLine(ind) || "",
      el("div", { class: "card" }, el("h2", {}, "Udbetaling"), F.renderTable(pay, { name: "udbetaling" })),
      el("div", { class: "card" }, el("h2", {}, "Indikatorer over tid"),
        F.charts.legend([[F.kommuneName(st.kommune), F.charts.COLORS.kommune], ["Landsplan", F.charts.COLORS.land]]),
        el("div", { class: "grid", id: "charts" }, indicatorCharts(rows, st.kommune))),
      el("div", { class: "card" }, el("h2", { "data-latest-month": last || "" }, last ? `Seneste måned: ${F.monthLabel(last)}` : "Ingen måneder med data"),
        el("div", { class: "scroll" }, F.renderTable(latestRows, { name: "fsm2-latest" }))));
  });

  F.page("ressourceforloeb", async function (target) {
    if (!available("haandholdt")) return notAvailable(target, "Ressourceforløb", "haandholdt");
    const st = F.state.rf || (F.state.rf = { kommune: F.defaultKommune() });
    const params = { kommune: st.kommune };
    const rights = F.state.me.rights;
    const ind = await F.measurement("haandholdt", Object.assign({ del: "indikatorer" }, params));
    const parts = [poolHead(`Ressourceforløb – ${F.kommuneName(st.kommune)} Kommune`,
      "Håndholdt ressourceforløb: passive andel og indikatorer, sagsstamme pr. koordinerende sagsbehandler, frister.", st,
      F.downloadButtons("haandholdt", Object.assign({ del: "indikatorer" }, params))), F.horizonLine(ind) || ""];
    const rows = F.rowsOf(ind);
    parts.push(el("div", { class: "card" }, el("h2", {}, "Indikatorer over tid"),
      F.charts.legend([[F.kommuneName(st.kommune), F.charts.COLORS.kommune], ["Landsplan", F.charts.COLORS.land]]),
      el("div", { class: "grid", id: "charts" }, indicatorCharts(rows, st.kommune))));
    // The register's quarterly ressourceforløb figures, as on the Nøgletal page.
    const reg = F.state.reference.register || {};
    if (reg.sidste_maaned) {
      parts.push(await F.ressourceforloebCard({ kommune: st.kommune, to: reg.sidste_maaned, first: reg.foerste_maaned,
        kommuneLabel: `${F.kommuneName(st.kommune)} Kommune` }));
    }
    if (rights.staff) {
      const load = await F.measurement("haandholdt", Object.assign({ del: "sagsstamme" }, params));
      const lr = F.rowsOf(load);
      const last = lr.map((r) => r.periode).filter(Boolean).sort().slice(-1)[0];
      parts.push(el("div", { class: "card" }, el("h2", { "data-latest-month": last || "" }, last ? `Sagsstamme pr. sagsbehandler, ${F.monthLabel(last)}` : "Sagsstamme pr. sagsbehandler"),
        last ? el("div", { class: "scroll" }, F.renderTable({ columns: load.columns, rows: lr.filter((r) => r.periode === last) }, { name: "sagsstamme" }))
          : el("p", { class: "muted", "data-table": "sagsstamme" }, "Ingen aktive sager i perioden.")));
    }
    if (rights.citizen) {
      const dl = await F.measurement("haandholdt", Object.assign({ del: "frister" }, params));
      const dr = F.rowsOf(dl);
      const overdue = dr.filter((r) => r.status === "overskredet" || r.status === "for_sent");
      parts.push(el("div", { class: "kpis" },
        el("div", { class: "kpi" }, el("div", { class: "v" }, F.fmtNumber(dr.length, 0)), el("div", { class: "l" }, "frister i alt")),
        el("div", { class: "kpi" }, el("div", { class: "v" }, F.fmtNumber(dr.filter((r) => r.status === "overholdt").length, 0)), el("div", { class: "l" }, "overholdt")),
        el("div", { class: "kpi" }, el("div", { class: "v up" }, F.fmtNumber(overdue.length, 0)), el("div", { class: "l" }, "overskredet eller for sent"))));
      parts.push(el("div", { class: "card" }, el("h2", {}, "Overskredne frister"),
        el("p", { class: "muted" }, "Borgere vises med pseudonym. Opslaget er logget."),
        el("div", { class: "scroll" }, F.renderTable({ columns: dl.columns, rows: overdue }, { name: "overskredet", personLink: true }))));
    }
    target.replaceChildren(...parts);
  });

})();
