// SPDX-License-Identifier: MIT
#include "ManagementClient.h"

#include "common/Clock.h"
#include "common/JsonUtil.h"
#include "crypto/Jwt.h"
#include "net/BlockingHttp.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace {

bool isIdempotent(const QByteArray &method)
{
    return method == "GET" || method == "PUT" || method == "DELETE" || method == "PATCH";
}

// After a 429: Retry-After (seconds) first, else x-ratelimit-reset (epoch seconds), else back
// off; never less than 50 ms nor more than the options allow.
qint64 rateLimitWaitMs(const BlockingHttp::Response &response, int attempt, const ManagementClient::Options &options,
                       const Clock &clock)
{
    qint64 waitMs = qint64(options.backoffBaseMs) << qMin(attempt, 6);
    bool ok = false;
    if (const qint64 after = response.header("Retry-After").toLongLong(&ok); ok)
        waitMs = after * 1000;
    else if (const qint64 reset = response.header("x-ratelimit-reset").toLongLong(&ok); ok)
        waitMs = qMax<qint64>(0, reset * 1000 - clock.now().toMSecsSinceEpoch());
    return qBound(qint64(50), waitMs, qint64(options.maxRetryWaitMs));
}

ApiError cancelled()
{
    ApiError error;
    error.kind = ApiError::Kind::Cancelled;
    error.message = QStringLiteral("cancelled");
    return error;
}

} // namespace

ManagementClient::ManagementClient(QNetworkAccessManager *network, ManagementAccess access, const Clock &clock)
    : ManagementClient(network, std::move(access), clock, Options())
{
}

ManagementClient::ManagementClient(QNetworkAccessManager *network, ManagementAccess access, const Clock &clock,
                                   Options options)
    : m_network(network), m_access(std::move(access)), m_clock(clock), m_options(options)
{
}

QString ManagementClient::encode(const QString &pathSegment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(pathSegment));
}

ApiError ManagementClient::describe(const QByteArray &method, const QString &path, int status, const QByteArray &body) const
{
    ApiError error = JsonHttp::errorFromAnswer(status, body);
    // One arg() call: a path holds percent-escapes ("https%3A%2F%2F…") that a second arg()
    // would take for placeholders.
    error.message = QStringLiteral("%1 %2: %3 (HTTP %4%5)")
                        .arg(QString::fromLatin1(method), path, error.message, QString::number(status),
                             error.code.isEmpty() ? QString() : QStringLiteral(" ") + error.code);
    return error;
}

ApiResult<QByteArray> ManagementClient::accessToken()
{
    if (m_access.usesToken()) {
        const QDateTime expiry = m_access.tokenExpiry();
        if (expiry.isValid() && expiry <= m_clock.now()) {
            ApiError error;
            error.kind = ApiError::Kind::Http;
            error.httpStatus = 401;
            error.message = QStringLiteral("token: the pasted Management API token expired at %1; paste a new one")
                                .arg(expiry.toString(Qt::ISODate));
            return ApiResult<QByteArray>::failure(error);
        }
        return ApiResult<QByteArray>::success(m_access.token.reveal());
    }
    // Cached until a minute before it expires.
    if (!m_cachedToken.isEmpty() && m_clock.nowSecs() < m_cachedTokenExpiry - 60)
        return ApiResult<QByteArray>::success(m_cachedToken.reveal());

    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    form.addQueryItem(QStringLiteral("client_id"), encode(m_access.clientId));
    form.addQueryItem(QStringLiteral("audience"), encode(m_access.audience()));
    JsonHttp::Request request;
    request.method = "POST";
    request.url = m_access.baseUrl.resolved(QUrl(QStringLiteral("/oauth/token")));
    request.contentType = "application/x-www-form-urlencoded";
    request.body = form.toString(QUrl::FullyEncoded).toUtf8() + "&client_secret=" + m_access.clientSecret.reveal().toPercentEncoding();
    request.timeoutMs = m_options.timeoutMs;
    BlockingHttp::Response response;
    // /oauth/token is rate limited too, and it is the first call of every run.
    for (int rateLimitRetries = 0;; ++rateLimitRetries) {
        response = BlockingHttp::send(m_network, request, m_cancel);
        if (response.cancelled)
            return ApiResult<QByteArray>::failure(cancelled());
        if (response.status != 429 || rateLimitRetries >= m_options.maxRateLimitRetries)
            break;
        const qint64 waitMs = rateLimitWaitMs(response, rateLimitRetries + 1, m_options, m_clock);
        if (m_retryObserver)
            m_retryObserver(QStringLiteral("rate limited on POST /oauth/token, waiting %1 ms").arg(waitMs));
        if (!BlockingHttp::pause(int(waitMs), m_cancel))
            return ApiResult<QByteArray>::failure(cancelled());
    }
    if (response.status == 0) {
        ApiError error;
        error.kind = response.timedOut ? ApiError::Kind::Timeout : ApiError::Kind::Transport;
        error.message = QStringLiteral("getting a Management API token from %1: %2")
                            .arg(m_access.domain(), response.timedOut ? QStringLiteral("no answer in time") : response.transportError);
        return ApiResult<QByteArray>::failure(error);
    }
    if (response.status != 200) {
        ApiError error = JsonHttp::errorFromAnswer(response.status, response.body);
        error.message = QStringLiteral("getting a Management API token with client id %1: %2 (HTTP %3%4)")
                            .arg(m_access.clientId, error.message, QString::number(response.status),
                                 error.code.isEmpty() ? QString() : QStringLiteral(" ") + error.code);
        return ApiResult<QByteArray>::failure(error);
    }
    const QJsonObject body = JsonUtil::parseObject(response.body).value_or(QJsonObject());
    m_cachedToken = SecretBytes::fromUtf8(body.value(QLatin1String("access_token")).toString().toUtf8());
    m_cachedTokenExpiry = m_clock.nowSecs() + body.value(QLatin1String("expires_in")).toInt(86400);
    return ApiResult<QByteArray>::success(m_cachedToken.reveal());
}

