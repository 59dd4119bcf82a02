// The catalogue's names as the server uses them (catalog/): measurements, their parameters and
// context, the case source and the data levels.
#pragma once

#include "catalog/case_source.h"
#include "catalog/catalog.h"
#include "catalog/data_level.h"
#include "catalog/params.h"

namespace fremdrift::server {

using catalog::AddAllMeasurements;
using catalog::Available;
using catalog::CaseSource;
using catalog::Compute;
using catalog::Input;
using catalog::LevelOf;
using catalog::LoadedCases;
using catalog::Measurement;
using catalog::MeasurementRegistry;
using catalog::MeasureContext;
using catalog::Params;
using catalog::ParamSpec;
using catalog::ParamType;
using catalog::ParamTypeName;
using catalog::ParseIntParam;
using catalog::SplitComma;

}  // namespace fremdrift::server
