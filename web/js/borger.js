// Borger: for caseworkers and leaders, the citizens of their municipality (by pseudonym) and one
// citizen's timeline: forløb (placements, offers, visitations, ...) as bars, every event in order,
// and the pools' deadlines with their status. Every lookup is written to the audit log with its
// purpose (formål), which the user picks before any citizen is shown (kept while the page lives).
"use strict";
(function () {
  const { el } = F;
  // Attributes in words: "Art: Virksomhedspraktik", ids through the label table.
  const attrText = (attrs, sep) => Object.entries(attrs || {})
    .map(([k, v]) => `${F.label("attribut", k)}: ${k === "group" ? F.groupName(v) : F.label("kode", v)}`).join(sep);
  const NO_CASEWORKER = "Sagshændelserne angiver ingen sagsbehandler";
  const MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

  async function list(target) {
    const st = F.state.borger || (F.state.borger = { q: "" });
    const data = await F.api(`/api/v1/borgere?${F.query({ q: st.q, limit: 200, formaal: F.state.formaal })}`);
    const search = el("input", { id: "citizen-search", value: st.q, placeholder: "pseudonym begynder med …" });
    search.addEventListener("change", () => { st.q = search.value.trim(); F.route(); });
    // The caseworker column only when the events name one; else one sentence says so.
    const withWorker = data.borgere.some((b) => b.sagsbehandler);
    const heads = ["Borger (pseudonym)"].concat(withWorker ? ["Sagsbehandler"] : [], ["Hændelser", "Første", "Seneste", "Seneste hændelse"]);
    const where = F.state.me.kommune_navn ? `${F.state.me.kommune_navn} Kommune` : "alle kommuner";
    target.replaceChildren(
      el("div", { class: "page-head" },
        el("div", {}, el("h1", {}, `Borgere – ${where}`),
          el("p", { class: "muted" }, `${F.fmtNumber(data.i_alt, 0)} borgere med sagshændelser; viser ${F.fmtNumber(data.vist, 0)}. Borgere vises med pseudonym; opslag logges.` +
            (withWorker ? "" : ` ${NO_CASEWORKER}.`))),
        el("div", { class: "controls" }, el("label", {}, "Søg", search), purposeNote())),
      el("div", { class: "card" }, el("div", { class: "scroll" }, el("table", { class: "data", "data-table": "borgere" },
        el("thead", {}, el("tr", {}, heads.map((h) => el("th", {}, h)))),
        el("tbody", {}, data.borgere.map((b) => el("tr", {},
          el("td", {}, el("a", { href: `#/borger/${encodeURIComponent(b.person)}` }, b.person)),
          withWorker ? el("td", {}, b.sagsbehandler || "Ikke registreret") : null, el("td", { class: "num" }, F.fmtNumber(b.haendelser, 0)),
          el("td", {}, b.foerste), el("td", {}, b.seneste), el("td", {}, F.label("haendelse", b.seneste_type)))))))));
  }

  function timelineChart(forloeb, events) {
    // Open forløb are drawn up to three months after the latest event (not to today's date).
    const lastEvent = events.reduce((m, e) => (e.dato > m ? e.dato : m), "1970-01-01");
    const openEnd = new Date(lastEvent);
    openEnd.setUTCMonth(openEnd.getUTCMonth() + 3);
    const bars = forloeb.map((f) => ({ art: F.label("forloeb", f.art), start: new Date(f.start), end: f.slut ? new Date(f.slut) : openEnd, aaben: f.aaben }));
    const dots = events.map((e) => ({ date: new Date(e.dato), type: F.label("haendelse", e.type) }));
    if (!bars.length && !dots.length) return el("p", { class: "muted" }, "Ingen forløb.");
    const chart = Plot.plot({
      width: 1000, height: 60 + 28 * (new Set(bars.map((b) => b.art)).size + 1), marginLeft: 110,
      style: { fontFamily: "inherit", fontSize: "11px" },
      // Danish month names ("sep 20"), about six of them (Plot's default is English).
      x: { type: "utc", label: null, grid: true, ticks: 6,
        tickFormat: (d) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear()).slice(2)}` },
      y: { label: null },
      marks: [
        Plot.barX(bars, { x1: "start", x2: "end", y: "art", fill: (d) => (d.aaben ? "#2f6db5" : "#9bb7d9"), rx: 3, title: (d) => d.art }),
        Plot.dot(dots, { x: "date", y: () => "hændelser", r: 3.5, fill: "#e07b00", title: (d) => d.type }),
      ],
    });
    return el("div", { class: "chart", "data-points": String(dots.length) }, chart);
  }

  async function one(target, person) {
    const b = await F.api(`/api/v1/borgere/${encodeURIComponent(person)}?${F.query({ formaal: F.state.formaal })}`);
    const open = b.forloeb.filter((f) => f.aaben);
    const overdue = b.frister.filter((f) => f.status === "overskredet" || f.status === "aaben");
    target.replaceChildren(
      el("div", { class: "page-head" },
        el("div", {}, el("p", {}, el("a", { href: "#/borger" }, "← alle borgere")),
          el("h1", {}, `Borger ${b.person}`),
          el("p", { class: "muted" }, `${F.kommuneName(b.kommune)} Kommune · ${b.sagsbehandler ? `sagsbehandler: ${b.sagsbehandler}` : NO_CASEWORKER} · opslaget er logget`))),
      el("div", { class: "kpis" },
        el("div", { class: "kpi" }, el("div", { class: "v" }, String(b.haendelser.length)), el("div", { class: "l" }, "hændelser")),
        el("div", { class: "kpi" }, el("div", { class: "v" }, String(open.length)), el("div", { class: "l" }, "åbne forløb")),
        el("div", { class: "kpi" }, el("div", { class: "v" + (overdue.length ? " up" : "") }, String(overdue.length)), el("div", { class: "l" }, "åbne eller overskredne frister"))),
      el("div", { class: "card" }, el("h2", {}, "Forløb og hændelser over tid"), timelineChart(b.forloeb, b.haendelser)),
      el("div", { class: "two" },
        el("div", { class: "card" }, el("h2", {}, "Frister"), b.frister.length ? el("table", { class: "data", "data-table": "frister" },
          el("thead", {}, el("tr", {}, ["Pulje", "Frist", "Start", "Senest", "Opfyldt", "Status"].map((h) => el("th", {}, h)))),
          el("tbody", {}, b.frister.map((f) => el("tr", {}, el("td", {}, F.label("maaling", f.pulje)), el("td", { "data-value": f.frist }, F.label("frist", f.frist)), el("td", {}, f.start),
            el("td", {}, f.fristdato), el("td", {}, f.opfyldt || "–"), el("td", { "data-value": f.status }, el("span", { class: "pill " + f.status }, F.label("status", f.status)))))))
          : el("p", { class: "muted" }, "Ingen frister.")),
        el("div", { class: "card" }, el("h2", {}, "Forløb"), el("table", { class: "data", "data-table": "forloeb" },
          el("thead", {}, el("tr", {}, ["Art", "Start", "Slut", "Detaljer"].map((h) => el("th", {}, h)))),
          el("tbody", {}, b.forloeb.map((f) => el("tr", {}, el("td", { "data-value": f.art }, F.label("forloeb", f.art)), el("td", {}, f.start), el("td", {}, f.slut || "åben"),
            el("td", {}, attrText(f.attributter, ", ")))))))),
      el("div", { class: "card" }, el("h2", {}, "Hændelser"), el("div", { class: "scroll" }, el("table", { class: "data", "data-table": "haendelser" },
        el("thead", {}, el("tr", {}, ["Dato", "Type", "Detaljer", "Registreret af", "Registreret"].map((h) => el("th", {}, h)))),
        el("tbody", {}, b.haendelser.map((e) => el("tr", {}, el("td", {}, e.dato), el("td", { "data-value": e.type }, F.label("haendelse", e.type)),
          el("td", { class: "timeline-event" }, attrText(e.attributter, " · ")),
          el("td", {}, e.registreret_af), el("td", {}, e.registreret))))))));
  }

  // The purpose of the lookups, chosen once; "skift" asks again.
  function purposeNote() {
    const change = el("a", { href: "#/borger", id: "formaal-skift" }, "skift");
    change.addEventListener("click", (ev) => {
      ev.preventDefault();
      F.state.formaal = "";
      if (location.hash === "#/borger") F.route(); else location.hash = "#/borger";
    });
    return el("span", { class: "muted", "data-formaal": F.state.formaal }, `Formål: ${F.state.formaal} (`, change, ")");
  }

  function choosePurpose(target) {
    const select = el("select", { id: "formaal" }, (F.state.me.formaal || []).map((p) => el("option", { value: p }, p)));
    const go = el("button", { id: "formaal-vaelg", type: "button" }, "Fortsæt");
    go.addEventListener("click", () => { F.state.formaal = select.value; F.route(); });
    target.replaceChildren(el("div", { class: "card" }, el("h1", {}, "Borger"),
      el("p", {}, "Vælg formålet med dine opslag. Formålet skrives i adgangsloggen ved hvert opslag, og en borger kan få oplyst det."),
      el("div", { class: "controls" }, el("label", {}, "Formål", select), go)));
  }

  F.page("borger", async function (target, rest) {
    if (!F.state.me.rights.citizen) {
      target.replaceChildren(el("div", { class: "card" }, el("h1", {}, "Borger"),
        el("p", { class: "notice" }, "Din rolle giver ikke adgang til oplysninger om enkelte borgere.")));
      return;
    }
    if (!F.state.formaal) return choosePurpose(target);
    return rest[0] ? one(target, rest[0]) : list(target);
  });
})();
