// SPDX-License-Identifier: MIT
#pragma once

#include "SecretStore.h"

// The OS keychain through QtKeychain 0.13 (libsecret / Secret Service on Linux). QtKeychain
// has no timeout and a job can wait forever on an unlock prompt (reference/keychain-ci.md §3),
// so every job here has one. setInsecureFallback() is never used: on Linux it is silently
// ignored on the libsecret path anyway, and we want no plaintext fallback at all.
class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(const QString &service = QStringLiteral("rulebench"), int timeoutMs = 10000,
                                 QObject *parent = nullptr);

    void write(const QString &key, const SecretBytes &secret, QObject *context, Callback done) override;
    void read(const QString &key, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    QString description() const override { return tr("the OS keychain"); }

private:
    void onOwnThread(std::function<void()> start);

    QString m_service;
    int m_timeoutMs;
};
