// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

// Proof Key for Code Exchange (RFC 7636), for a client starting an authorization-code login
// (the GUI's live login) and for the local tenant checking one.
namespace Pkce {

// A fresh code_verifier: 43 characters of base64url from 32 random bytes (§4.1).
QByteArray makeVerifier();
// code_challenge for method S256: BASE64URL(SHA256(verifier)) (§4.2).
QByteArray challengeS256(const QByteArray &verifier);
// §4.1: 43 to 128 characters of [A-Za-z0-9-._~].
bool isWellFormedVerifier(const QByteArray &verifier);
// Whether `verifier` answers `challenge` made with `method` ("S256" or "plain"), in constant time.
bool verify(const QByteArray &verifier, const QByteArray &challenge, const QString &method);

} // namespace Pkce
