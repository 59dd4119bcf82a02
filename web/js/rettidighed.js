// Rettidighed: per benefit group, the share of citizens whose required conversations and offers
// were on time (the municipality against landsplan, one chart per group), the latest month's
// figures with numerator and denominator, the dated rules and the COVID-19 suspensions with their
// sources (law, date, kind of source), and, for caseworkers and leaders, the overdue citizens with
// a Danish explanation of each breach: rule, source and the dates (pseudonyms; the lookup is
// audited).
"use strict";
(function () {
  const { el } = F;
  const ID = "rettidighed";
  const kode = (k) => String(k).padStart(3, "0");
  // A Table with only the named columns (in that order), kilde_type shown in words.
  const pick = (table, names, rows) => ({
    columns: names.map((n) => table.columns.find((c) => c.name === n)).filter(Boolean),
    rows: (rows || F.rowsOf(table)).map((r) => Object.assign({}, r,
      r.kilde_type ? { kilde_type: F.label("kilde_type", r.kilde_type) } : {},
      r.grupper ? { grupper: groupNames(r.grupper) } : {})),
  });
  // "kontanthjaelp,a_dagpenge" → "Kontanthjælp, A-dagpenge" (the benefit groups' Danish names).
  const groupNames = (list) => String(list).split(/\s*,\s*/).filter(Boolean).map((g) => F.label("ydelsesgruppe", g)).join(", ");
  // The rules and the suspensions, each with its source beside it.
  function ruleSourceCards(regler) {
    const all = F.rowsOf(regler);
    const rules = all.filter((r) => r.art !== "suspension");
    const susp = all.filter((r) => r.art === "suspension");
    const cols = ["regel", "titel", "grupper", "gaelder_fra", "gaelder_til", "kilde_kort", "kilde_type", "kilde"];
    const cards = [el("div", { class: "card" }, el("h2", {}, "Regler og kilder"),
      el("p", { class: "muted" }, "Hver regel med sin hjemmel og gyldighedsperiode. Kildetype \"Kommunens fortolkning\" betyder, at kilderne ikke fastlægger reglen; den kan ændres i regelfilen."),
      el("div", { class: "scroll" }, F.renderTable(pick(regler, cols, rules), { name: "regler" })))];
    if (susp.length) {
      cards.push(el("div", { class: "card" }, el("h2", {}, "Suspenderede frister (COVID-19)"),
        el("p", { class: "muted" }, "I disse perioder blev fristerne sat i bero. Titlen siger, hvordan suspensionen virker på en frist."),
        el("div", { class: "scroll" }, F.renderTable(pick(regler, cols, susp), { name: "suspensioner" }))));
    }
    return cards;
  }

  // The overdue deadlines a caseworker acts on: those still not met (status overskredet), newest
  // deadline first, at most OVERDUE_SHOWN; then those met late with a deadline in the page's
  // latest month. The whole list (every status) is in the CSV and Excel downloads.
  const OVERDUE_SHOWN = 100;
  function overdueShown(rows, month) {
    const open = rows.filter((r) => r.status === "overskredet")
      .sort((a, b) => String(b.fristdato).localeCompare(String(a.fristdato)));
    const late = rows.filter((r) => r.status === "for_sent" && month && String(r.fristdato).slice(0, 7) === month);
    return { open, late, shown: [...open.slice(0, OVERDUE_SHOWN), ...late.slice(0, OVERDUE_SHOWN)] };
  }

  F.page(ID, async function (target) {
    const m = (F.state.measurements || []).find((x) => x.id === ID && x.available);
    if (!m) {
      target.replaceChildren(el("div", { class: "card" }, el("h1", {}, "Rettidighed"),
        el("p", { class: "notice", "data-missing": ID }, "Målingen \"rettidighed\" er ikke tilgængelig på denne server (den kræver sagshændelser, --db).")));
      return;
    }
    const st = F.state.rettidighed || (F.state.rettidighed = { kommune: F.defaultKommune() });
    const params = { kommune: st.kommune };
    const [andele, regler] = await Promise.all([F.measurement(ID, params), F.measurement(ID, { del: "regler" })]);
    // A month that ends after the data's horizon is only partly judged (a few days of deadlines):
    // it is left out of the charts and the latest month, and a sentence says so.
    const horizon = F.horizonOf(andele);
    const monthEnd = (p) => { const [y, m] = p.split("-").map(Number); return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); };
    const complete = (p) => !horizon || monthEnd(p) <= horizon;
    const allRows = F.rowsOf(andele).filter((r) => r.krav === "alle");
    const partial = [...new Set(allRows.map((r) => r.periode))].filter((p) => !complete(p)).sort();
    const rows = allRows.filter((r) => complete(r.periode));
    const mine = (r) => r.kommune === kode(st.kommune);
    const groups = [...new Set(rows.map((r) => r.ydelsesgruppe))];
    const months = [...new Set(rows.map((r) => r.periode))].sort();
    // The page opens on the latest whole month with deadlines judged (never after the data's
    // horizon: the API has no later month).
    const last = [...months].reverse().find((p) => rows.some((r) => r.periode === p && mine(r) && r.naevner > 0)) || months[months.length - 1];
    const name = F.kommuneName(st.kommune);
    const charts = groups.map((g) => {
      const data = rows.filter((r) => r.ydelsesgruppe === g && (mine(r) || r.kommune === "landsplan"))
        .map((r) => ({ period: r.periode, value: r.andel, series: r.kommune === "landsplan" ? "Landsplan" : name }));
      const latest = rows.find((r) => r.ydelsesgruppe === g && mine(r) && r.periode === last);
      return el("div", { class: "chart-card", "data-group": g },
        el("h3", {}, F.groupName(g), el("span", { class: "latest" }, latest ? F.fmtPct(latest.andel) : "")),
        F.charts.line(data, { series: [name, "Landsplan"], colors: [F.charts.COLORS.kommune, F.charts.COLORS.land], percent: true }));
    });
    const latestTable = { columns: andele.columns, rows: F.rowsOf(andele).filter((r) => r.periode === last && (mine(r) || r.kommune === "landsplan")) };
    const parts = [
      el("div", { class: "page-head" },
        el("div", {}, el("h1", {}, `Rettidighed – ${name} Kommune`),
          el("p", { class: "muted" }, "Andel borgere, hvis lovpligtige samtaler og tilbud blev holdt til tiden, pr. ydelsesgruppe og måned (måneden hvor fristen udløber), efter de regler der gjaldt, da ydelsen begyndte."),
          F.horizonLine(andele),
          partial.length ? el("p", { class: "muted", "data-partial-month": partial.join(",") },
            `${partial.map((p) => F.monthLabel(p)).join(", ").replace(/^./, (c) => c.toUpperCase())} er kun vurderet til og med ${F.dateLabel(horizon)} og vises ikke; tallene kommer med, når hændelserne for hele måneden er indlæst.`) : ""),
        el("div", { class: "controls" },
          F.kommunePicker(st.kommune, (v) => { st.kommune = v; F.setKommune(v); F.route(); }),
          F.downloadButtons(ID, params))),
      el("div", { class: "card" }, el("h2", {}, "Andel rettidige over tid"),
        F.charts.legend([[name, F.charts.COLORS.kommune], ["Landsplan", F.charts.COLORS.land]]),
        el("div", { class: "grid", id: "charts" }, charts.length ? charts : el("p", { class: "muted" }, "Ingen frister i perioden."))),
      el("div", { class: "card" }, el("h2", { "data-latest-month": last || "" }, last ? `Seneste måned: ${F.monthLabel(last)}` : "Ingen måneder med frister"),
        el("div", { class: "scroll" }, F.renderTable(latestTable, { name: "rettidighed-latest" }))),
    ];
    if (F.state.me.rights.citizen) {
      const frister = await F.measurement(ID, Object.assign({ del: "frister" }, params));
      const { open, late, shown } = overdueShown(F.rowsOf(frister), last);
      const lateText = last ? ` ${late.length} ${late.length === 1 ? "frist" : "frister"} med udløb i ${F.monthLabel(last)} blev opfyldt for sent.` : "";
      parts.push(el("div", { class: "card" }, el("h2", {}, "Borgere med overskredne frister"),
        el("p", { "data-overdue": String(open.length) },
          `${open.length} ${open.length === 1 ? "frist er" : "frister er"} overskredet og endnu ikke opfyldt${open.length > OVERDUE_SHOWN ? ` (de ${OVERDUE_SHOWN} nyeste vises)` : ""}.${lateText} Alle frister med status kan hentes som CSV eller Excel.`),
        F.downloadButtons(ID, Object.assign({ del: "frister" }, params)),
        el("p", { class: "muted" }, "Borgere vises med pseudonym. Hvert brud forklares med regel, kilde og de datoer, der gjorde det til et brud. Opslaget er logget."),
        el("div", { class: "scroll" }, F.renderTable(pick(frister, frister.columns.map((c) => c.name), shown), { name: "rettidighed-frister", personLink: true }))));
    }
    parts.push(...ruleSourceCards(regler));
    target.replaceChildren(...parts);
  });
})();
