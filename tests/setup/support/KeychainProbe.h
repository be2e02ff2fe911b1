// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// The Secret Service as a test sees it, independently of QtKeychain: through `secret-tool`
// (libsecret-tools). QtKeychain stores an entry with attributes user=<key>, server=<service>,
// and binary data base64-encoded with type=base64 (checked by lookup()).
namespace KeychainProbe {

// Empty when the Secret Service is usable, else why not: no session bus (run the tests
// through tests/headless-session.sh), no secret-tool, or secret-tool cannot store an item.
// Probed once per process with a throwaway item; never waits more than a few seconds.
QString unavailableReason();

struct Entry
{
    QByteArray secret;   // decoded when the item says type=base64
    QString type;        // the item's "type" attribute as found
};
// The item user=<key> server=rulebench; nullopt if there is none.
std::optional<Entry> lookup(const QString &key, QString *error = nullptr);
bool clear(const QString &key);

} // namespace KeychainProbe
