// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

// What became of one request to the rule host (RuleHost).
struct RuleHostReply
{
    enum class Status
    {
        Answered, // the host answered (its answer may still be {"type":"error"})
        Timeout, // the host went silent past the request's deadline; it was killed and restarted
        HostRestarted, // the host process ended while running the request; it was restarted
        Unavailable, // no host: node missing or too old, the host cannot start, or stopped
    };
    Status status = Status::Unavailable;
    // The host's answer. For `run` requests it is always a `result` object: when the host could
    // not answer, RuleHost writes one with lostRunResult().
    QJsonObject response;
    QString message; // for people, when not Answered (or the host's error message)

    bool isAnswered() const { return status == Status::Answered; }
    bool isResult() const
    {
        return response.value(QLatin1String("type")).toString() == QLatin1String("result");
    }

    // The `result` of a run whose host was killed or died: outcome "error", error.kind `kind`
    // ("timeout", "host_restarted"), every rule "not_run" (which one was running and what the
    // earlier ones did died with the process), and a `host-restarted` finding.
    static QJsonObject lostRunResult(const QJsonObject &request, const QString &kind, const QString &message);
};
