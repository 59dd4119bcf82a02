// Herkomst (origin) of a register row: the extract's `herkomst` column mapped to the three
// categories of Statistics Denmark's and jobindsats' breakdowns: `dansk_oprindelse` (personer med
// dansk oprindelse), `vestlig` (indvandrere og efterkommere fra vestlige lande) and `ikke_vestlig`
// (indvandrere og efterkommere fra ikke-vestlige lande). Pure; thread-safe.
#pragma once

#include <array>
#include <string_view>

namespace fremdrift {

inline constexpr std::string_view kHerkomstColumn = "herkomst";
// The categories in the order the store keeps them (code 1, 2, 3; code 0 = ukendt).
inline constexpr std::array<std::string_view, 3> kHerkomstCategories = {
    "dansk_oprindelse", "vestlig", "ikke_vestlig"};

enum class HerkomstMatch { kCategory, kUnknown, kUnrecognised };

// Maps a value of the herkomst column: the spellings of Statistics Denmark ("Personer med dansk
// oprindelse", "Indvandrere fra vestlige lande", "Efterkommere fra ikke-vestlige lande"),
// jobindsats ("Indvandrere og efterkommere fra vestlige lande"), the short forms ("dansk",
// "vestlig", "ikke-vestlig") and the category names themselves, in any case, with '-', '_' or
// spaces. kCategory sets `code` (1..3, the index in kHerkomstCategories plus one); blank,
// "ukendt" and "uoplyst" are kUnknown (code 0); anything else is kUnrecognised.
HerkomstMatch MapHerkomst(std::string_view value, int& code);

}  // namespace fremdrift
