// SPDX-License-Identifier: MIT
#include "AuthenticationClient.h"

#include "JsonHttp.h"
#include "common/Clock.h"

#include <QJsonObject>
#include <QUrlQuery>

AuthenticationClient::AuthenticationClient(QNetworkAccessManager *network, const QUrl &baseUrl, const Clock &clock)
    : m_network(network), m_baseUrl(baseUrl), m_clock(clock)
{
}

void AuthenticationClient::clientCredentials(const QString &clientId, const SecretBytes &clientSecret,
                                             const QString &audience, QObject *context, TokenCallback done,
                                             const QString &scope)
{
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    form.addQueryItem(QStringLiteral("client_id"), QString::fromUtf8(QUrl::toPercentEncoding(clientId)));
    form.addQueryItem(QStringLiteral("audience"), QString::fromUtf8(QUrl::toPercentEncoding(audience)));
    if (!scope.isEmpty())
        form.addQueryItem(QStringLiteral("scope"), QString::fromUtf8(QUrl::toPercentEncoding(scope)));
    JsonHttp::Request request;
    request.method = "POST";
    request.url = m_baseUrl.resolved(QUrl(QStringLiteral("/oauth/token")));
    request.contentType = "application/x-www-form-urlencoded";
    // The secret is appended as bytes so it never passes through a QString.
    request.body = form.toString(QUrl::FullyEncoded).toUtf8() + "&client_secret=" + clientSecret.reveal().toPercentEncoding();
    request.timeoutMs = m_timeoutMs;

    const Clock &clock = m_clock;
    JsonHttp::send(m_network, request, context, [done = std::move(done), &clock](const ApiResult<QJsonValue> &result) {
        if (!result.isOk()) {
            done(ApiResult<TokenResponse>::failure(result.error()));
            return;
        }
        const QJsonObject body = result.value().toObject();
        TokenResponse token;
        token.accessToken = SecretBytes::fromUtf8(body.value(QLatin1String("access_token")).toString().toUtf8());
        token.tokenType = body.value(QLatin1String("token_type")).toString();
        token.scope = body.value(QLatin1String("scope")).toString();
        token.expiresIn = body.value(QLatin1String("expires_in")).toInt();
        token.expiresAt = clock.now().addSecs(token.expiresIn);
        if (token.accessToken.isEmpty()) {
            ApiError error;
            error.kind = ApiError::Kind::Parse;
            error.message = QStringLiteral("the token answer has no access_token");
            done(ApiResult<TokenResponse>::failure(error));
            return;
        }
        done(ApiResult<TokenResponse>::success(token));
    });
}
