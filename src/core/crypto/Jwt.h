// SPDX-License-Identifier: MIT
#pragma once

#include "JwkSet.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

class RsaKey;

// A compact JWS, split and decoded. Decoding never checks the signature: see verifyJwt().
struct Jwt
{
    QJsonObject header;
    QJsonObject payload;
    QByteArray signingInput; // "<header>.<payload>" as received
    QByteArray signature;

    static std::optional<Jwt> decode(const QByteArray &token, QString *error = nullptr);
    // `type` is the header's typ: "JWT", or "at+jwt" for RFC 9068 access tokens.
    static QByteArray signRs256(const QJsonObject &payload, const RsaKey &key, const QString &kid,
                                const QString &type = QStringLiteral("JWT"));
    // For APIs whose signing_alg is HS256: signed with the API's signing secret.
    static QByteArray signHs256(const QJsonObject &payload, const QByteArray &secret);
};

enum class JwtStatus {
    Valid,
    Malformed,
    UnsupportedAlgorithm,
    UnknownKey,
    BadSignature,
    Expired,
    NotYetValid,
    WrongAudience,
    WrongIssuer,
};

struct JwtExpectations
{
    QString issuer;        // empty: not checked
    QStringList audiences; // the token's aud must contain one of these; empty: not checked
    qint64 now = 0;        // seconds since the epoch
    int leewaySecs = 0;
    bool requireExpiry = false; // a token without a numeric exp is Malformed
};

struct JwtVerification
{
    JwtStatus status = JwtStatus::Malformed;
    QString message; // for people: says what is wrong with the token
    Jwt token;
    bool isValid() const { return status == JwtStatus::Valid; }
};

JwtVerification verifyJwt(const QByteArray &token, const JwkSet &keys, const JwtExpectations &expect);
