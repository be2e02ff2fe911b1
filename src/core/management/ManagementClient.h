// SPDX-License-Identifier: MIT
#pragma once

#include "ManagementAccess.h"
#include "net/ApiResult.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>

#include <atomic>
#include <functional>

class Clock;
class QNetworkAccessManager;

// Auth0's Management API v2, synchronous: for the setup runner's worker thread and the CLI
// (never the GUI thread). It fetches and caches the Management API token, follows pagination
// to the end, rides out 429s (Retry-After / x-ratelimit-reset), retries idempotent calls on
// 5xx with backoff, gives every request a time limit, and turns Auth0's error bodies into
// messages that say which call failed and why.
class ManagementClient
{
public:
    struct Options
    {
        int timeoutMs = 30000;
        int maxRateLimitRetries = 8;
        int maxServerErrorRetries = 3;
        int maxRetryWaitMs = 60000;
        int backoffBaseMs = 250;
    };

    ManagementClient(QNetworkAccessManager *network, ManagementAccess access, const Clock &clock);
    ManagementClient(QNetworkAccessManager *network, ManagementAccess access, const Clock &clock, Options options);

    void setCancelFlag(const std::atomic_bool *cancel) { m_cancel = cancel; }
    // Told before each wait for a rate limit or a retry: for progress logs.
    void setRetryObserver(std::function<void(const QString &)> observer) { m_retryObserver = std::move(observer); }

    // One call; `path` is below /api/v2 ("/clients", "/rules-configs/KEY").
    ApiResult<QJsonValue> call(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    // GET of a paged collection, all pages (include_totals + page/per_page until the total).
    ApiResult<QList<QJsonObject>> listAll(const QString &path, const QString &collectionKey);

    // The scopes the Management API token holds (for "Test connection").
    ApiResult<QStringList> grantedScopes();

    static QString encode(const QString &pathSegment);

private:
    ApiResult<QByteArray> accessToken();
    ApiError describe(const QByteArray &method, const QString &path, int status, const QByteArray &body) const;

    QNetworkAccessManager *m_network;
    ManagementAccess m_access;
    const Clock &m_clock;
    Options m_options;
    const std::atomic_bool *m_cancel = nullptr;
    std::function<void(const QString &)> m_retryObserver;
    SecretBytes m_cachedToken;
    qint64 m_cachedTokenExpiry = 0;
};
