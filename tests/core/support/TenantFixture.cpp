// SPDX-License-Identifier: MIT
#include "TenantFixture.h"

#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "common/SecretBytes.h"

#include <QJsonArray>
#include <QTest>

#include <optional>

TenantFixture::TenantFixture(const LocalTenant::Options &options, const Clock *clock)
    : m_clock(clock ? clock : &Clock::system())
{
    m_local = LocalTenant::start(options, &m_startError, clock);
}

TenantFixture::~TenantFixture() = default;

QUrl TenantFixture::url(const QString &pathAndQuery) const
{
    return QUrl(m_local->baseUrl() + pathAndQuery);
}

ClientCredentials TenantFixture::managementClient() const
{
    const ManagementCredentials credentials = m_local->managementCredentials();
    return {credentials.clientId, credentials.clientSecret};
}

ApiResult<TokenResponse> TenantFixture::requestToken(const ClientCredentials &client, const QString &audience,
                                                     const QString &scope)
{
    AuthenticationClient authentication(network(), QUrl(m_local->baseUrl()), *m_clock);
    QObject context;
    std::optional<ApiResult<TokenResponse>> result;
    authentication.clientCredentials(
        client.clientId, SecretBytes::fromUtf8(client.clientSecret.toUtf8()), audience, &context,
        [&result](const ApiResult<TokenResponse> &answer) { result = answer; }, scope);
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000)) {
        ApiError error;
        error.kind = ApiError::Kind::Timeout;
        error.message = QStringLiteral("the token request got no callback in 20 s");
        return ApiResult<TokenResponse>::failure(error);
    }
    return *result;
}

QByteArray TenantFixture::managementToken()
{
    if (m_managementToken.isEmpty()) {
        const auto result = requestToken(managementClient(), managementAudience());
        if (result.isOk())
            m_managementToken = result.value().accessToken.reveal();
        else
            qWarning("management token: %s", qPrintable(result.error().message));
    }
    return m_managementToken;
}

HttpReply TenantFixture::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                              const QByteArray &authorization, const QByteArray &contentType)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    if (!contentType.isEmpty())
        headers.append({"Content-Type", contentType});
    return m_http.send(method, url(pathAndQuery), body, headers);
}

HttpReply TenantFixture::api(const QByteArray &method, const QString &pathAndQuery, const QJsonValue &body)
{
    return apiAs(managementToken(), method, pathAndQuery, body);
}

HttpReply TenantFixture::apiAs(const QByteArray &token, const QByteArray &method, const QString &pathAndQuery,
                               const QJsonValue &body)
{
    const QByteArray payload = body.isUndefined() ? QByteArray() : JsonUtil::compact(body);
    return send(method, pathAndQuery, payload, bearer(token), body.isUndefined() ? QByteArray() : "application/json");
}

ClientCredentials TenantFixture::createM2mClient(const QString &name, const QString &audience, const QStringList &scopes)
{
    const HttpReply client = api("POST", QStringLiteral("/api/v2/clients"),
                                 QJsonObject{{QStringLiteral("name"), name},
                                             {QStringLiteral("app_type"), QStringLiteral("non_interactive")},
                                             {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}}});
    if (client.status != 201) {
        qWarning("creating client %s: %s", qPrintable(name), qPrintable(client.describe(201)));
        return {};
    }
    const ClientCredentials credentials{client.object().value(QLatin1String("client_id")).toString(),
                                        client.object().value(QLatin1String("client_secret")).toString()};
    const HttpReply grant = api("POST", QStringLiteral("/api/v2/client-grants"),
                                QJsonObject{{QStringLiteral("client_id"), credentials.clientId},
                                            {QStringLiteral("audience"), audience},
                                            {QStringLiteral("scope"), QJsonArray::fromStringList(scopes)}});
    if (grant.status != 201) {
        qWarning("granting %s: %s", qPrintable(name), qPrintable(grant.describe(201)));
        return {};
    }
    return credentials;
}

QByteArray TenantFixture::managementTokenWithScopes(const QStringList &scopes)
{
    const ClientCredentials client = createM2mClient(
        QStringLiteral("limited %1").arg(++m_clientCounter), managementAudience(), scopes);
    if (!client.isValid())
        return {};
    const auto result = requestToken(client, managementAudience());
    if (!result.isOk()) {
        qWarning("limited token: %s", qPrintable(result.error().message));
        return {};
    }
    return result.value().accessToken.reveal();
}
