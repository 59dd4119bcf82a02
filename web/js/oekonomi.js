// The Økonomi page: the budget follow-up (forventet regnskab) of a stored budget, the pools'
// grants with their appropriations and payout status (best month, tier reached, amount due, money
// at stake, what each tier pays), and importing finance CSV files. Leaders see and import their
// own municipality; analysts see every municipality; admins see and import for all; caseworkers
// have no access (the server refuses them too).
"use strict";
(function () {
  const { el } = F;
  const kr = (v) => (v === null || v === undefined ? "–" : `${F.fmtNumber(v, 0)} kr.`);

  function kpi(value, label, attrs) {
    return el("div", Object.assign({ class: "kpi" }, attrs || {}), el("div", { class: "v" }, value), el("div", { class: "l" }, label));
  }

  // The follow-up table: bold totals and budget areas, italic frame lines, indents by level.
  function budgetTable(budget) {
    const table = F.renderTable(budget.tabel, { name: "budget" });
    const rows = table.querySelectorAll("tbody tr");
    budget.linjer.forEach((line, i) => {
      const tr = rows[i];
      if (!tr) return;
      tr.dataset.line = line.id;
      tr.dataset.kind = line.art;
      const first = tr.children[0];
      first.style.paddingLeft = `${8 + 14 * Math.max(0, line.niveau - 1)}px`;
      if (line.art === "total" || line.art === "area") tr.style.fontWeight = "600";
      if (line.art === "frame" || line.art === "nonframe") first.style.fontStyle = "italic";
      if (line.art === "area") tr.style.borderTop = "2px solid #c5cfdb";
    });
    return table;
  }

  function grantCard(g) {
    const s = g.status;
    const tiers = {
      columns: [
        { name: "trin", label: "Resultat i bedste måned", type: "string" },
        { name: "rate1", label: "1. rate (kr.)", type: "integer" },
        { name: "rate2", label: "2. rate (kr.)", type: "integer" },
        { name: "i_alt", label: "Udbetaling i alt (kr.)", type: "integer" },
        { name: "ikke_udbetalt", label: "Ikke udbetalt (kr.)", type: "integer" },
        { name: "naaet", label: "Nået nu", type: "string" }],
      rows: g.trin.map((t) => Object.assign({}, t, { naaet: t.naaet ? "ja" : "" })) };
    const apps = {
      columns: [
        { name: "aar", label: "År", type: "string" },
        { name: "serviceomraade", label: "Serviceområde", type: "string" },
        { name: "indtaegt", label: "Indtægtsbevilling (kr.)", type: "integer" },
        { name: "udgift", label: "Udgiftsbevilling (kr.)", type: "integer" }],
      rows: g.bevillinger.map((a) => Object.assign({}, a, { aar: String(a.aar) })) };
    const months = g.maaneder.filter((m) => m.andel !== null || m.andel_landsplan !== null);
    const local = F.kommuneName(Number(g.kommune));
    const chart = months.length ? F.charts.line(
      months.flatMap((m) => [
        { period: m.periode, value: m.andel, series: local },
        { period: m.periode, value: m.andel_landsplan, series: "Landsplan" }]).filter((p) => p.value !== null),
      { series: [local, "Landsplan"], colors: [F.charts.COLORS.kommune, F.charts.COLORS.land], percent: true,
        // The grant's payout thresholds as goal lines ("Mål 1: 15 %").
        targets: g.trin.filter((t) => t.taerskel_pct !== null && t.taerskel_pct > 0)
          .map((t, i) => ({ value: t.taerskel_pct, label: `Mål ${i + 1}: ${F.fmtPct(t.taerskel_pct, false, 0)}` })) }) : null;
    const reached = s.bedste_maaned === null ? "Ingen målte måneder endnu"
      : s.trin === 0 ? `Første mål (${F.fmtPct(g.trin[1] ? g.trin[1].taerskel_pct : null)}) ikke nået`
        : `Mål ${s.trin} nået`;
    return el("div", { class: "card", "data-grant": g.id },
      el("h2", {}, `${g.pulje} (${g.id})`),
      el("p", { class: "muted" }, `${g.tilskudsgiver} · ${g.start} – ${g.slut} · ${g.serviceomraade} · udbetaling efter ${g.udbetalingsregel}`),
      el("div", { class: "kpis" },
        kpi(kr(g.tilskud), "tilsagn", { "data-kpi": "tilskud" }),
        kpi(s.bedste_maaned ? `${F.fmtPct(s.andel)}` : "–", s.bedste_maaned ? `bedste måned: ${F.monthLabel(s.bedste_maaned)}` : "bedste måned", { "data-kpi": "andel" }),
        kpi(reached, "udbetalingsmål", { "data-kpi": "trin" }),
        kpi(kr(s.i_alt), "udbetales med resultatet nu", { "data-kpi": "udbetaling" }),
        kpi(kr(s.paa_spil), "på spil", { "data-kpi": "paa_spil" })),
      el("h3", {}, "Udbetaling efter opnået resultat"),
      F.renderTable(tiers, { name: `trin-${g.id}` }),
      chart ? el("div", { class: "chart-card", "data-chart": g.id },
        el("h3", {}, `Udbetalingsmålet pr. måned: ${g.indikator_tekst || g.indikator}`),
        F.charts.legend([[local, F.charts.COLORS.kommune], ["Landsplan", F.charts.COLORS.land]]),
        chart) : null,
      el("h3", {}, "Indtægts- og udgiftsbevillinger"),
      F.renderTable(apps, { name: `bevillinger-${g.id}` }),
      g.kontrol.length ? el("p", { class: "notice", "data-kontrol": g.id }, `Kontrol: ${g.kontrol.join("; ")}.`) : null);
  }

  function importCard(onDone) {
    const input = el("input", { type: "file", id: "finance-files", multiple: true, accept: ".csv,text/csv", "aria-label": "CSV-filer med budget og tilsagn" });
    const out = el("p", { id: "finance-result", role: "status" });
    const button = el("button", { class: "primary", id: "finance-import", onclick: async () => {
      out.textContent = "";
      const files = await Promise.all([...input.files].map(async (f) => ({ name: f.name, text: await f.text() })));
      if (!files.length) { out.textContent = "Vælg en eller flere CSV-filer."; return; }
      try {
        const r = await F.api("/api/v1/finance/import", { method: "POST", body: { files } });
        out.className = "";
        out.textContent = `Importeret: ${r.added} rækker tilføjet, ${r.skipped} uændrede.` +
          (r.warnings.length ? ` Bemærk: ${r.warnings.join("; ")}.` : "");
        onDone();
      } catch (e) {
        out.className = "error";
        out.textContent = `Intet blev importeret: ${e.message}`;
      }
    } }, "Importér");
    return el("div", { class: "card" }, el("h2", {}, "Importér budget og tilsagn"),
      el("p", { class: "muted" }, "Budgetlinjer, tilsagn, bevillinger, udbetalingsrater og regnskaber som CSV (se docs/formats/budget.md). Alle filer gemmes, eller ingen."),
      el("div", { class: "controls" }, input, button), out);
  }

  F.page("oekonomi", async function (target) {
    if (!F.state.me.rights.finance) {
      target.replaceChildren(el("div", { class: "card" }, el("h1", {}, "Økonomi"),
        el("p", { class: "notice" }, "Du har ikke adgang til økonomisiden (ledere, analytikere og administratorer).")));
      return;
    }
    const st = F.state.oekonomi || (F.state.oekonomi = { kommune: F.defaultKommune(), month: "" });
    const { budgetter } = await F.api(`/api/v1/finance/budgets?${F.query({ kommune: st.kommune })}`);
    const months = budgetter.flatMap((b) => b.maaneder.slice(1).map((m) => m)).sort();
    if (st.month && !months.includes(st.month)) st.month = "";
    const month = st.month || months[months.length - 1] || "";
    const [budget, grants] = await Promise.all([
      month ? F.api(`/api/v1/finance/budget?${F.query({ kommune: st.kommune, month })}`) : Promise.resolve(null),
      F.api(`/api/v1/finance/grants?${F.query({ kommune: st.kommune })}`)]);
    const monthPicker = el("label", {}, "Opfølgning",
      el("select", { id: "month-picker", disabled: months.length < 2, onchange: (e) => { st.month = e.target.value; F.route(); } },
        months.map((m) => el("option", { value: m, selected: m === month }, F.monthLabel(m)))));
    const parts = [el("div", { class: "page-head" },
      el("div", {}, el("h1", {}, `Økonomi – ${F.kommuneName(st.kommune)} Kommune`),
        el("p", { class: "muted" }, "Budgetopfølgning (forventet regnskab) og puljetilsagn med udbetalingsstatus.")),
      el("div", { class: "controls" },
        F.kommunePicker(st.kommune, (v) => { st.kommune = v; st.month = ""; F.setKommune(v); F.route(); }),
        monthPicker))];
    if (budget) {
      parts.push(el("div", { class: "card" },
        el("h2", {}, budget.titel || `Forventet regnskab ${budget.aar}`),
        el("p", { class: "muted" }, `${budget.udvalg} · forventet regnskab pr. ${F.dateLabel(budget.dato)} mod ${F.dateLabel(budget.forrige_dato)} · 1.000 kr. · negative tal er merforbrug`),
        el("div", { class: "scroll" }, budgetTable(budget)),
        budget.kontrol.length ? el("p", { class: "notice", id: "budget-kontrol" }, `Kontrol: ${budget.kontrol.join("; ")}.`) : null));
    } else {
      parts.push(el("div", { class: "card" }, el("h2", {}, "Budgetopfølgning"),
        el("p", { class: "notice", id: "no-budget" }, "Der er ikke indlæst et budget for kommunen.")));
    }
    if (grants.tilsagn.length) {
      for (const g of grants.tilsagn) parts.push(grantCard(g));
    } else {
      parts.push(el("div", { class: "card" }, el("h2", {}, "Tilsagn"),
        el("p", { class: "notice", id: "no-grants" }, "Der er ikke indlæst tilsagn for kommunen.")));
    }
    if (F.state.me.rights.finance_import) parts.push(importCard(() => F.route()));
    target.replaceChildren(...parts);
  });
})();
