// SPDX-License-Identifier: MIT
#include "AuthorizeEndpoint.h"

#include "HttpExchange.h"
#include "Router.h"
#include "Tenant.h"
#include "TokenEndpoint.h"
#include "UserLogins.h"

#include <QJsonArray>
#include <QUrl>

namespace AuthorizeEndpoint {
namespace {

// What the login form carries from GET to POST, in hidden fields.
const QStringList Carried { QStringLiteral("client_id"),     QStringLiteral("redirect_uri"),
                            QStringLiteral("response_type"), QStringLiteral("scope"),
                            QStringLiteral("state"),         QStringLiteral("nonce"),
                            QStringLiteral("audience"),      QStringLiteral("code_challenge"),
                            QStringLiteral("code_challenge_method"), QStringLiteral("connection") };

struct Authorization
{
    QHash<QString, QString> params;
    QJsonObject client;
    QString value(const char *key) const { return params.value(QLatin1String(key)); }
};

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

HttpResponse page(int status, const QString &body)
{
    const QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                                        "<title>Log in - Rulebench local tenant</title><style>"
                                        "body{font-family:sans-serif;max-width:24em;margin:4em auto;padding:0 1em}"
                                        "label{display:block;margin-top:1em}input{width:100%;box-sizing:border-box}"
                                        "button{margin-top:1.5em}.error{color:#b00020}</style></head>\n<body>\n")
        + body + QStringLiteral("</body></html>\n");
    return HttpResponse::html(status, html.toUtf8())
        .withHeader("Cache-Control", "no-store")
        .withHeader("X-Frame-Options", "DENY");
}

// No trusted redirect_uri to send the error to: say it on a page.
HttpResponse errorPage(const QString &error, const QString &description)
{
    return page(400, QStringLiteral("<h1>Cannot log in</h1>\n<p class=\"error\" role=\"alert\"><code>%1</code>: %2</p>\n")
                         .arg(escaped(error), escaped(description)));
}

QByteArray withParams(const QString &uri, const QList<QPair<QString, QString>> &params)
{
    QByteArray out = uri.toUtf8();
    char separator = uri.contains(QLatin1Char('?')) ? '&' : '?';
    for (const auto &[key, value] : params) {
        if (value.isEmpty())
            continue;
        out += separator + key.toUtf8() + '=' + QUrl::toPercentEncoding(value);
        separator = '&';
    }
    return out;
}

// Errors after the client and redirect_uri are known go back to the client (§2.4).
HttpResponse redirectError(const Authorization &authorization, const QString &error, const QString &description)
{
    return HttpResponse::redirect(withParams(authorization.value("redirect_uri"),
                                             { { QStringLiteral("error"), error },
                                               { QStringLiteral("error_description"), description },
                                               { QStringLiteral("state"), authorization.value("state") } }));
}

HttpResponse form(const Authorization &authorization, const QString &username, const QString &error)
{
    QString hidden;
    for (const QString &name : Carried) {
        const QString value = authorization.params.value(name);
        if (!value.isEmpty())
            hidden += QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">\n").arg(name, escaped(value));
    }
    const QString clientName = authorization.client.value(QLatin1String("name")).toString();
    QString body = QStringLiteral("<h1>Log in</h1>\n<p>to <strong>%1</strong> on the Rulebench local tenant</p>\n")
                       .arg(escaped(clientName));
    if (!error.isEmpty())
        body += QStringLiteral("<p class=\"error\" role=\"alert\">%1</p>\n").arg(escaped(error));
    body += QStringLiteral("<form method=\"post\" action=\"/authorize\">\n"
                           "<label for=\"username\">Email or username</label>\n"
                           "<input type=\"text\" id=\"username\" name=\"username\" value=\"%1\" autocomplete=\"username\" required autofocus>\n"
                           "<label for=\"password\">Password</label>\n"
                           "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>\n"
                           "%2<button type=\"submit\">Log in</button>\n</form>\n")
                .arg(escaped(username), hidden);
    return page(200, body);
}

bool isLoopbackHost(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("::1") || host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0;
}

