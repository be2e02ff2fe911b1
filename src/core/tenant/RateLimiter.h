// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"

#include <mutex>
#include <optional>

class Clock;

// Auth0's token bucket for the Management API (reference/auth0-api.md §0.3): every answer
// carries x-ratelimit-limit/-remaining/-reset (reset in epoch seconds); an empty bucket gives
// 429 "Global limit has been reached". The default is generous; `serve --rate-limit 2` plays
// a free tenant.
class RateLimiter
{
public:
    RateLimiter(const Clock &clock, int perSecond);

    void setPerSecond(int perSecond);
    // Takes a token; a 429 response if none is left. Either way, adds the headers to `response`
    // later through decorate().
    std::optional<HttpResponse> take();
    void decorate(HttpResponse &response) const;

private:
    void refill();

    const Clock &m_clock;
    mutable std::mutex m_mutex;
    int m_perSecond;
    double m_tokens;
    qint64 m_lastRefillMs = 0;
};
