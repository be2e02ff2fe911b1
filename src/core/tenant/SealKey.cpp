// SPDX-License-Identifier: MIT
#include "SealKey.h"

#include "crypto/Sealer.h"
#include "secrets/SecretStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

QString SealKey::keychainEntry(const QString &dataFile)
{
    const QString path = QFileInfo(dataFile).absoluteFilePath();
    const QByteArray id = QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QStringLiteral("local-tenant/%1/seal-key").arg(QString::fromLatin1(id));
}

SealKey SealKey::forDataFile(SecretStore &secrets, const QString &dataFile, bool allowKeyFile)
{
    SealKey result;
    const QString entry = keychainEntry(dataFile);
    const SecretStore::Result read = secrets.readAndWait(entry);
    const bool fileExists = QFileInfo::exists(dataFile) && QFileInfo(dataFile).size() > 0;
    if (read.isOk()) {
        result.key = read.secret;
        result.storedIn = secrets.description();
        return result;
    }
    if (read.status == SecretStore::Status::NotFound && !QFileInfo::exists(dataFile + QStringLiteral(".key"))) {
        // First start of this file (or a file from before sealing): make the key.
        result.key = Sealer::newKey();
        const SecretStore::Result written = secrets.writeAndWait(entry, result.key);
        if (written.isOk()) {
            result.storedIn = secrets.description();
            return result;
        }
        result.error = written.message;
    } else if (read.status != SecretStore::Status::NotFound) {
        result.error = read.message;
    }
    const bool keychainMissing = read.status == SecretStore::Status::NoKeychain || read.status == SecretStore::Status::NotFound;
    if (!allowKeyFile || !keychainMissing) {
        if (result.error.isEmpty())
            result.error = fileExists ? QStringLiteral("the keychain has no seal key for %1").arg(dataFile) : read.message;
        result.key = SecretBytes();
        return result;
    }
    // No keychain on this machine: a key file beside the data, readable by the owner only.
    QFile keyFile(dataFile + QStringLiteral(".key"));
    if (keyFile.exists()) {
        if (!keyFile.open(QIODevice::ReadOnly)) {
            result.error = QStringLiteral("cannot read %1: %2").arg(keyFile.fileName(), keyFile.errorString());
            return result;
        }
        result.key = SecretBytes(QByteArray::fromBase64(keyFile.readAll().trimmed()));
    } else {
        result.key = Sealer::newKey();
        if (!keyFile.open(QIODevice::WriteOnly | QIODevice::NewOnly)
            || !keyFile.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
            || keyFile.write(result.key.reveal().toBase64()) < 0) {
            result.error = QStringLiteral("cannot write %1: %2").arg(keyFile.fileName(), keyFile.errorString());
            result.key = SecretBytes();
            return result;
        }
    }
    result.error.clear();
    result.storedIn = keyFile.fileName();
    return result;
}
