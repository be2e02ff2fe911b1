// SPDX-License-Identifier: MIT
#include "RuleSession.h"

#include "common/Clock.h"
#include "net/TenantAddress.h"
#include "rules/PlanConfiguration.h"
#include "rules/TokenMinter.h"
#include "tenant/LocalTenant.h"

#include <cstdio>
#include <QRegularExpression>

RuleSession::RuleSession() = default;

RuleSession::~RuleSession()
{
    m_host.reset(); // the host's stray HTTP calls may still target the tenant
    if (m_local)
        m_local->stop();
}

bool RuleSession::open(const QString &tenant, QString *error)
{
    if (tenant.isEmpty()) {
        LocalTenant::Options options; // in-memory, ephemeral loopback port
        QString why;
        m_local = LocalTenant::start(options, &why);
        if (!m_local) {
            *error = QStringLiteral("cannot start the in-process local tenant: %1").arg(why);
            return false;
        }
        m_baseUrl = QUrl(m_local->baseUrl());
        m_signer = std::make_unique<TenantTokenSigner>(m_local->tenant());
        const ManagementCredentials credentials = m_local->managementCredentials();
        m_access.baseUrl = m_baseUrl;
        m_access.clientId = credentials.clientId;
        m_access.clientSecret = SecretBytes::fromUtf8(credentials.clientSecret.toUtf8());
        m_endpoint.tenantName = m_local->tenant().tenantName();
        // What Auth0 hands the sandbox as auth0.accessToken: read:users and update:users.
        m_endpoint.managementToken = QString::fromLatin1(
            TokenMinter::managementToken(*m_signer, credentials.clientId, Clock::system().nowSecs()));
    } else {
        QString why;
        m_baseUrl = TenantAddress::baseUrl(tenant, &why);
        if (!m_baseUrl.isValid()) {
            *error = QStringLiteral("--tenant: %1").arg(why);
            return false;
        }
        m_signer = std::make_unique<EphemeralTokenSigner>(m_baseUrl.toString(QUrl::StripTrailingSlash)
                                                          + QLatin1Char('/'));
        m_access.baseUrl = m_baseUrl;
        m_endpoint.tenantName = m_baseUrl.host().section(QLatin1Char('.'), 0, 0);
    }
    // Rules build https://${auth0.domain}/… URLs; a loopback tenant speaks plain HTTP.
    m_endpoint.domain = m_baseUrl.authority();
    m_endpoint.baseUrl = QStringLiteral("https://%1/api/v2").arg(m_endpoint.domain);
    if (m_baseUrl.scheme() == QLatin1String("http") && TenantAddress::isLoopback(m_baseUrl))
        m_endpoint.rewriteHttpsHosts
            = QStringList { QStringLiteral("%1:%2").arg(m_baseUrl.host()).arg(m_baseUrl.port(80)) };
    m_host = std::make_unique<RuleHost>();
    return true;
}

bool RuleSession::startHost(QString *error)
{
    if (!m_host)
        m_host = std::make_unique<RuleHost>();
    QObject::connect(m_host.get(), &RuleHost::restarted, [](const QString &reason) {
        std::fprintf(stderr, "rulebench-cli: rule host restarted: %s\n", qPrintable(reason));
    });
    if (!m_host->startAndWait(error)) {
        *error = QStringLiteral("the rule host cannot start: %1").arg(*error);
        return false;
    }
    return true;
}

void RuleSession::setManagementCredentials(const QString &clientId, const QByteArray &secret)
{
    m_access.clientId = clientId;
    m_access.clientSecret = SecretBytes::fromUtf8(secret);
}

QJsonObject RuleSession::substitute(const QJsonObject &configuration) const
{
    return PlanConfiguration::substitute(configuration, tenantUrl(), tenantDomain()).toObject();
}

std::optional<RuleChain> RuleSession::loadChain(const QStringList &rules, const QStringList &actions,
                                                QString *error)
{
    RuleChain chain;
    for (const auto &[files, kind] :
         { std::pair { &rules, QStringLiteral("rule") }, std::pair { &actions, QStringLiteral("action") } }) {
        for (const QString &file : *files) {
            auto rule = RuleSource::fromFile(file, kind, error);
            if (!rule)
                return std::nullopt;
            chain.rules << *rule;
        }
    }
    if (chain.isEmpty()) {
        *error = QStringLiteral("--rule: give at least one rule file");
        return std::nullopt;
    }
    return chain;
}

std::optional<QDateTime> RuleSession::parseNow(const QString &text, QString *error)
{
    QDateTime now = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!now.isValid()) {
        *error = QStringLiteral("--now: \"%1\" is not an ISO-8601 date-time (e.g. 2024-03-02T09:15:40Z)")
                     .arg(text);
        return std::nullopt;
    }
    static const QRegularExpression offset(QStringLiteral("(Z|[+-]\\d\\d:?\\d\\d)$"));
    if (!offset.match(text).hasMatch())
        now = QDateTime(now.date(), now.time(), Qt::UTC);
    return now.toUTC();
}

std::optional<int> RuleSession::parseTimeout(const QString &text, QString *error)
{
    bool ok = false;
    const int ms = text.toInt(&ok);
    if (!ok || ms < 1 || ms > 600000) {
        *error = QStringLiteral("--timeout-ms: a whole number of milliseconds from 1 to 600000, got \"%1\"")
                     .arg(text);
        return std::nullopt;
    }
    return ms;
}
