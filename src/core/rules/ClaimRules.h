// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// Which custom claims Auth0 puts into tokens (reference/auth0-api.md §3, D15 "create custom
// claims", the custom-claims migration): restricted names are silently not added; Auth0's own
// domains (auth0.com, webtask.io, webtask.run) and urn:auth0 cannot be namespaces; access
// tokens for an Auth0 API (the Management API; not /userinfo) take only namespaced claims and
// the listed OIDC profile claims; a token's custom claims over 100 KB fail the login.
// `context.accessToken.scope` is not a claim: an array of strings that replaces the granted scopes.
namespace ClaimRules {

enum class Token
{
    Id,
    Access
};

struct Dropped
{
    Token token;
    QString claim;
    QString reason; // one sentence, for the claim-dropped finding
};

struct Filtered
{
    QJsonObject kept;
    QList<Dropped> dropped;
    int payloadBytes = 0; // of the kept custom claims, serialised
};

constexpr int MaxCustomClaimsBytes = 100 * 1024;

bool isRestricted(const QString &name);
bool isNamespaced(const QString &name); // an http(s) URL or a URN
bool isAuth0Namespace(const QString &name);
bool isProfileClaim(const QString &name); // OIDC standard profile claims

// `claims`: context.idToken or context.accessToken as the rules left them.
Filtered filter(Token token, const QJsonObject &claims, bool auth0ApiAudience = false);

// context.accessToken.scope: the new granted scopes, or nullopt when the rules left it alone.
// *problem is set when it is there but not an array of strings (a space-separated string is
// accepted as well).
std::optional<QStringList> scopeOverride(const QJsonObject &accessToken, QString *problem = nullptr);

QString tokenName(Token token); // "ID token" / "access token"

} // namespace ClaimRules