ApiResult<QJsonValue> ManagementClient::call(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    int rateLimitRetries = 0;
    int serverErrorRetries = 0;
    bool tokenRefreshed = false;
    for (;;) {
        const auto token = accessToken();
        if (!token.isOk())
            return ApiResult<QJsonValue>::failure(token.error());
        JsonHttp::Request request;
        request.method = method;
        request.url = m_access.baseUrl.resolved(QUrl(QStringLiteral("/api/v2") + path));
        request.timeoutMs = m_options.timeoutMs;
        request.headers.append({"Authorization", "Bearer " + token.value()});
        if (method != "GET" && method != "DELETE")
            request.body = JsonUtil::compact(body);
        const BlockingHttp::Response response = BlockingHttp::send(m_network, request, m_cancel);
        if (response.cancelled)
            return ApiResult<QJsonValue>::failure(cancelled());

        if (response.status == 0) {
            ApiError error;
            error.kind = response.timedOut ? ApiError::Kind::Timeout : ApiError::Kind::Transport;
            error.message = response.timedOut
                ? QStringLiteral("%1 %2: the tenant did not answer within %3 s")
                      .arg(QString::fromLatin1(method), path, QString::number(m_options.timeoutMs / 1000.0))
                : QStringLiteral("%1 %2: cannot reach %3: %4")
                      .arg(QString::fromLatin1(method), path, m_access.domain(), response.transportError);
            return ApiResult<QJsonValue>::failure(error);
        }
        if (response.status == 429 && rateLimitRetries < m_options.maxRateLimitRetries) {
            ++rateLimitRetries;
            const qint64 waitMs = rateLimitWaitMs(response, rateLimitRetries, m_options, m_clock);
            if (m_retryObserver)
                m_retryObserver(QStringLiteral("rate limited on %1 %2, waiting %3 ms").arg(QString::fromLatin1(method), path, QString::number(waitMs)));
            if (!BlockingHttp::pause(int(waitMs), m_cancel))
                return ApiResult<QJsonValue>::failure(cancelled());
            continue;
        }
        if (response.status >= 500 && isIdempotent(method) && serverErrorRetries < m_options.maxServerErrorRetries) {
            ++serverErrorRetries;
            const int waitMs = m_options.backoffBaseMs << serverErrorRetries;
            if (m_retryObserver)
                m_retryObserver(QStringLiteral("HTTP %1 on %2 %3, retrying in %4 ms")
                                    .arg(QString::number(response.status), QString::fromLatin1(method), path, QString::number(waitMs)));
            if (!BlockingHttp::pause(waitMs, m_cancel))
                return ApiResult<QJsonValue>::failure(cancelled());
            continue;
        }
        if (response.status == 401 && !m_access.usesToken() && !tokenRefreshed) {
            // Revoked or rotated: fetch a new one, once; a fresh token refused too is an error.
            tokenRefreshed = true;
            m_cachedToken.wipe();
            continue;
        }
        if (response.status >= 400)
            return ApiResult<QJsonValue>::failure(describe(method, path, response.status, response.body));
        if (response.body.trimmed().isEmpty())
            return ApiResult<QJsonValue>::success(QJsonValue());
        QString why;
        const auto value = JsonUtil::parse(response.body, &why);
        if (!value) {
            ApiError error;
            error.kind = ApiError::Kind::Parse;
            error.httpStatus = response.status;
            error.body = response.body;
            error.message = QStringLiteral("%1 %2: the answer is not JSON (%3)").arg(QString::fromLatin1(method), path, why);
            return ApiResult<QJsonValue>::failure(error);
        }
        return ApiResult<QJsonValue>::success(*value);
    }
}

ApiResult<QList<QJsonObject>> ManagementClient::listAll(const QString &path, const QString &collectionKey)
{
    QList<QJsonObject> items;
    constexpr int perPage = 50;
    for (int page = 0;; ++page) {
        const QString separator = path.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?");
        const auto result = call("GET", path + separator + QStringLiteral("include_totals=true&per_page=%1&page=%2").arg(perPage).arg(page));
        if (!result.isOk())
            return ApiResult<QList<QJsonObject>>::failure(result.error());
        // Some lists (rules-configs) ignore include_totals and answer a bare array.
        const QJsonArray pageItems = result.value().isArray() ? result.value().toArray()
                                                              : result.value().toObject().value(collectionKey).toArray();
        for (const QJsonValue &item : pageItems)
            items.append(item.toObject());
        const int total = result.value().toObject().value(QLatin1String("total")).toInt(-1);
        if (result.value().isArray() || pageItems.size() < perPage || (total >= 0 && items.size() >= total))
            return ApiResult<QList<QJsonObject>>::success(items);
    }
}

ApiResult<QStringList> ManagementClient::grantedScopes()
{
    const auto token = accessToken();
    if (!token.isOk())
        return ApiResult<QStringList>::failure(token.error());
    const auto jwt = Jwt::decode(token.value());
    if (!jwt) {
        ApiError error;
        error.kind = ApiError::Kind::Parse;
        error.message = QStringLiteral("token: the Management API token is not a JWT");
        return ApiResult<QStringList>::failure(error);
    }
    return ApiResult<QStringList>::success(
        jwt->payload.value(QLatin1String("scope")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts));
}
