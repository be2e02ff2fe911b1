// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"

#include <QList>

#include <mutex>
#include <optional>

// Makes the local tenant misbehave on purpose, for tests of what talks to it: fail the Nth
// request, or requests to a route, with a chosen status, or hang them. Configured through
// POST /rulebench/faults (management token required):
//   {"faults": [{"method": "POST", "path": "/api/v2/clients", "status": 500, "skip": 0, "times": 1},
//               {"path": "/api/v2/client-grants", "hang_ms": 60000}]}
// "method"/"path" omitted: any. "path" matches that path and the ones below it ("/api/v2/rules"
// matches "/api/v2/rules/rul_1", not "/api/v2/rules-configs"). "skip": let that many
// matching requests through first. "times": how often it fires (default 1; -1 forever).
// "after": true handles the request for real first, then sends the fault instead of its answer
// (hang first, then 504 or the status, if hang_ms): the tenant did it but the answer was lost,
// as when a connection drops or a client times out after the tenant acted.
// DELETE /rulebench/faults clears them; GET lists them with their remaining counts.
class FaultInjector
{
public:
    struct Fault
    {
        QByteArray method;
        QString pathPrefix;
        int status = 500;
        int skip = 0;
        int times = 1;
        int hangMs = 0;
        int retryAfter = -1; // seconds, for 429
        bool after = false;  // answer with the fault once the request has been handled
    };

    // The fault that fires for this request, or nullopt; counts it.
    std::optional<Fault> take(const HttpRequest &request);
    // The fault's answer, to send instead of the real one. May sleep (hang) first.
    HttpResponse respond(const Fault &fault);
    HttpResponse configure(const HttpRequest &request);
    void cancelHangs();

private:
    std::mutex m_mutex;
    QList<Fault> m_faults;
    bool m_stopping = false;
};
