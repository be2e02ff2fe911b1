// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"

#include <QString>

class SecretStore;

// The key that seals a local tenant data file's secrets at rest: one per data file, kept in
// the OS keychain (entry local-tenant/<file id>/seal-key), made on the file's first start.
// `rulebench-cli serve` on a machine without a keychain may keep it in FILE.key (mode 0600)
// instead, and says so; the GUI never does (it runs the tenant in memory then).
struct SealKey
{
    SecretBytes key;
    QString storedIn; // "the OS keychain" or the key file's path
    QString error;    // set when no key could be had

    static SealKey forDataFile(SecretStore &secrets, const QString &dataFile, bool allowKeyFile);
    static QString keychainEntry(const QString &dataFile);
};
