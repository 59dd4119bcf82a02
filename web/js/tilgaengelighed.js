// "Tilgængelighed": what the dashboard and the committee documents do for users of screen readers,
// magnification and keyboard, how it is checked before every release, and what is known not to
// be covered (the dashboard's help; docs/reports.md "Accessibility").
"use strict";
(function () {
  const { el } = F;
  const list = (items) => el("ul", {}, items.map((t) => el("li", {}, t)));

  F.page("tilgaengelighed", async function (target) {
    target.replaceChildren(
      el("div", { class: "page-head" }, el("div", {}, el("h1", {}, "Tilgængelighed"),
        el("p", { class: "muted" }, "Sådan kan fremdrift bruges med skærmlæser, forstørrelse og tastatur, og sådan kontrolleres det. Målet er WCAG 2.1 niveau AA, som webtilgængelighedsloven kræver af offentlige websteder og dokumenter."))),
      el("div", { class: "card", "data-help": "dashboard" }, el("h2", {}, "Dashboardet"),
        list([
          "Sproget er angivet som dansk, og hver side har overskrifter i rækkefølge (én hovedoverskrift, derefter afsnit).",
          "Alle knapper, menupunkter, vælgere og felter kan nås med Tab og bruges med Enter eller piletasterne; det felt, der har fokus, har en tydelig ramme.",
          "Felter har synlige ledetekster, og en forkert adgangskode meddeles til skærmlæsere.",
          "Hvert diagram har en tekst, der siger, hvad det viser, og tallene står i en tabel eller tekst ved siden af. Tabeller, der er bredere end skærmen, kan rulles med tastaturet.",
          "Farver har mindst kontrastforholdet 4,5:1 til baggrunden, og ingen oplysning gives alene med farve.",
        ])),
      el("div", { class: "card", "data-help": "dokumenter" }, el("h2", {}, "Udvalgsdokumenterne"),
        list([
          "PDF-dokumenterne er mærkede (tagged PDF): overskrifter, afsnit, lister, tabeller med kolonneoverskrifter og figurer med alternativ tekst, dansk sprog og en titel, i læserækkefølge.",
          "Figurernes alternative tekst siger med ord, hvad diagrammet viser, og de seneste tal.",
          "HTML-udgaven har de samme overskrifter, tabeller og figurtekster; regnearket har tallene bag hver figur.",
          "Tal for færre end 5 personer vises ikke i dokumenter, rapporteringstabeller og udtræk (\"<5\"), så ingen kan genkendes.",
        ])),
      el("div", { class: "card", "data-help": "kontrol" }, el("h2", {}, "Sådan kontrolleres det"),
        list([
          "Ved hver ændring åbnes hver side i dashboardet for hver demo-rolle (ledere, sagsbehandler, analytiker) i en rigtig browser, og værktøjet axe-core kontrollerer alle WCAG 2.0/2.1 A- og AA-regler; én overtrædelse stopper udgivelsen.",
          "En test bruger kun tastaturet: logger ind (også med forkert adgangskode) og åbner hver side i menuen med Tab og Enter og kontrollerer, at fokus kan ses.",
          "Hvert slags udvalgsdokument laves af programmet og læses tilbage: PDF'ens struktur (overskrifter i rækkefølge, tabeller med overskriftsceller, alternativ tekst på hver figur, sprog og titel) og HTML-udgaven med axe-core.",
          "En test læser alle dokumenter, rapporteringstabeller og analytikerudtræk fra demoen og fejler, hvis et tal for 1 til 4 personer slipper ud.",
        ])),
      el("div", { class: "card", "data-help": "mangler" }, el("h2", {}, "Kendte begrænsninger"),
        list([
          "Diagrammerne i dashboardet kan ikke udforskes punkt for punkt med skærmlæser; brug tabellen ved siden af eller hent tallene som CSV eller Excel.",
        ]),
        el("p", { class: "muted" }, "Oplever du en barriere, så kontakt kommunens systemansvarlige, der driver fremdrift.")));
  });
})();