std::optional<HttpResponse> check(UserLogins &logins, Authorization &authorization)
{
    const QString clientId = authorization.value("client_id");
    if (clientId.isEmpty())
        return errorPage(QStringLiteral("invalid_request"), QStringLiteral("Missing required parameter: client_id"));
    const auto client = logins.tenant().store().get(QLatin1String(Tenant::Clients), clientId);
    if (!client)
        return errorPage(QStringLiteral("invalid_request"), QStringLiteral("Unknown client: ") + clientId);
    authorization.client = *client;
    const QString redirectUri = authorization.value("redirect_uri");
    if (redirectUri.isEmpty())
        return errorPage(QStringLiteral("invalid_request"), QStringLiteral("Missing required parameter: redirect_uri"));
    if (!isAllowedCallback(*client, redirectUri))
        return errorPage(QStringLiteral("invalid_request"),
                         QStringLiteral("Callback URL mismatch. %1 is not in the list of allowed callback URLs of the client.")
                             .arg(redirectUri));
    const QString responseType = authorization.value("response_type");
    if (responseType.isEmpty())
        return redirectError(authorization, QStringLiteral("invalid_request"), QStringLiteral("Missing required parameter: response_type"));
    if (responseType != QLatin1String("code"))
        return redirectError(authorization, QStringLiteral("unsupported_response_type"),
                             QStringLiteral("Unsupported response type: %1 (the local tenant serves response_type=code)").arg(responseType));
    const QString method = authorization.value("code_challenge_method");
    if (!method.isEmpty() && method != QLatin1String("S256") && method != QLatin1String("plain"))
        return redirectError(authorization, QStringLiteral("invalid_request"),
                             QStringLiteral("Unsupported code_challenge_method: %1 (S256 or plain)").arg(method));
    if (!method.isEmpty() && authorization.value("code_challenge").isEmpty())
        return redirectError(authorization, QStringLiteral("invalid_request"), QStringLiteral("Missing required parameter: code_challenge"));
    const QString connection = authorization.value("connection");
    if (!connection.isEmpty() && connection != UserLogins::DatabaseConnection)
        return redirectError(authorization, QStringLiteral("invalid_request"), QStringLiteral("Unknown connection: ") + connection);
    const QString audience = authorization.value("audience");
    if (!audience.isEmpty() && !TokenEndpoint::findApi(logins.tenant(), audience))
        return redirectError(authorization, QStringLiteral("access_denied"), QStringLiteral("Service not found: ") + audience);
    return std::nullopt;
}

HttpResponse show(UserLogins &logins, HttpRequest &request)
{
    Authorization authorization;
    for (const QString &name : Carried) {
        if (request.hasQuery(name))
            authorization.params.insert(name, request.queryValue(name));
    }
    if (auto refused = check(logins, authorization))
        return *refused;
    return form(authorization, request.queryValue(QStringLiteral("login_hint")), QString());
}

HttpResponse submit(UserLogins &logins, HttpRequest &request)
{
    const QByteArray contentType = request.header("content-type").split(';').first().trimmed().toLower();
    if (contentType != "application/x-www-form-urlencoded")
        return errorPage(QStringLiteral("invalid_request"),
                         QStringLiteral("The login form is sent as application/x-www-form-urlencoded"));
    Authorization authorization;
    const QUrlQuery body(QString::fromUtf8(request.body));
    for (const auto &[name, value] : body.queryItems(QUrl::FullyDecoded))
        authorization.params.insert(name, value);
    if (auto refused = check(logins, authorization))
        return *refused;

    const QString username = authorization.value("username");
    const QString connection = authorization.value("connection").isEmpty() ? UserLogins::DatabaseConnection
                                                                             : authorization.value("connection");
    LoginTokens refused;
    const auto user = logins.authenticate(connection, username, authorization.value("password"), &refused);
    if (!user)
        return form(authorization, username, refused.errorDescription);

    LoginRequest login;
    login.client = authorization.client;
    login.user = *user;
    login.protocol = QStringLiteral("oidc-basic-profile");
    login.userAgent = request.header("user-agent");
    for (const QString &name : Carried) {
        if (!authorization.params.value(name).isEmpty())
            login.query.insert(name, authorization.params.value(name));
    }
    if (!logins.resolveScopeAndAudience(authorization.value("scope"), authorization.value("audience"), &login, &refused))
        return redirectError(authorization, refused.error, refused.errorDescription);
    const LoginTokens tokens = logins.login(login, false);
    if (!tokens.isOk())
        return redirectError(authorization, tokens.error, tokens.errorDescription);

    CodeGrant grant;
    grant.clientId = authorization.value("client_id");
    grant.redirectUri = authorization.value("redirect_uri");
    grant.codeChallenge = authorization.value("code_challenge");
    // RFC 7636 §4.3: a challenge without a method is "plain".
    grant.codeChallengeMethod = authorization.value("code_challenge_method").isEmpty()
        ? QStringLiteral("plain")
        : authorization.value("code_challenge_method");
    grant.tokens = tokens;
    grant.login = login;
    const QString code = logins.issueCode(grant);
    return HttpResponse::redirect(withParams(grant.redirectUri, { { QStringLiteral("code"), code },
                                                                  { QStringLiteral("state"), authorization.value("state") } }));
}

} // namespace

bool isAllowedCallback(const QJsonObject &client, const QString &redirectUri)
{
    const QUrl wanted(redirectUri);
    auto path = [](const QUrl &url) { return url.path().isEmpty() ? QStringLiteral("/") : url.path(); };
    for (const QJsonValue &value : client.value(QLatin1String("callbacks")).toArray()) {
        const QString callback = value.toString();
        if (callback == redirectUri)
            return true;
        const QUrl allowed(callback);
        if (allowed.scheme() == QLatin1String("http") && isLoopbackHost(allowed.host()) && wanted.scheme() == allowed.scheme()
            && wanted.host().compare(allowed.host(), Qt::CaseInsensitive) == 0 && path(wanted) == path(allowed)
            && wanted.query() == allowed.query() && !wanted.hasFragment())
            return true;
    }
    return false;
}

void registerRoutes(Router &router, UserLogins &logins)
{
    router.add("GET", QStringLiteral("/authorize"), [&logins](HttpRequest &r) { return show(logins, r); });
    router.add("POST", QStringLiteral("/authorize"), [&logins](HttpRequest &r) { return submit(logins, r); });
}

} // namespace AuthorizeEndpoint
