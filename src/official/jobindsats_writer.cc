// A jobindsats API v2 data response from figures (jobindsats_writer.h).
#include "official/jobindsats_writer.h"

#include <cmath>

#include <nlohmann/json.hpp>

namespace fremdrift::official {
namespace {

using nlohmann::json;

json Number(const std::optional<double>& v, int decimals) {
  if (!v || !std::isfinite(*v)) return nullptr;
  const double scale = std::pow(10.0, decimals);
  return std::round(*v * scale) / scale;
}

json Response(const std::vector<std::string>& labels, json data) {
  json variables = json::array();
  for (const std::string& l : labels) variables.push_back({{"Label", l}});
  return json::array({{{"Variables", std::move(variables)}, {"Data", std::move(data)}}});
}

}  // namespace

std::string BenefitResponseJson(const std::vector<BenefitResponseRow>& rows) {
  std::vector<std::string> labels = {"Area", "Periode"};
  for (const MeasureColumn& c : MeasureColumns(TableKind::kBenefit)) labels.emplace_back(c.label);
  json data = json::array();
  for (const BenefitResponseRow& r : rows) {
    data.push_back({r.area, r.period, Number(r.personer, 0), Number(r.fuldtidspersoner, 1),
                    Number(r.andel_arbejdsstyrke, 2), Number(r.andel_befolkning, 2)});
  }
  return Response(labels, std::move(data)).dump() + "\n";
}

std::string BenchmarkResponseJson(const std::vector<BenchmarkResponseRow>& rows) {
  std::vector<std::string> labels = {"Area", "Periode", "Ydelsesgrupper"};
  for (const MeasureColumn& c : MeasureColumns(TableKind::kBenchmark)) labels.emplace_back(c.label);
  json data = json::array();
  for (const BenchmarkResponseRow& r : rows) {
    // The measure columns in MeasureColumns' order: forventet, faktisk, forskel (antal), then
    // the same for the share, then the rank.
    data.push_back({r.area, r.period, r.group_label, Number(r.forventet_antal, 0),
                    Number(r.faktisk_antal, 0), Number(r.forventet_antal - r.faktisk_antal, 0),
                    Number(r.forventet_andel, 1), Number(r.faktisk_andel, 1),
                    Number(r.forventet_andel - r.faktisk_andel, 1), r.placering});
  }
  return Response(labels, std::move(data)).dump() + "\n";
}

}  // namespace fremdrift::official
