// SPDX-License-Identifier: MIT
#include "ClaimRules.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

namespace ClaimRules {
namespace {

// D15's list of claims Auth0 ignores when a rule or Action sets them (sip_* is a prefix).
const QSet<QString> &restrictedNames()
{
    static const QSet<QString> names { QStringLiteral("acr"),
                                       QStringLiteral("act"),
                                       QStringLiteral("active"),
                                       QStringLiteral("amr"),
                                       QStringLiteral("at_hash"),
                                       QStringLiteral("ath"),
                                       QStringLiteral("attest"),
                                       QStringLiteral("aud"),
                                       QStringLiteral("auth_time"),
                                       QStringLiteral("authorization_details"),
                                       QStringLiteral("azp"),
                                       QStringLiteral("c_hash"),
                                       QStringLiteral("client_id"),
                                       QStringLiteral("cnf"),
                                       QStringLiteral("cty"),
                                       QStringLiteral("dest"),
                                       QStringLiteral("entitlements"),
                                       QStringLiteral("events"),
                                       QStringLiteral("exp"),
                                       QStringLiteral("groups"),
                                       QStringLiteral("gty"),
                                       QStringLiteral("htm"),
                                       QStringLiteral("htu"),
                                       QStringLiteral("iat"),
                                       QStringLiteral("internalService"),
                                       QStringLiteral("iss"),
                                       QStringLiteral("jcard"),
                                       QStringLiteral("jku"),
                                       QStringLiteral("jti"),
                                       QStringLiteral("jwe"),
                                       QStringLiteral("jwk"),
                                       QStringLiteral("kid"),
                                       QStringLiteral("may_act"),
                                       QStringLiteral("mky"),
                                       QStringLiteral("nbf"),
                                       QStringLiteral("nonce"),
                                       QStringLiteral("object_id"),
                                       QStringLiteral("org_id"),
                                       QStringLiteral("org_name"),
                                       QStringLiteral("orig"),
                                       QStringLiteral("origid"),
                                       QStringLiteral("permissions"),
                                       QStringLiteral("roles"),
                                       QStringLiteral("rph"),
                                       QStringLiteral("s_hash"),
                                       QStringLiteral("sid"),
                                       QStringLiteral("sub"),
                                       QStringLiteral("sub_jwk"),
                                       QStringLiteral("toe"),
                                       QStringLiteral("txn"),
                                       QStringLiteral("typ"),
                                       QStringLiteral("uuid"),
                                       QStringLiteral("vot"),
                                       QStringLiteral("vtm"),
                                       QStringLiteral("x5t#S256") };
    return names;
}

// OpenID Connect Core §5.1: the claims an access token for an Auth0 API may still carry.
const QSet<QString> &profileNames()
{
    static const QSet<QString> names { QStringLiteral("name"),
                                       QStringLiteral("given_name"),
                                       QStringLiteral("family_name"),
                                       QStringLiteral("middle_name"),
                                       QStringLiteral("nickname"),
                                       QStringLiteral("preferred_username"),
                                       QStringLiteral("profile"),
                                       QStringLiteral("picture"),
                                       QStringLiteral("website"),
                                       QStringLiteral("email"),
                                       QStringLiteral("email_verified"),
                                       QStringLiteral("gender"),
                                       QStringLiteral("birthdate"),
                                       QStringLiteral("zoneinfo"),
                                       QStringLiteral("locale"),
                                       QStringLiteral("phone_number"),
                                       QStringLiteral("phone_number_verified"),
                                       QStringLiteral("address"),
                                       QStringLiteral("updated_at") };
    return names;
}

bool onDomain(const QString &host, const QString &domain)
{
    return host == domain || host.endsWith(QLatin1Char('.') + domain);
}

} // namespace

bool isRestricted(const QString &name)
{
    return restrictedNames().contains(name) || name.startsWith(QLatin1String("sip_"));
}

bool isNamespaced(const QString &name)
{
    return name.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
        || name.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)
        || name.startsWith(QLatin1String("urn:"), Qt::CaseInsensitive);
}

bool isAuth0Namespace(const QString &name)
{
    if (name.startsWith(QLatin1String("urn:auth0"), Qt::CaseInsensitive))
        return true;
    if (!name.startsWith(QLatin1String("http"), Qt::CaseInsensitive))
        return false;
    const QString host = QUrl(name).host().toLower();
    return onDomain(host, QStringLiteral("auth0.com")) || onDomain(host, QStringLiteral("webtask.io"))
        || onDomain(host, QStringLiteral("webtask.run"));
}

bool isProfileClaim(const QString &name)
{
    return profileNames().contains(name);
}

QString tokenName(Token token)
{
    return token == Token::Id ? QStringLiteral("ID token") : QStringLiteral("access token");
}

Filtered filter(Token token, const QJsonObject &claims, bool auth0ApiAudience)
{
    Filtered out;
    const QString where = tokenName(token);
    for (auto it = claims.begin(); it != claims.end(); ++it) {
        const QString &name = it.key();
        if (token == Token::Access && name == QLatin1String("scope"))
            continue; // the granted-scopes override, not a claim (scopeOverride)
        QString reason;
        if (isAuth0Namespace(name))
            reason = QStringLiteral(
                         "\"%1\" uses an Auth0 domain as its namespace (auth0.com, webtask.io, webtask.run "
                         "and urn:auth0 are reserved), so Auth0 does not add it to the %2.")
                         .arg(name, where);
        else if (isRestricted(name))
            reason = QStringLiteral("\"%1\" is a restricted claim name, so Auth0 silently does not add it to "
                                    "the %2; use a namespaced name such as https://example.com/%1.")
                         .arg(name, where);
        else if (token == Token::Access && auth0ApiAudience && !isNamespaced(name) && !isProfileClaim(name))
            reason = QStringLiteral("\"%1\" is not namespaced, and access tokens for an Auth0 API take only "
                                    "namespaced claims, so Auth0 drops it.")
                         .arg(name);
        if (!reason.isEmpty()) {
            out.dropped.append({ token, name, reason });
            continue;
        }
        out.kept.insert(name, it.value());
    }
    out.payloadBytes = int(QJsonDocument(out.kept).toJson(QJsonDocument::Compact).size());
    return out;
}

std::optional<QStringList> scopeOverride(const QJsonObject &accessToken, QString *problem)
{
    const auto it = accessToken.constFind(QLatin1String("scope"));
    if (it == accessToken.constEnd() || it->isNull() || it->isUndefined())
        return std::nullopt;
    if (it->isString())
        return it->toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!it->isArray()) {
        if (problem)
            *problem = QStringLiteral("context.accessToken.scope must be an array of strings; Auth0 ignores "
                                      "it, so the granted scopes stay as requested.");
        return std::nullopt;
    }
    QStringList scopes;
    for (const QJsonValue &value : it->toArray()) {
        if (!value.isString()) {
            if (problem)
                *problem = QStringLiteral("context.accessToken.scope must contain only strings; Auth0 "
                                          "ignores it, so the granted scopes stay as requested.");
            return std::nullopt;
        }
        scopes << value.toString();
    }
    return scopes;
}

} // namespace ClaimRules
