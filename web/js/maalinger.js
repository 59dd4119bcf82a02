// Alle målinger: every measurement registered on the server, with a form built from its declared
// parameters, the Table rendered generically, a chart when the Table has a time column and a
// numeric value, and CSV/Excel download. A new measurement appears here without new page code.
"use strict";
(function () {
  const { el } = F;
  const TIME_COLUMNS = ["period", "maaned", "kvartal"];

  function genericChart(table) {
    const time = table.columns.find((c) => TIME_COLUMNS.includes(c.name));
    const value = table.columns.find((c) => c.role === "value" && c.type !== "string");
    if (!time || !value) return null;
    const dims = table.columns.filter((c) => c.role === "dimension" && c !== time && c.type === "string");
    const rows = F.rowsOf(table);
    const seriesOf = (r) => dims.map((d) => r[d.name]).join(" · ") || value.label || value.name;
    const names = [...new Set(rows.map(seriesOf))];
    if (names.length > 10) return el("p", { class: "muted" }, `Figuren vises for højst 10 serier (her ${names.length}); indsnævr parametrene.`);
    const data = rows.map((r) => ({ period: r[time.name], value: r[value.name], series: seriesOf(r) }));
    return el("div", {}, F.charts.legend(names.map((n, i) => [n, d3.schemeTableau10[i % 10]])),
      F.charts.line(data, { series: names, width: 900, height: 300 }));
  }

  F.renderMeasurementPage = async function (target, id, values) {
    const m = F.state.measurements.find((x) => x.id === id);
    if (!m) throw Object.assign(new Error(`Ukendt måling: ${id}`), { status: 404 });
    const st = (F.state.generic = F.state.generic || {});
    const params = values || st[id] || (st[id] = {});
    if (!params.kommune && F.state.me.kommune) params.kommune = String(F.state.me.kommune);
    const inputs = {};
    const form = el("form", { class: "controls", id: "measurement-form" }, m.params.map((p) => {
      const input = el("input", { name: p.name, value: params[p.name] || "", placeholder: p.default || "", title: p.help });
      if (p.name === "kommune" && F.state.me.kommune) input.readOnly = true;
      inputs[p.name] = input;
      return el("label", {}, p.name, input);
    }), el("button", { class: "primary", type: "submit" }, "Vis"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      for (const [k, i] of Object.entries(inputs)) params[k] = i.value.trim();
      F.route();
    });
    const head = el("div", { class: "page-head" },
      el("div", {}, el("h1", {}, m.title), el("p", { class: "muted" }, `${m.description} · kilde: ${m.source === "register" ? "ydelsesregistret" : "sagshændelser"}${m.level === "citizen" ? " · borgerniveau (opslag logges)" : ""}`)),
      F.downloadButtons(id, params));
    let body;
    try {
      const table = await F.measurement(id, params);
      const chart = genericChart(table);
      body = [chart ? el("div", { class: "card" }, chart) : null,
        el("div", { class: "card" }, el("p", { class: "muted" }, `${table.rows.length} rækker`),
          el("div", { class: "scroll" }, F.renderTable(table, { name: id, personLink: true })),
          el("p", { class: "muted" }, (table.notes || []).join(" ")))];
    } catch (e) {
      body = [el("div", { class: "card" }, el("p", { class: "error", "data-error": e.status }, e.message))];
    }
    target.replaceChildren(head, el("div", { class: "card" }, form), ...body);
  };

  F.page("maalinger", async function (target, rest) {
    if (rest[0]) return F.renderMeasurementPage(target, rest[0]);
    const list = F.state.measurements;
    target.replaceChildren(el("h1", {}, "Alle målinger"),
      el("p", { class: "muted" }, "Hver måling kan hentes som tabel, CSV og Excel med samme parametre som kommandolinjen (fremdrift measure)."),
      el("div", { class: "card" }, el("table", { class: "data", "data-table": "measurements" },
        el("thead", {}, el("tr", {}, el("th", {}, "Måling"), el("th", {}, "Id"), el("th", {}, "Kilde"), el("th", {}, "Niveau"), el("th", {}, "Status"))),
        el("tbody", {}, list.map((m) => el("tr", {},
          el("td", {}, m.available && m.allowed ? el("a", { href: `#/maalinger/${m.id}` }, m.title) : m.title),
          el("td", {}, el("code", {}, m.id)),
          el("td", {}, m.source === "register" ? "Ydelsesregister" : "Sagshændelser"),
          el("td", {}, { aggregate: "Aggregeret", staff: "Pr. sagsbehandler", citizen: "Borgerniveau" }[m.level]),
          el("td", {}, !m.available ? "ikke tilgængelig" : m.allowed ? "tilgængelig" : "ingen adgang")))))));
  });
})();
