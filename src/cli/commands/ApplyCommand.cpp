// SPDX-License-Identifier: MIT
#include "ApplyCommand.h"

#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "management/ManagementClient.h"
#include "net/TenantAddress.h"
#include "profiles/ProfileStore.h"
#include "secrets/SecretKeys.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/MemorySecretStore.h"
#include "setup/SetupRunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QStandardPaths>

#include <cstdio>

namespace {

QByteArray environmentSecret(const QString &variable)
{
    return qgetenv(variable.toLocal8Bit().constData());
}

QString defaultJournal()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return folder + QStringLiteral("/setup-journal.sqlite");
}

} // namespace

int ApplyCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption tenantOption(QStringLiteral("tenant"), QStringLiteral("Tenant domain or URL (http only for 127.0.0.1)."), QStringLiteral("URL_OR_DOMAIN"));
    const QCommandLineOption clientIdOption(QStringLiteral("client-id"), QStringLiteral("Client id of an M2M application allowed to use the Management API."), QStringLiteral("ID"));
    const QCommandLineOption secretEnvOption(QStringLiteral("client-secret-env"), QStringLiteral("Environment variable holding that application's secret."), QStringLiteral("VAR"));
    const QCommandLineOption tokenEnvOption(QStringLiteral("token-env"), QStringLiteral("Environment variable holding a Management API token (instead of client id and secret)."), QStringLiteral("VAR"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"), QStringLiteral("Show the calls it would make; make none."));
    const QCommandLineOption rollbackOption(QStringLiteral("rollback"), QStringLiteral("Delete what applying this plan created (what it found is kept)."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print a JSON summary instead of text."));
    const QCommandLineOption journalOption(QStringLiteral("journal"), QStringLiteral("Setup journal (SQLite). Default: the app data folder."), QStringLiteral("FILE"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout-ms"), QStringLiteral("Time limit per Management API request (default 30000)."), QStringLiteral("MS"), QStringLiteral("30000"));
    const QCommandLineOption noKeychainOption(QStringLiteral("no-keychain"), QStringLiteral("Do not keep the client secret in the OS keychain (it still goes to the tenant)."));
    parser.addOptions({tenantOption, clientIdOption, secretEnvOption, tokenEnvOption, dryRunOption, rollbackOption, jsonOption, journalOption, timeoutOption, noKeychainOption});
    parser.addPositionalArgument(QStringLiteral("PLAN.json"), QStringLiteral("The setup plan."));
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const bool json = parser.isSet(jsonOption);

    // Everything is checked before any call is made.
    QStringList problems;
    if (parser.positionalArguments().size() != 1) {
        printError(QStringLiteral("give exactly one plan file (see rulebench-cli apply --help)"));
        return BadInput;
    }
    const QString planPath = parser.positionalArguments().first();
    QFile planFile(planPath);
    if (!planFile.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot read the plan %1: %2").arg(planPath, planFile.errorString()));
        return BadInput;
    }
    QString why;
    const auto planJson = JsonUtil::parseObject(planFile.readAll(), &why);
    if (!planJson) {
        printError(QStringLiteral("%1: %2").arg(planPath, why));
        return BadInput;
    }
    const SetupPlan plan = SetupPlan::fromJson(*planJson, QFileInfo(planPath).absolutePath(), &problems);

    bool ok = false;
    const int timeoutMs = parser.value(timeoutOption).toInt(&ok);
    if (!ok || timeoutMs < 100)
        problems << QStringLiteral("--timeout-ms: a whole number of milliseconds, at least 100");

    // --tenant names a saved tenant (secret from the keychain) or gives a domain.
    const auto profile = ProfileStore(ProfileStore::defaultPath()).find(parser.value(tenantOption));
    const bool credentialsGiven = parser.isSet(clientIdOption) || parser.isSet(secretEnvOption) || parser.isSet(tokenEnvOption);
    QString tenantError;
    const QUrl baseUrl = profile && !credentialsGiven ? profile->baseUrl : TenantAddress::baseUrl(parser.value(tenantOption), &tenantError);
    if (!parser.isSet(tenantOption))
        problems << QStringLiteral("--tenant: missing");
    else if (!baseUrl.isValid())
        problems << QStringLiteral("--tenant: ") + tenantError.section(QStringLiteral(": "), 1);

    ManagementAccess access;
    access.baseUrl = baseUrl;
    if (profile && !credentialsGiven) {
        KeychainSecretStore keychain;
        const SecretStore::Result secret = keychain.readAndWait(profile->secretKey());
        if (!secret.isOk())
            problems << QStringLiteral("--tenant: cannot read the secret of \"%1\" from the keychain: %2").arg(profile->id, secret.message);
        access = profile->access(secret.secret);
    } else if (parser.isSet(tokenEnvOption)) {
        access.token = SecretBytes(environmentSecret(parser.value(tokenEnvOption)));
        if (access.token.isEmpty())
            problems << QStringLiteral("--token-env: the variable %1 is empty or not set").arg(parser.value(tokenEnvOption));
    } else {
        access.clientId = parser.value(clientIdOption);
        access.clientSecret = SecretBytes(environmentSecret(parser.value(secretEnvOption)));
        if (!parser.isSet(dryRunOption)) {
            if (access.clientId.isEmpty())
                problems << QStringLiteral("--client-id: missing (or give --token-env)");
            if (!parser.isSet(secretEnvOption))
                problems << QStringLiteral("--client-secret-env: missing (or give --token-env)");
            else if (access.clientSecret.isEmpty())
                problems << QStringLiteral("--client-secret-env: the variable %1 is empty or not set").arg(parser.value(secretEnvOption));
        }
    }
    if (!problems.isEmpty()) {
        // On stderr in both modes (people and CI logs read it); --json adds them on stdout.
        printError(QStringLiteral("the plan cannot be applied; nothing was called:"));
        for (const QString &problem : problems)
            std::fprintf(stderr, "  %s\n", qPrintable(problem));
        if (json) {
            printLine(QString::fromUtf8(JsonUtil::compact(QJsonObject{{QStringLiteral("ok"), false},
                                                                  {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}})));
        }
        return BadInput;
    }

    std::unique_ptr<SecretStore> secrets;
    if (parser.isSet(noKeychainOption))
        secrets = std::make_unique<MemorySecretStore>();
    else
        secrets = std::make_unique<KeychainSecretStore>();

    if (parser.isSet(dryRunOption)) {
        // A dry run makes no call and writes nothing, not even the journal.
        const QList<PlannedCall> calls = SetupRunner::plannedCalls(plan, access.domain(), secrets->description());
        if (json) {
            QJsonArray array;
            for (const PlannedCall &call : calls)
                array.append(QJsonObject{{QStringLiteral("step"), call.step}, {QStringLiteral("method"), call.method},
                                         {QStringLiteral("path"), call.path}, {QStringLiteral("why"), call.why},
                                         {QStringLiteral("body"), call.body}});
            printLine(QString::fromUtf8(JsonUtil::compact(QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("dry_run"), true},
                                                                  {QStringLiteral("calls"), array}})));
        } else {
            printLine(QStringLiteral("Dry run on %1: these are the calls apply would make (none made now).").arg(access.domain()));
            QString step;
            for (const PlannedCall &call : calls) {
                if (call.step != step) {
                    step = call.step;
                    printLine(QStringLiteral("\n%1").arg(SetupRunner::stepTitle(step)));
                }
                printLine(QStringLiteral("  %1 %2  (%3)").arg(call.method, -6).arg(call.path, call.why));
            }
        }
        return Ok;
    }

    // The secret goes to the keychain last; a keychain that is not there is found out first,
    // before anything is created on the tenant.
    if (!parser.isSet(noKeychainOption) && !parser.isSet(rollbackOption)) {
        const SecretStore::Result probe = secrets->readAndWait(SecretKeys::clientSecret(access.domain(), QStringLiteral("probe")));
        if (!probe.isOk() && probe.status != SecretStore::Status::NotFound) {
            printError(QStringLiteral("the OS keychain, where the client secret goes, is not usable: %1").arg(probe.message));
            std::fprintf(stderr, "Nothing was called. Start a keychain (or unlock it) and run the same command again, or add "
                                 "--no-keychain to keep the client secret for this run only (the tenant still has it).\n");
            return Failure;
        }
    }

    QString error;
    auto journal = SetupJournal::open(parser.isSet(journalOption) ? parser.value(journalOption) : defaultJournal(), &error);
    if (!journal) {
        printError(error);
        return Failure;
    }
    QNetworkAccessManager network;
    ManagementClient::Options clientOptions;
    clientOptions.timeoutMs = timeoutMs;
    ManagementClient client(&network, access, Clock::system(), clientOptions);
    SetupRunner runner(client, *secrets, *journal, plan, access.domain());

    if (!json) {
        QObject::connect(&runner, &SetupRunner::stepStarted, [](int index, const QString &title) {
            printLine(QStringLiteral("[%1/6] %2").arg(index + 1).arg(title));
        });
        QObject::connect(&runner, &SetupRunner::logLine, [](const QString &line) { printLine(QStringLiteral("      ") + line); });
    }
    const SetupReport report = parser.isSet(rollbackOption) ? runner.rollback() : runner.apply();
    if (json) {
        printLine(QString::fromUtf8(JsonUtil::compact(report.toJson())));
    } else if (report.ok) {
        printLine(parser.isSet(rollbackOption) ? QStringLiteral("Rolled back.")
                                           : QStringLiteral("Done. Client id %1; its secret is in %2 (%3).")
                                                 .arg(report.clientId, report.secretStoredIn, report.secretKey));
    } else {
        printError(report.error.message);
        if (report.failedStep == QLatin1String("keychain"))
            std::fprintf(stderr, "Everything else is done. Start a keychain and run the same command again, or add "
                                 "--no-keychain to keep the client secret for this run only (the tenant still has it).\n");
        if (!parser.isSet(rollbackOption))
            std::fprintf(stderr, "Run the same command again to resume, or add --rollback to undo what this plan created.\n");
    }
    return report.ok ? int(Ok) : int(TenantError);
}
