// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <utility>

// Why a call to a tenant did not give what was asked; transport, HTTP status and parse errors
// kept apart (the shape of Qt 6.7's QRestReply, written for 6.4).
struct ApiError
{
    enum class Kind {
        None,
        Transport, // no HTTP answer: refused, DNS, TLS
        Timeout,   // no answer within the request's time limit
        Http,      // an answer with a 4xx/5xx status
        Parse,     // a 2xx answer whose body is not what the API promises
        Cancelled,
    };

    Kind kind = Kind::None;
    int httpStatus = 0;
    QString code;    // Auth0's errorCode / OAuth error ("access_denied", "inexistent_client"…)
    QString message; // short, for people; names the field or the step when it can
    QByteArray body; // the raw answer, for the details view

    bool isError() const { return kind != Kind::None; }
};

template<typename T>
class ApiResult
{
public:
    static ApiResult success(T value)
    {
        ApiResult r;
        r.m_value = std::move(value);
        return r;
    }
    static ApiResult failure(ApiError error)
    {
        ApiResult r;
        r.m_error = std::move(error);
        return r;
    }

    bool isOk() const { return !m_error.isError(); }
    const T &value() const { return m_value; }
    const ApiError &error() const { return m_error; }

private:
    T m_value{};
    ApiError m_error;
};
