// SPDX-License-Identifier: MIT
#include "ServeCommand.h"

#include "common/JsonUtil.h"
#include "secrets/KeychainSecretStore.h"
#include "tenant/LocalTenant.h"
#include "tenant/LoginChain.h"
#include "tenant/SealKey.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

QString defaultDataFile()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return folder + QStringLiteral("/local-tenant.sqlite");
}

} // namespace

int ServeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port to listen on (0: any free port)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption dataOption(QStringLiteral("data"),
                                        QStringLiteral("Tenant data file (SQLite). Default: the app data folder."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption hostOption(QStringLiteral("host"), QStringLiteral("Address to bind (default 127.0.0.1)."),
                                        QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption rateOption(QStringLiteral("rate-limit"),
                                        QStringLiteral("Management API requests per second before 429 (default 1000)."),
                                        QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption noRulesOption(QStringLiteral("no-rules"),
                                           QStringLiteral("Answer the Rules endpoints as a tenant past Rules' end of life does (403), and run only Actions on logins."));
    parser.addOptions({portOption, dataOption, hostOption, rateOption, noRulesOption});
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("serve takes no arguments, got \"%1\"").arg(parser.positionalArguments().first()));
        return BadInput;
    }

    LocalTenant::Options options;
    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        printError(QStringLiteral("--port must be a number from 0 to 65535, got \"%1\"").arg(parser.value(portOption)));
        return BadInput;
    }
    options.port = quint16(port);
    options.rateLimitPerSecond = parser.value(rateOption).toInt(&ok);
    if (!ok || options.rateLimitPerSecond < 1) {
        printError(QStringLiteral("--rate-limit must be a whole number above 0, got \"%1\"").arg(parser.value(rateOption)));
        return BadInput;
    }
    options.host = parser.value(hostOption);
    options.rulesAvailable = !parser.isSet(noRulesOption);
    options.dataFile = parser.isSet(dataOption) ? parser.value(dataOption) : defaultDataFile();
    if (options.dataFile != QLatin1String(":memory:") && QFileInfo(options.dataFile).isDir()) {
        printError(QStringLiteral("--data must name a file, \"%1\" is a folder").arg(options.dataFile));
        return BadInput;
    }

    if (options.dataFile != QLatin1String(":memory:")) {
        // The data file's secrets are sealed with a key from the keychain (or, on a machine
        // without one, a key file beside the data).
        KeychainSecretStore keychain(QStringLiteral("rulebench"), 5000);
        const SealKey seal = SealKey::forDataFile(keychain, options.dataFile, true);
        if (!seal.error.isEmpty()) {
            printError(QStringLiteral("cannot get the key that seals %1: %2").arg(options.dataFile, seal.error));
            return Failure;
        }
        if (seal.storedIn.endsWith(QLatin1String(".key")))
            std::fprintf(stderr, "rulebench-cli: no keychain reachable; the seal key of %s is in %s (owner-only)\n",
                         qPrintable(options.dataFile), qPrintable(seal.storedIn));
        options.sealKey = seal.key;
    }

    // Ctrl-C / SIGTERM: leave the event loop, then stop the server and close the store cleanly.
    // Installed before the server starts and announces itself: a supervisor may send SIGTERM
    // the moment it reads the first line, and the default action would kill us mid-write.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return Failure;
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, &QCoreApplication::quit);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    // User logins run the tenant's rules and Actions on a rule host of their own, started by
    // the first login that has rules or Actions to run. Each login is logged on stderr, one line
    // per HTTP call its rules made.
    LoginChain loginChain;
    loginChain.setTraceSink([](const QString &line) { std::fprintf(stderr, "rulebench-cli: %s\n", qPrintable(line)); });
    options.loginChain = &loginChain;

    QString error;
    auto tenant = LocalTenant::start(options, &error);
    if (!tenant) {
        printError(error);
        return Failure;
    }
    std::printf("listening on %s\n%s\n", qPrintable(tenant->baseUrl()),
                JsonUtil::compact(tenant->managementCredentials().toJson()).constData());
    std::fflush(stdout);

    const int status = QCoreApplication::exec();
    tenant->stop();
    tenant.reset();
    std::fprintf(stderr, "rulebench-cli: stopped\n");
    return status;
}
