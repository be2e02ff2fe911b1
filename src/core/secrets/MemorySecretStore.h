// SPDX-License-Identifier: MIT
#pragma once

#include "SecretStore.h"

#include <QHash>

#include <mutex>

// Secrets for this session only, in memory: what the user may choose when no keychain is
// reachable. Nothing is written anywhere; everything is gone when the app quits.
class MemorySecretStore : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;

    void write(const QString &key, const SecretBytes &secret, QObject *context, Callback done) override;
    void read(const QString &key, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    QString description() const override { return tr("memory, for this session only"); }

private:
    void finish(QObject *context, Callback done, Result result);
    mutable std::mutex m_mutex; // jobs may come from worker threads (the setup runner's)
    QHash<QString, SecretBytes> m_secrets;
};
