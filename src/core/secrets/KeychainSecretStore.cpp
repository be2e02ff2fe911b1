// SPDX-License-Identifier: MIT
#include "KeychainSecretStore.h"

#include <QPointer>
#include <QThread>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <memory>

namespace {

// QtKeychain's errors on Linux, as measured in reference/keychain-ci.md §4.
SecretStore::Result resultOf(const QKeychain::Job *job)
{
    SecretStore::Result result;
    const QString text = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = SecretStore::Status::Ok;
        return result;
    case QKeychain::EntryNotFound:
        result.status = SecretStore::Status::NotFound;
        result.message = QStringLiteral("no such entry in the keychain (or the keychain is locked)");
        return result;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.status = SecretStore::Status::Locked;
        result.message = QStringLiteral("the keychain is locked or refused access: ") + text;
        return result;
    case QKeychain::NoBackendAvailable:
        result.status = SecretStore::Status::NoKeychain;
        break;
    case QKeychain::OtherError:
        result.status = text.contains(QLatin1String("org.freedesktop.secrets")) || text.contains(QLatin1String("autolaunch"))
                || text.contains(QLatin1String("Could not connect")) || text.contains(QLatin1String("Unknown error"))
                || text.contains(QLatin1String("does not exist at path"))
            ? SecretStore::Status::NoKeychain
            : SecretStore::Status::Failed;
        break;
    default:
        result.status = SecretStore::Status::Failed;
        break;
    }
    result.message = result.status == SecretStore::Status::NoKeychain
        ? QStringLiteral("no keychain is reachable (install and start gnome-keyring, KWallet or KeePassXC's "
                         "Secret Service): ") + text
        : QStringLiteral("the keychain failed: ") + text;
    return result;
}

// Calls `done` on the thread of `context`, unless `context` is gone by then.
void deliver(const QPointer<QObject> &guard, const SecretStore::Callback &done, const SecretStore::Result &result)
{
    if (!guard)
        return;
    QMetaObject::invokeMethod(guard.data(), [guard, done, result] {
        if (guard)
            done(result);
    });
}

// Runs a job with a deadline; exactly one call of `done`, unless `context` is gone.
void runJob(QKeychain::Job *job, int timeoutMs, QObject *context, SecretStore::Callback done,
            std::function<void(SecretStore::Result &)> onSuccess = {})
{
    job->setAutoDelete(false);
    QPointer<QObject> guard(context);
    auto finishedOnce = std::make_shared<bool>(false);
    auto *timer = new QTimer(job);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, job, [job, guard, done, finishedOnce] {
        if (*finishedOnce)
            return;
        *finishedOnce = true;
        // The job may still finish later; it is deleted then (see below).
        SecretStore::Result result;
        result.status = SecretStore::Status::TimedOut;
        result.message = QStringLiteral("the keychain did not answer (is it waiting for an unlock prompt?)");
        deliver(guard, done, result);
    });
    QObject::connect(job, &QKeychain::Job::finished, job, [job, guard, done, finishedOnce, onSuccess](QKeychain::Job *) {
        job->deleteLater();
        if (*finishedOnce)
            return;
        *finishedOnce = true;
        SecretStore::Result result = resultOf(job);
        if (result.isOk() && onSuccess)
            onSuccess(result);
        deliver(guard, done, result);
    });
    timer->start(timeoutMs);
    job->start();
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, int timeoutMs, QObject *parent)
    : SecretStore(parent), m_service(service), m_timeoutMs(timeoutMs)
{
}

// QtKeychain's job executor is a singleton that lives in the thread of the first job, so
// jobs from worker threads (the setup runner's) would leave it on a thread that ends. Every
// job is therefore started on this store's thread; answers go back to the caller's thread.
void KeychainSecretStore::onOwnThread(std::function<void()> start)
{
    if (QThread::currentThread() == thread())
        start();
    else
        QMetaObject::invokeMethod(this, std::move(start));
}

void KeychainSecretStore::write(const QString &key, const SecretBytes &secret, QObject *context, Callback done)
{
    onOwnThread([this, key, secret, context = QPointer<QObject>(context), done = std::move(done)] {
        auto *job = new QKeychain::WritePasswordJob(m_service);
        job->setKey(key);
        job->setBinaryData(secret.reveal());
        runJob(job, m_timeoutMs, context, done);
    });
}

void KeychainSecretStore::read(const QString &key, QObject *context, Callback done)
{
    onOwnThread([this, key, context = QPointer<QObject>(context), done = std::move(done)] {
        auto *job = new QKeychain::ReadPasswordJob(m_service);
        job->setKey(key);
        runJob(job, m_timeoutMs, context, done, [job](SecretStore::Result &result) {
            result.secret = SecretBytes(job->binaryData());
        });
    });
}

void KeychainSecretStore::remove(const QString &key, QObject *context, Callback done)
{
    onOwnThread([this, key, context = QPointer<QObject>(context), done = std::move(done)] {
        auto *job = new QKeychain::DeletePasswordJob(m_service);
        job->setKey(key);
        runJob(job, m_timeoutMs, context, done);
    });
}
