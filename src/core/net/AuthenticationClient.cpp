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

namespace {

void add(QUrlQuery &form, const QString &key, const QString &value)
{
    if (!value.isEmpty())
        form.addQueryItem(key, QString::fromUtf8(QUrl::toPercentEncoding(value)));
}

} // namespace

void AuthenticationClient::clientCredentials(const QString &clientId, const SecretBytes &clientSecret,
                                             const QString &audience, QObject *context, TokenCallback done,
                                             const QString &scope)
{
    QUrlQuery form;
    add(form, QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    add(form, QStringLiteral("client_id"), clientId);
    add(form, QStringLiteral("audience"), audience);
    add(form, QStringLiteral("scope"), scope);
    requestToken(form, { { "client_secret", clientSecret } }, context, std::move(done));
}

void AuthenticationClient::passwordRealm(const QString &username, const SecretBytes &password, const QString &realm,
                                         const QString &clientId, const SecretBytes &clientSecret,
                                         const QString &audience, const QString &scope, QObject *context,
                                         TokenCallback done)
{
    QUrlQuery form;
    add(form, QStringLiteral("grant_type"), QStringLiteral("http://auth0.com/oauth/grant-type/password-realm"));
    add(form, QStringLiteral("client_id"), clientId);
    add(form, QStringLiteral("username"), username);
    add(form, QStringLiteral("realm"), realm);
    add(form, QStringLiteral("audience"), audience);
    add(form, QStringLiteral("scope"), scope);
    requestToken(form, { { "client_secret", clientSecret }, { "password", password } }, context, std::move(done));
}

QUrl AuthenticationClient::authorizeUrl(const AuthorizeRequest &request) const
{
    QUrlQuery query;
    add(query, QStringLiteral("response_type"), QStringLiteral("code"));
    add(query, QStringLiteral("client_id"), request.clientId);
    add(query, QStringLiteral("redirect_uri"), request.redirectUri);
    add(query, QStringLiteral("scope"), request.scope);
    add(query, QStringLiteral("audience"), request.audience);
    add(query, QStringLiteral("state"), request.state);
    add(query, QStringLiteral("nonce"), request.nonce);
    add(query, QStringLiteral("connection"), request.connection);
    if (!request.codeChallenge.isEmpty()) {
        add(query, QStringLiteral("code_challenge"), QString::fromLatin1(request.codeChallenge));
        add(query, QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    }
    QUrl url = m_baseUrl.resolved(QUrl(QStringLiteral("/authorize")));
    url.setQuery(query.toString(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

void AuthenticationClient::authorizationCode(const QString &code, const QByteArray &codeVerifier,
                                             const QString &redirectUri, const QString &clientId,
                                             const SecretBytes &clientSecret, QObject *context, TokenCallback done)
{
    QUrlQuery form;
    add(form, QStringLiteral("grant_type"), QStringLiteral("authorization_code"));
    add(form, QStringLiteral("client_id"), clientId);
    add(form, QStringLiteral("code"), code);
    add(form, QStringLiteral("redirect_uri"), redirectUri);
    add(form, QStringLiteral("code_verifier"), QString::fromLatin1(codeVerifier));
    requestToken(form, { { "client_secret", clientSecret } }, context, std::move(done));
}

void AuthenticationClient::refresh(const SecretBytes &refreshToken, const QString &clientId,
                                   const SecretBytes &clientSecret, QObject *context, TokenCallback done,
                                   const QString &scope)
{
    QUrlQuery form;
    add(form, QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    add(form, QStringLiteral("client_id"), clientId);
    add(form, QStringLiteral("scope"), scope);
    requestToken(form, { { "client_secret", clientSecret }, { "refresh_token", refreshToken } }, context,
                 std::move(done));
}

void AuthenticationClient::requestToken(const QUrlQuery &form, const QList<QPair<QByteArray, SecretBytes>> &secrets,
                                        QObject *context, TokenCallback done)
{
    JsonHttp::Request request;
    request.method = "POST";
    request.url = m_baseUrl.resolved(QUrl(QStringLiteral("/oauth/token")));
    request.contentType = "application/x-www-form-urlencoded";
    request.body = form.toString(QUrl::FullyEncoded).toUtf8();
    for (const auto &[name, secret] : secrets) {
        if (!secret.isEmpty())
            request.body += '&' + name + '=' + secret.reveal().toPercentEncoding();
    }
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
        token.idToken = body.value(QLatin1String("id_token")).toString().toUtf8();
        token.refreshToken = SecretBytes::fromUtf8(body.value(QLatin1String("refresh_token")).toString().toUtf8());
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

void AuthenticationClient::userInfo(const SecretBytes &accessToken, QObject *context, UserInfoCallback done)
{
    JsonHttp::Request request;
    request.url = m_baseUrl.resolved(QUrl(QStringLiteral("/userinfo")));
    request.headers.append({ "Authorization", "Bearer " + accessToken.reveal() });
    request.timeoutMs = m_timeoutMs;
    JsonHttp::send(m_network, request, context, [done = std::move(done)](const ApiResult<QJsonValue> &result) {
        if (!result.isOk()) {
            done(ApiResult<QJsonObject>::failure(result.error()));
            return;
        }
        if (!result.value().isObject() || result.value().toObject().value(QLatin1String("sub")).toString().isEmpty()) {
            ApiError error;
            error.kind = ApiError::Kind::Parse;
            error.message = QStringLiteral("the userinfo answer has no sub");
            done(ApiResult<QJsonObject>::failure(error));
            return;
        }
        done(ApiResult<QJsonObject>::success(result.value().toObject()));
    });
}
