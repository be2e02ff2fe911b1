// SPDX-License-Identifier: MIT
#pragma once

#include "rules/SimulationResult.h"

#include <QString>

// The human-readable form of a simulated login for `simulate` (without --json) and for the
// failure details of `test`.
namespace ResultPrinter {

QString text(const SimulationResult &result);
QString findingLine(const Finding &finding);

} // namespace ResultPrinter
