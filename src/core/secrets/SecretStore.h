// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"

#include <QObject>
#include <QString>

#include <functional>

// Where Rulebench keeps secrets: the OS keychain (KeychainSecretStore), or, when the user
// chooses it because no keychain is reachable, memory for this session (MemorySecretStore).
// There is no plaintext fallback. Jobs are asynchronous; callbacks run on the calling thread
// and are dropped if `context` is destroyed first.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Ok,
        NotFound,   // no such entry (with a locked keychain this may also mean "locked")
        NoKeychain, // no Secret Service / keychain reachable
        Locked,     // the keychain refused: locked or access denied
        TimedOut,   // the keychain did not answer (often: waiting on an unlock prompt)
        Failed,
    };
    Q_ENUM(Status)

    struct Result
    {
        Status status = Status::Failed;
        QString message; // for people
        SecretBytes secret; // filled by read()
        bool isOk() const { return status == Status::Ok; }
    };
    using Callback = std::function<void(const Result &)>;

    using QObject::QObject;

    virtual void write(const QString &key, const SecretBytes &secret, QObject *context, Callback done) = 0;
    virtual void read(const QString &key, QObject *context, Callback done) = 0;
    virtual void remove(const QString &key, QObject *context, Callback done) = 0;
    // "OS keychain" / "this session only": shown next to every secret field.
    virtual QString description() const = 0;

    // For command-line tools and worker threads: runs a job and waits for it in a local event loop.
    Result writeAndWait(const QString &key, const SecretBytes &secret);
    Result readAndWait(const QString &key);
    Result removeAndWait(const QString &key);

    static QString statusText(Status status);
};
