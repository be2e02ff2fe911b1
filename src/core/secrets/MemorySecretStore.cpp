// SPDX-License-Identifier: MIT
#include "MemorySecretStore.h"

#include <QTimer>

// Answers are delivered from the event loop of the caller's thread, as the keychain's are, so
// callers cannot come to rely on a synchronous callback.
void MemorySecretStore::finish(QObject *context, Callback done, Result result)
{
    QTimer::singleShot(0, context, [done = std::move(done), result] { done(result); });
}

void MemorySecretStore::write(const QString &key, const SecretBytes &secret, QObject *context, Callback done)
{
    {
        std::lock_guard guard(m_mutex);
        m_secrets.insert(key, secret);
    }
    finish(context, std::move(done), {Status::Ok, {}, {}});
}

void MemorySecretStore::read(const QString &key, QObject *context, Callback done)
{
    std::unique_lock guard(m_mutex);
    const auto it = m_secrets.constFind(key);
    const Result result = it == m_secrets.constEnd() ? Result{Status::NotFound, QStringLiteral("no such entry"), {}}
                                                     : Result{Status::Ok, {}, *it};
    guard.unlock();
    finish(context, std::move(done), result);
}

void MemorySecretStore::remove(const QString &key, QObject *context, Callback done)
{
    {
        std::lock_guard guard(m_mutex);
        m_secrets.remove(key);
    }
    finish(context, std::move(done), {Status::Ok, {}, {}});
}
