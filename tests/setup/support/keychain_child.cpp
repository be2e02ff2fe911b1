// SPDX-License-Identifier: MIT
// A child process for tst_keychainsecretstore: one KeychainSecretStore job in a process whose
// environment the test chose (a dead session bus, a bus that never answers). The session bus
// connection is per process, so these cases cannot run inside the test itself.
//   keychain_child write|read|remove KEY TIMEOUT_MS   (write: the secret comes on stdin)
// Prints one JSON line: {"status": "...", "message": "...", "elapsed_ms": N, "secret": "..."}.
#include "common/JsonUtil.h"
#include "secrets/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QMetaEnum>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: keychain_child write|read|remove KEY TIMEOUT_MS\n");
        return 2;
    }
    const QString op = args.at(1);
    const QString key = args.at(2);
    KeychainSecretStore store(QStringLiteral("rulebench"), args.at(3).toInt());
    QElapsedTimer elapsed;
    elapsed.start();
    SecretStore::Result result;
    if (op == QLatin1String("write")) {
        QFile in;
        in.open(stdin, QIODevice::ReadOnly);
        result = store.writeAndWait(key, SecretBytes(in.readAll()));
    } else if (op == QLatin1String("read")) {
        result = store.readAndWait(key);
    } else {
        result = store.removeAndWait(key);
    }
    const QJsonObject json{{QStringLiteral("status"), QString::fromLatin1(QMetaEnum::fromType<SecretStore::Status>().valueToKey(int(result.status)))},
                           {QStringLiteral("message"), result.message},
                           {QStringLiteral("elapsed_ms"), double(elapsed.elapsed())},
                           {QStringLiteral("secret"), QString::fromUtf8(result.secret.reveal())}};
    std::printf("%s\n", JsonUtil::compact(json).constData());
    std::fflush(stdout);
    return result.isOk() ? 0 : 1;
}
