// SPDX-License-Identifier: MIT
#include "KeychainProbe.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>

namespace KeychainProbe {
namespace {

constexpr int TimeLimitMs = 10000;

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out, err;
};

Run secretTool(const QStringList &arguments, const QByteArray &input = {})
{
    Run run;
    QProcess process;
    process.start(QStringLiteral("secret-tool"), arguments);
    if (!process.waitForStarted(TimeLimitMs))
        return run;
    process.write(input);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(TimeLimitMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString probe()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return QStringLiteral("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset): run the tests through "
                              "tests/headless-session.sh, which starts a bus and an unlocked gnome-keyring");
    if (QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
        return QStringLiteral("secret-tool is not installed (apt install libsecret-tools)");
    const QStringList item{QStringLiteral("server"), QStringLiteral("rulebench-test-probe"), QStringLiteral("user"), QStringLiteral("probe")};
    const Run store = secretTool(QStringList{QStringLiteral("store"), QStringLiteral("--label=rulebench test probe")} + item, "probe");
    if (!store.finished)
        return QStringLiteral("secret-tool store did not finish in %1 s (a keyring waiting for an unlock prompt?)").arg(TimeLimitMs / 1000);
    if (store.exitCode != 0)
        return QStringLiteral("secret-tool cannot store an item: %1").arg(QString::fromLocal8Bit(store.err).trimmed());
    secretTool(QStringList{QStringLiteral("clear")} + item);
    return {};
}

} // namespace

QString unavailableReason()
{
    static const QString reason = probe();
    return reason;
}

std::optional<Entry> lookup(const QString &key, QString *error)
{
    const QStringList attributes{QStringLiteral("user"), key, QStringLiteral("server"), QStringLiteral("rulebench")};
    const Run value = secretTool(QStringList{QStringLiteral("lookup")} + attributes);
    if (!value.finished || value.exitCode != 0) {
        if (error)
            *error = value.finished ? QStringLiteral("secret-tool lookup: no item user=%1 server=rulebench %2")
                                          .arg(key, QString::fromLocal8Bit(value.err).trimmed())
                                    : QStringLiteral("secret-tool lookup did not finish");
        return std::nullopt;
    }
    // `search --all` shows the attributes (on stderr), so the encoding is checked, not assumed.
    const Run search = secretTool(QStringList{QStringLiteral("search"), QStringLiteral("--all")} + attributes);
    static const QRegularExpression typeLine(QStringLiteral("^attribute\\.type = (.*)$"), QRegularExpression::MultilineOption);
    Entry entry;
    entry.type = typeLine.match(QString::fromUtf8(search.out + '\n' + search.err)).captured(1).trimmed();
    const QByteArray stored = value.out.endsWith('\n') ? value.out.chopped(1) : value.out;
    entry.secret = entry.type == QLatin1String("base64") ? QByteArray::fromBase64(stored) : stored;
    return entry;
}

bool clear(const QString &key)
{
    const Run run = secretTool({QStringLiteral("clear"), QStringLiteral("user"), key, QStringLiteral("server"), QStringLiteral("rulebench")});
    return run.finished && run.exitCode == 0;
}

} // namespace KeychainProbe
