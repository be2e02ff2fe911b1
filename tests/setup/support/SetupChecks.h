// SPDX-License-Identifier: MIT
#pragma once

#include "TenantHarness.h"
#include "setup/SetupPlan.h"
#include "setup/SetupRunner.h"

#include <QString>

// What a finished apply must have left on a tenant, said as the list of what is wrong (empty
// when all is well), for QVERIFY2.
namespace SetupChecks {

// Exactly one API, application, grant and rule of the plan, with the planned values, and the
// rules configuration keys. `clientId` is the application the run reported.
QString oneOfEach(const TenantSnapshot &snapshot, const SetupPlan &plan, const QString &clientId);
// The same resources as `before`, by id (a rollback, or a run that changed nothing).
QString sameResources(const TenantSnapshot &before, const TenantSnapshot &after);

// "api=created", "application=found", … in the order the run reported them.
QStringList stepActions(const SetupReport &report);
QString stepAction(const SetupReport &report, const QString &step);
// What a run that creates (or finds) everything reports.
QStringList everyStep(const QString &apiApplicationGrantRule);

} // namespace SetupChecks
