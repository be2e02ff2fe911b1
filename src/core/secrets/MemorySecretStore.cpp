// SPDX-License-Identifier: MIT
#include "MemorySecretStore.h"

#include <QPointer>
#include <QTimer>

// Answers are delivered from the event loop, as the keychain's are, so callers cannot come
// to rely on a synchronous callback.
void MemorySecretStore::finish(QObject *context, Callback done, Result result)
{
    QPointer<QObject> guard(context);
    QTimer::singleShot(0, this, [guard, done = std::move(done), result] {
        if (guard)
            done(result);
    });
}

void MemorySecretStore::write(const QString &key, const SecretBytes &secret, QObject *context, Callback done)
{
    m_secrets.insert(key, secret);
    finish(context, std::move(done), {Status::Ok, {}, {}});
}

void MemorySecretStore::read(const QString &key, QObject *context, Callback done)
{
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.constEnd())
        finish(context, std::move(done), {Status::NotFound, QStringLiteral("no such entry"), {}});
    else
        finish(context, std::move(done), {Status::Ok, {}, *it});
}

void MemorySecretStore::remove(const QString &key, QObject *context, Callback done)
{
    m_secrets.remove(key);
    finish(context, std::move(done), {Status::Ok, {}, {}});
}
