// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

// Looks for a secret in every file under some folders: as raw bytes and in the encodings a
// careless writer would use (base64, base64url, hex, percent-encoding).
struct SecretScan
{
    struct Hit
    {
        QString file;
        QString encoding;
    };
    QStringList scannedFiles;
    QList<Hit> hits;

    static SecretScan run(const QStringList &roots, const QByteArray &secret);
    // Hits outside the given folders ("…/keyrings" of the Secret Service).
    QList<Hit> hitsOutside(const QStringList &allowedFolders) const;
    QList<Hit> hitsUnder(const QString &folder) const;
    static QString describe(const QList<Hit> &hits);
};
