// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <QString>
#include <QStringList>
#include <QVersionNumber>

class QObject;

// Finding Node.js and the rule host, and the flags the host runs with (src/rulehost/host.js
// header): a heap cap, and on Node >= 20 the permission model — reads only in the host's
// folder, plus --allow-worker so the host keeps its own watchdog thread.
namespace NodeRuntime {

QVersionNumber minimumVersion(); // 18
// `node`, else `nodejs`, on PATH; empty when neither is there.
QString find();
// RULEBENCH_RULEHOST_DIR, else <binary dir>/../share/rulebench/rulehost (build tree and install).
QString defaultHostDir();

// `program --version`, asked once per program and remembered; `done` runs later on the
// calling thread with the version, or a null version and what went wrong.
using ProbeCallback = std::function<void(const QVersionNumber &version, const QString &error)>;
void probe(const QString &program, QObject *context, ProbeCallback done);

struct Flags
{
    int maxOldSpaceMb = 512;
    bool permissions = true;
    bool allowWorker = true;
};
// The node arguments for host.js in `hostDir` (canonical path) on this Node version.
QStringList arguments(const QVersionNumber &version, const Flags &flags, const QString &hostDir);

// Node's own warnings about the permission flags, printed on every start of Node 20.
bool isFlagWarning(const QString &stderrLine);

} // namespace NodeRuntime
