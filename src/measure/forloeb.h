// Forløb measurements: ongoing, started and ended forløb per benefit group, area and period with
// duration bands, average duration and "ongoing sygedagpenge forløb over 26 weeks" (forloeb); end
// reasons and status 4/13/26/52 weeks after the end (afgang); the share of ended forløb in
// employment 1, 3, 6 and 12 months after (beskaeftigelse); and the committee's quarterly
// statistics on ressourceforløb (ressourceforloeb). Thread-safe: reads the immutable store.
#pragma once

#include "common/status.h"
#include "measure/fuldtidspersoner.h"
#include "table/table.h"

namespace fremdrift {

// periode, omraade, ydelsesgruppe, igangvaerende, startede, afsluttede, igangvaerende_over_26_uger,
// gennemsnitlig_varighed_afsluttede (weeks), and one column per duration band of the ongoing
// forløb (varighed_0_4_uger ... varighed_over_3_aar).
Result<Table> ForloebTable(const SpellStore& store, const ReferenceData& ref, const FtpQuery& q);

// periode, omraade, ydelsesgruppe, maal (afgangsaarsag, status_4_uger, status_13_uger,
// status_26_uger, status_52_uger), status, antal, andel (percent of the forløb ended in the
// period).
Result<Table> AfgangTable(const SpellStore& store, const ReferenceData& ref, const FtpQuery& q);

// "Fra ydelse til beskæftigelse": periode, omraade, ydelsesgruppe, maal (efter_1_maaned,
// efter_3_maaneder, efter_6_maaneder, efter_12_maaneder: 4, 13, 26, 52 weeks after the last week),
// afsluttede (forløb ended in the period), naevner (those whose week end+k lies in the register and
// in a month the employment columns cover), antal (status beskaeftigelse in that week), andel
// (100 × antal / naevner). Without employment columns naevner, antal and andel are empty and a
// missing_data note says why.
Result<Table> BeskaeftigelseTable(const SpellStore& store, const ReferenceData& ref,
                                  const FtpQuery& q);

// periode, omraade, maal (startede, afsluttede, igangvaerende), dimension (i_alt, alder, koen,
// forrige_ydelse, afgangsaarsag, status_13_uger, status_26_uger), kategori, antal.
Result<Table> RessourceforloebTable(const SpellStore& store, const ReferenceData& ref,
                                    const FtpQuery& q);

}  // namespace fremdrift
