// SPDX-License-Identifier: MIT
#include "HttpExchange.h"

#include "common/JsonUtil.h"

HttpResponse HttpResponse::json(int status, const QJsonValue &value)
{
    HttpResponse response;
    response.status = status;
    response.body = JsonUtil::compact(value);
    return response;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

HttpResponse HttpResponse::html(int status, const QByteArray &page)
{
    HttpResponse response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8";
    response.body = page;
    return response;
}

HttpResponse HttpResponse::redirect(const QByteArray &location)
{
    HttpResponse response;
    response.status = 302;
    response.contentType = "text/plain; charset=utf-8";
    response.body = "Found. Redirecting to " + location;
    response.headers.append({"Location", location});
    return response;
}
