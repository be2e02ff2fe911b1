// SPDX-License-Identifier: MIT
#include "SecretStore.h"

#include <QEventLoop>

namespace {

SecretStore::Result wait(const std::function<void(QObject *, SecretStore::Callback)> &start)
{
    QEventLoop loop;
    SecretStore::Result result;
    bool finished = false;
    start(&loop, [&](const SecretStore::Result &r) {
        result = r;
        finished = true;
        loop.quit();
    });
    if (!finished)
        loop.exec();
    return result;
}

} // namespace

SecretStore::Result SecretStore::writeAndWait(const QString &key, const SecretBytes &secret)
{
    return wait([&](QObject *context, Callback done) { write(key, secret, context, std::move(done)); });
}

SecretStore::Result SecretStore::readAndWait(const QString &key)
{
    return wait([&](QObject *context, Callback done) { read(key, context, std::move(done)); });
}

SecretStore::Result SecretStore::removeAndWait(const QString &key)
{
    return wait([&](QObject *context, Callback done) { remove(key, context, std::move(done)); });
}

QString SecretStore::statusText(Status status)
{
    switch (status) {
    case Status::Ok: return QStringLiteral("ok");
    case Status::NotFound: return QStringLiteral("not found");
    case Status::NoKeychain: return QStringLiteral("no keychain");
    case Status::Locked: return QStringLiteral("keychain locked");
    case Status::TimedOut: return QStringLiteral("keychain not answering");
    case Status::Failed: return QStringLiteral("failed");
    }
    return {};
}
