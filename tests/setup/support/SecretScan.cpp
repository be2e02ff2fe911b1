// SPDX-License-Identifier: MIT
#include "SecretScan.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace {

bool isUnder(const QString &file, const QString &folder)
{
    const QString base = QDir::cleanPath(QFileInfo(folder).absoluteFilePath()) + QLatin1Char('/');
    return QDir::cleanPath(QFileInfo(file).absoluteFilePath()).startsWith(base);
}

} // namespace

SecretScan SecretScan::run(const QStringList &roots, const QByteArray &secret)
{
    SecretScan scan;
    if (secret.isEmpty())
        return scan;
    const QList<QPair<QString, QByteArray>> needles{
        {QStringLiteral("raw"), secret},
        {QStringLiteral("base64"), secret.toBase64(QByteArray::OmitTrailingEquals)},
        {QStringLiteral("base64url"), secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)},
        {QStringLiteral("hex"), secret.toHex()},
        {QStringLiteral("percent"), secret.toPercentEncoding()},
    };
    QSet<QString> seen;
    for (const QString &root : roots) {
        if (root.isEmpty() || !QFileInfo(root).isDir())
            continue;
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = QFileInfo(it.next()).absoluteFilePath();
            if (seen.contains(path) || !QFileInfo(path).isFile())
                continue;
            seen.insert(path);
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            scan.scannedFiles << path;
            const QByteArray content = file.readAll();
            for (const auto &[encoding, needle] : needles) {
                if (content.contains(needle) || (encoding == QLatin1String("hex") && content.contains(needle.toUpper())))
                    scan.hits.append({path, encoding});
            }
        }
    }
    return scan;
}

QList<SecretScan::Hit> SecretScan::hitsOutside(const QStringList &allowedFolders) const
{
    QList<Hit> outside;
    for (const Hit &hit : hits) {
        if (std::none_of(allowedFolders.begin(), allowedFolders.end(), [&](const QString &folder) { return isUnder(hit.file, folder); }))
            outside << hit;
    }
    return outside;
}

QList<SecretScan::Hit> SecretScan::hitsUnder(const QString &folder) const
{
    QList<Hit> under;
    for (const Hit &hit : hits) {
        if (isUnder(hit.file, folder))
            under << hit;
    }
    return under;
}

QString SecretScan::describe(const QList<Hit> &hits)
{
    QStringList lines;
    for (const Hit &hit : hits)
        lines << QStringLiteral("%1 (%2)").arg(hit.file, hit.encoding);
    return lines.join(QStringLiteral(", "));
}
