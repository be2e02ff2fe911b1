// SPDX-License-Identifier: MIT
#include "TenantsCommand.h"

#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "management/ManagementClient.h"
#include "net/TenantAddress.h"
#include "profiles/ConnectionCheck.h"
#include "profiles/ProfileStore.h"
#include "secrets/KeychainSecretStore.h"

#include <QJsonArray>
#include <QNetworkAccessManager>

#include <cstdio>

int TenantsCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption domainOption(QStringLiteral("domain"), QStringLiteral("The tenant's domain (add)."), QStringLiteral("DOMAIN"));
    const QCommandLineOption clientIdOption(QStringLiteral("client-id"), QStringLiteral("M2M application for the Management API (add)."), QStringLiteral("ID"));
    const QCommandLineOption secretEnvOption(QStringLiteral("client-secret-env"), QStringLiteral("Variable holding its secret (add)."), QStringLiteral("VAR"));
    const QCommandLineOption tokenEnvOption(QStringLiteral("token-env"), QStringLiteral("Variable holding a Management API token (add)."), QStringLiteral("VAR"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("JSON output (list, test)."));
    parser.addOptions({domainOption, clientIdOption, secretEnvOption, tokenEnvOption, jsonOption});
    parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("list (default), add, remove or test"));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The tenant's name (add, remove, test)."));
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0, QStringLiteral("list"));
    const QString name = positional.value(1);
    const bool json = parser.isSet(jsonOption);
    ProfileStore store(ProfileStore::defaultPath());
    KeychainSecretStore secrets;
    QString error;

    if (action == QLatin1String("list")) {
        QJsonArray array{QJsonObject{{QStringLiteral("id"), TenantProfile::localId()}, {QStringLiteral("name"), QStringLiteral("Local tenant")}}};
        if (!json)
            printLine(QStringLiteral("local        Local tenant (built in)"));
        for (const TenantProfile &profile : store.profiles()) {
            array.append(profile.toJson());
            if (!json)
                printLine(QStringLiteral("%1 %2 (%3, %4)").arg(profile.id, -12).arg(profile.name, profile.baseUrl.toString(),
                                                          profile.auth == TenantProfile::Auth::Token ? QStringLiteral("token") : QStringLiteral("client ") + profile.clientId));
        }
        if (json)
            printLine(QString::fromUtf8(JsonUtil::compact(QJsonObject{{QStringLiteral("tenants"), array}})));
        return Ok;
    }
    if (!QStringList{QStringLiteral("add"), QStringLiteral("remove"), QStringLiteral("test")}.contains(action)) {
        printError(QStringLiteral("unknown action \"%1\": list, add, remove or test").arg(action));
        return BadInput;
    }
    if (name.isEmpty() || positional.size() > 2) {
        printError(QStringLiteral("tenants %1 takes one NAME").arg(action));
        return BadInput;
    }
    if (action == QLatin1String("add")) {
        TenantProfile profile;
        profile.name = name;
        profile.baseUrl = TenantAddress::baseUrl(parser.value(domainOption), &error);
        if (!profile.baseUrl.isValid()) {
            printError(QStringLiteral("--domain: ") + error.section(QStringLiteral(": "), 1));
            return BadInput;
        }
        if (store.find(name)) {
            printError(QStringLiteral("NAME: a tenant called \"%1\" exists already (remove it first)").arg(name));
            return BadInput;
        }
        SecretBytes secret;
        if (parser.isSet(tokenEnvOption)) {
            profile.auth = TenantProfile::Auth::Token;
            secret = SecretBytes(qgetenv(parser.value(tokenEnvOption).toLocal8Bit().constData()));
        } else {
            profile.clientId = parser.value(clientIdOption);
            secret = SecretBytes(qgetenv(parser.value(secretEnvOption).toLocal8Bit().constData()));
            if (profile.clientId.isEmpty()) {
                printError(QStringLiteral("--client-id: missing (or give --token-env)"));
                return BadInput;
            }
        }
        if (secret.isEmpty()) {
            printError(QStringLiteral("%1: the variable is empty or not set").arg(parser.isSet(tokenEnvOption) ? QStringLiteral("--token-env") : QStringLiteral("--client-secret-env")));
            return BadInput;
        }
        profile.id = store.newId(name);
        const QString key = profile.secretKey();
        const SecretStore::Result stored = secrets.writeAndWait(key, secret);
        if (!stored.isOk()) {
            printError(stored.message);
            return Failure;
        }
        if (!store.save(profile, &error)) {
            printError(error);
            return Failure;
        }
        printLine(QStringLiteral("Added %1 (%2); its secret is in the OS keychain as %3.").arg(profile.id, profile.baseUrl.toString(), key));
        return Ok;
    }
    const auto profile = store.find(name);
    if (!profile) {
        printError(QStringLiteral("NAME: no tenant called \"%1\" (rulebench-cli tenants list)").arg(name));
        return BadInput;
    }
    if (action == QLatin1String("remove")) {
        for (const QString &key : profile->allSecretKeys())
            secrets.removeAndWait(key);
        if (!store.remove(profile->id, &error)) {
            printError(error);
            return Failure;
        }
        printLine(QStringLiteral("Removed %1 and its keychain entries.").arg(profile->id));
        return Ok;
    }
    if (action == QLatin1String("test")) {
        const SecretStore::Result secret = secrets.readAndWait(profile->secretKey());
        if (!secret.isOk()) {
            printError(QStringLiteral("reading the secret of %1: %2").arg(profile->id, secret.message));
            return Failure;
        }
        const ManagementAccess access = profile->access(secret.secret);
        QNetworkAccessManager network;
        ManagementClient client(&network, access, Clock::system());
        const ConnectionReport report = ConnectionCheck::run(client);
        if (json) {
            printLine(QString::fromUtf8(JsonUtil::compact(report.toJson())));
        } else if (!report.reachable) {
            printError(report.error.message);
        } else {
            printLine(QStringLiteral("Reached %1. %2.").arg(profile->baseUrl.toString(), report.rulesDetail));
            printLine(QStringLiteral("Scopes held: %1").arg(report.grantedScopes.join(QLatin1Char(' '))));
            printLine(report.stepsBlocked.isEmpty() ? QStringLiteral("Every setup step is allowed.")
                                                : QStringLiteral("Blocked: ") + report.stepsBlocked.join(QStringLiteral("; ")));
        }
        return report.reachable ? Ok : 5;
    }
    return BadInput; // not reached: the action was checked first
}
