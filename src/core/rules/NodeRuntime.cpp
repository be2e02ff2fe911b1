// SPDX-License-Identifier: MIT
#include "NodeRuntime.h"

#include <QCoreApplication>
#include <QDir>
#include <QHash>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

namespace NodeRuntime {
namespace {

QHash<QString, QVersionNumber> &knownVersions()
{
    static QHash<QString, QVersionNumber> versions;
    return versions;
}

} // namespace

QVersionNumber minimumVersion()
{
    return QVersionNumber(18);
}

QString find()
{
    QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        node = QStandardPaths::findExecutable(QStringLiteral("nodejs"));
    return node;
}

QString defaultHostDir()
{
    const QByteArray fromEnvironment = qgetenv("RULEBENCH_RULEHOST_DIR");
    if (!fromEnvironment.isEmpty())
        return QDir::cleanPath(QString::fromLocal8Bit(fromEnvironment));
    return QDir::cleanPath(QCoreApplication::applicationDirPath()
                           + QStringLiteral("/../share/rulebench/rulehost"));
}

void probe(const QString &program, QObject *context, ProbeCallback done)
{
    const auto known = knownVersions().constFind(program);
    if (known != knownVersions().constEnd()) {
        const QVersionNumber version = *known;
        QTimer::singleShot(0, context, [done, version] { done(version, QString()); });
        return;
    }
    auto *process = new QProcess(context);
    process->setProgram(program);
    process->setArguments({ QStringLiteral("--version") });
    QObject::connect(
        process, &QProcess::finished, context, [process, program, done](int, QProcess::ExitStatus) {
            const QByteArray out = process->readAllStandardOutput().trimmed();
            process->deleteLater();
            const QVersionNumber version
                = QVersionNumber::fromString(QString::fromLatin1(out.startsWith('v') ? out.mid(1) : out));
            if (version.isNull()) {
                done({},
                     QCoreApplication::translate("NodeRuntime", "%1 --version printed \"%2\", not a version")
                         .arg(program, QString::fromLatin1(out)));
                return;
            }
            knownVersions().insert(program, version);
            done(version, QString());
        });
    QObject::connect(
        process, &QProcess::errorOccurred, context, [process, program, done](QProcess::ProcessError error) {
            if (error != QProcess::FailedToStart)
                return;
            const QString message = QCoreApplication::translate("NodeRuntime", "cannot run %1: %2")
                                        .arg(program, process->errorString());
            process->deleteLater();
            done({}, message);
        });
    process->start();
}

QStringList arguments(const QVersionNumber &version, const Flags &flags, const QString &hostDir)
{
    QStringList out { QStringLiteral("--max-old-space-size=%1").arg(flags.maxOldSpaceMb) };
    // The process is the security boundary, not vm (DESIGN.md). Node 20 has the permission
    // model behind --experimental-permission; 23.5 made it --permission.
    if (flags.permissions && version.majorVersion() >= 20) {
        const bool stable = version >= QVersionNumber(23, 5);
        out << (stable ? QStringLiteral("--permission") : QStringLiteral("--experimental-permission"))
            << QStringLiteral("--allow-fs-read=%1").arg(hostDir);
        if (flags.allowWorker)
            out << QStringLiteral("--allow-worker");
    }
    out << QDir(hostDir).filePath(QStringLiteral("host.js"));
    return out;
}

bool isFlagWarning(const QString &stderrLine)
{
    static const QRegularExpression noise(QStringLiteral(
        "ExperimentalWarning: Permission|SecurityWarning: The flag --allow-worker|--trace-warnings"));
    return noise.match(stderrLine).hasMatch();
}

} // namespace NodeRuntime
