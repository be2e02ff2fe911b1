// SPDX-License-Identifier: MIT
#pragma once

#include "ClaimRules.h"
#include "RuleSource.h"
#include "SimulationResult.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

class TokenSigner;

// Mints the ID and access tokens Auth0 would issue after the rules allowed a login
// (reference/auth0-api.md §3): ID token aud = context.clientID, sub = user_id, profile and
// email claims by the requested scope, nonce and sid; access token aud = the requested
// audience (plus /userinfo with openid), azp, scope = the requested scopes or
// context.accessToken.scope. Custom claims from context.idToken/accessToken pass ClaimRules;
// each dropped one becomes a `claim-dropped` finding naming the rule that set it when its
// source shows it, else "chain".
class TokenMinter
{
public:
    struct Options
    {
        int idTokenLifetimeSecs = 36000; // Auth0's default ID token expiration
        int accessTokenLifetimeSecs = 86400; // an API's default token_lifetime
        bool sign = true; // false: claims only (bench)
    };

    struct Tokens
    {
        QJsonObject idClaims;
        QJsonObject accessClaims;
        QByteArray idToken; // empty when "openid" was not requested
        QByteArray accessToken;
        QList<Finding> findings;
        QString failure; // set when Auth0 would fail the login (custom claims over 100 KB)
    };

    explicit TokenMinter(const TokenSigner &signer)
        : m_signer(signer)
    {
    }
    TokenMinter(const TokenSigner &signer, Options options)
        : m_signer(signer)
        , m_options(options)
    {
    }

    Tokens mint(const QJsonObject &user, const QJsonObject &context, qint64 issuedAt,
                const RuleChain &chain) const;

    // The user's OIDC claims the scopes release (profile, email, phone; OpenID Connect Core
    // §5.4): what the ID token and /userinfo carry besides sub.
    static QJsonObject scopedProfileClaims(const QJsonObject &user, const QStringList &scopes);

    // The token behind the rules' `auth0.accessToken`: the Management API with read:users and
    // update:users, as Auth0 hands the sandbox (rules-runtime.md §2.1).
    static QByteArray managementToken(const TokenSigner &signer, const QString &clientId, qint64 issuedAt);

    // Which rule of `chain` set `claim` on context.idToken/accessToken, judged from the sources
    // (the host reports the context only once, after the last rule): its index and line, or -1.
    static int attribute(const QString &claim, ClaimRules::Token token, const RuleChain &chain, int *line);

private:
    bool isAuth0Api(const QString &audience) const;
    void addDropped(Tokens &tokens, const ClaimRules::Filtered &filtered, const RuleChain &chain) const;

    const TokenSigner &m_signer;
    Options m_options;
};
