// The column vocabulary (see vocabulary.h).
#include "table/vocabulary.h"

#include <algorithm>

namespace fremdrift {

const std::vector<std::string_view>& ColumnVocabulary() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v = {
        // Shared dimensions.
        col::kPeriode, col::kOmraade, col::kKommune, col::kYdelsesgruppe, col::kPerson,
        // Register measurements: fuldtidspersoner, andel, ledighedsprocent.
        col::kFuldtidspersoner, col::kPersoner, "befolkning", "arbejdsstyrke", "andel_befolkning",
        "andel_arbejdsstyrke", "bruttoledige", "ledighedsprocent",
        // sammenligning.
        "noegletal", "enhed", "kommune_vaerdi", "sammenligningsomraade", "omraade_vaerdi",
        "region_vaerdi", "land_vaerdi", "aaret_foer", "aendring", "niveau_land", "niveau_omraade",
        "tekst", "tal_tekst", "top10_vaerdi", "kommune_fuldtidspersoner",
        // forloeb, afgang, ressourceforloeb.
        "igangvaerende", "startede", "afsluttede", "igangvaerende_over_26_uger",
        "gennemsnitlig_varighed_afsluttede", "gennemsnitlige_uger_med_ydelse_afsluttede",
        "varighed_0_4_uger", "varighed_5_8_uger",
        "varighed_9_13_uger", "varighed_14_26_uger", "varighed_27_39_uger", "varighed_40_52_uger",
        "varighed_1_2_aar", "varighed_2_3_aar", "varighed_over_3_aar", "maal", "status", "antal",
        col::kAndel, "dimension", "kategori",
        // Case measurements: pools, indsatsplaner, rettidighed, rehabilitering.
        "indikator", "beskrivelse", col::kTaeller, col::kNaevner, "bedste_maaned", "trin",
        "trin_pct", "tilskud", "rate1", "rate2", "i_alt", "sagsbehandler", "sager", "advarsel",
        "loft", "frist", "start", "fristdato", "opfyldt", "dage_over", "opgoerelse", "krav",
        "kravtekst", "mangler", "regel", "titel", "grupper", "gaelder_fra", "gaelder_til", "kilde",
        "kilde_kort", "kilde_type", "forklaring",
        "afgoerelse", "aldersgruppe", "alder", "dato", "art", "moeder", "median_dage",
        "gennemsnit_dage", "venter",
        // Finance: grants, appropriations, budgets and the budget follow-up.
        "id", "pulje", "tilskudsgiver", "projektperiode", "bevilget", "udbetaling", "paa_spil",
        "ikke_udbetalt", "naaet", "aar", "serviceomraade", "indtaegt", "udgift", "udvalg",
        "maaneder", "oprindeligt_budget", "korrigeret_budget", "forventet_regnskab_forrige",
        "forventet_regnskab", "afvigelse_oprindeligt", "afvigelse_korrigeret",
        // Official figures: afstemning (reconciliation with jobindsats.dk) and benchmark.
        "tabel", "fremdrift_vaerdi", "jobindsats_vaerdi", "forskel", "relativ_forskel", "afviger",
        "offentliggjort", "rolle", "placering", "faktisk_antal", "forventet_antal", "forskel_antal",
        "faktisk_andel", "forventet_andel", "forskel_andel",
        // Document tables (report/): a key figure's series and the national share beside the
        // local one.
        "vaerdi", "andel_landsplan"};
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  }();
  return names;
}

bool InColumnVocabulary(std::string_view name) {
  const auto& v = ColumnVocabulary();
  return std::binary_search(v.begin(), v.end(), name);
}

Status CheckColumnVocabulary(const Table& table) {
  for (const Column& c : table.columns()) {
    if (!InColumnVocabulary(c.name)) {
      return InvalidArgument(
          "column '{}' of table '{}' is not in the column vocabulary "
          "(docs/formats/table.md)",
          c.name, table.title);
    }
  }
  return Status::Ok();
}

}  // namespace fremdrift
