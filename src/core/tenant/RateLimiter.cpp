// SPDX-License-Identifier: MIT
#include "RateLimiter.h"

#include "ApiErrors.h"
#include "common/Clock.h"

#include <cmath>

RateLimiter::RateLimiter(const Clock &clock, int perSecond)
    : m_clock(clock), m_perSecond(qMax(1, perSecond)), m_tokens(m_perSecond)
{
    m_lastRefillMs = m_clock.now().toMSecsSinceEpoch();
}

void RateLimiter::setPerSecond(int perSecond)
{
    std::lock_guard guard(m_mutex);
    m_perSecond = qMax(1, perSecond);
    m_tokens = m_perSecond;
}

void RateLimiter::refill()
{
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    m_tokens = qMin<double>(m_perSecond, m_tokens + (nowMs - m_lastRefillMs) * m_perSecond / 1000.0);
    m_lastRefillMs = nowMs;
}

std::optional<HttpResponse> RateLimiter::take()
{
    std::lock_guard guard(m_mutex);
    refill();
    if (m_tokens >= 1) {
        m_tokens -= 1;
        return std::nullopt;
    }
    HttpResponse response = ApiErrors::management(429, QStringLiteral("Global limit has been reached"),
                                                  QStringLiteral("too_many_requests"));
    response.withHeader("Retry-After", "1");
    return response;
}

void RateLimiter::decorate(HttpResponse &response) const
{
    std::lock_guard guard(m_mutex);
    const qint64 resetSecs = (m_lastRefillMs + 999) / 1000 + 1;
    response.withHeader("x-ratelimit-limit", QByteArray::number(m_perSecond))
        .withHeader("x-ratelimit-remaining", QByteArray::number(qint64(std::floor(m_tokens))))
        .withHeader("x-ratelimit-reset", QByteArray::number(resetSecs));
}
