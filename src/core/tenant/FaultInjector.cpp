// SPDX-License-Identifier: MIT
#include "FaultInjector.h"

#include "ApiErrors.h"
#include "common/JsonUtil.h"

#include <QJsonArray>
#include <QJsonObject>

#include <chrono>
#include <thread>

namespace {

// "/api/v2/rules" covers itself and what is below it, not "/api/v2/rules-configs".
bool covers(const QString &prefix, const QString &path)
{
    if (prefix.isEmpty() || prefix.endsWith(QLatin1Char('/')))
        return path.startsWith(prefix);
    return path == prefix || path.startsWith(prefix + QLatin1Char('/'));
}

} // namespace

std::optional<FaultInjector::Fault> FaultInjector::take(const HttpRequest &request)
{
    std::lock_guard guard(m_mutex);
    auto it = std::find_if(m_faults.begin(), m_faults.end(), [&](const Fault &fault) {
        return (fault.method.isEmpty() || fault.method == request.method) && covers(fault.pathPrefix, request.path);
    });
    if (it == m_faults.end())
        return std::nullopt;
    if (it->skip > 0) {
        --it->skip;
        return std::nullopt;
    }
    const Fault fired = *it;
    if (it->times > 0 && --it->times == 0)
        m_faults.erase(it);
    return fired;
}

HttpResponse FaultInjector::respond(const Fault &fired)
{
    if (fired.hangMs > 0) {
        // Sleep in slices so a stopping server does not wait for the whole hang.
        for (int slept = 0; slept < fired.hangMs; slept += 50) {
            {
                std::lock_guard guard(m_mutex);
                if (m_stopping)
                    break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (fired.status == 0)
            return ApiErrors::management(504, QStringLiteral("Injected hang ended"));
    }
    HttpResponse response = ApiErrors::management(fired.status, QStringLiteral("Injected fault"),
                                                  fired.status == 429 ? QStringLiteral("too_many_requests") : QString());
    if (fired.retryAfter >= 0)
        response.withHeader("Retry-After", QByteArray::number(fired.retryAfter));
    return response;
}

void FaultInjector::cancelHangs()
{
    std::lock_guard guard(m_mutex);
    m_stopping = true;
}

HttpResponse FaultInjector::configure(const HttpRequest &request)
{
    std::lock_guard guard(m_mutex);
    if (request.method == "DELETE") {
        m_faults.clear();
        return HttpResponse::empty(204);
    }
    if (request.method == "POST") {
        QString why;
        const auto body = JsonUtil::parseObject(request.body, &why);
        if (!body || !body->value(QLatin1String("faults")).isArray())
            return ApiErrors::management(400, QStringLiteral("expected {\"faults\": [...]}") + (why.isEmpty() ? QString() : QStringLiteral(": ") + why));
        for (const QJsonValue &value : body->value(QLatin1String("faults")).toArray()) {
            const QJsonObject object = value.toObject();
            Fault fault;
            fault.method = object.value(QLatin1String("method")).toString().toUpper().toLatin1();
            fault.pathPrefix = object.value(QLatin1String("path")).toString();
            fault.hangMs = object.value(QLatin1String("hang_ms")).toInt(0);
            fault.status = object.value(QLatin1String("status")).toInt(fault.hangMs > 0 ? 0 : 500);
            fault.skip = object.value(QLatin1String("skip")).toInt(0);
            fault.times = object.value(QLatin1String("times")).toInt(1);
            fault.retryAfter = object.value(QLatin1String("retry_after")).toInt(-1);
            fault.after = object.value(QLatin1String("after")).toBool(false);
            if ((fault.status != 0 && (fault.status < 400 || fault.status > 599)) || fault.times == 0)
                return ApiErrors::management(400, QStringLiteral("a fault needs a status from 400 to 599 (or hang_ms), and times != 0"));
            m_faults.append(fault);
        }
    }
    QJsonArray list;
    for (const Fault &fault : m_faults) {
        list.append(QJsonObject{{QStringLiteral("method"), QString::fromLatin1(fault.method)},
                                {QStringLiteral("path"), fault.pathPrefix},
                                {QStringLiteral("status"), fault.status},
                                {QStringLiteral("skip"), fault.skip},
                                {QStringLiteral("times"), fault.times},
                                {QStringLiteral("hang_ms"), fault.hangMs},
                                {QStringLiteral("after"), fault.after}});
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("faults"), list}});
}
